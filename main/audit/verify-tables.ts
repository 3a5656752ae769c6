import type { Db } from '../db/database';
import { rowMac, type ChainedRow } from './chain';
import { CHAINED_TABLES, UNCHAINED_COLUMNS, type ChainedTable, type RowEventDetail, type RowImage } from './row-events';

type Problem = { seq: number; problem: string };

function tableExists(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/**
 * Checks `cases` and `bookings` against the chain: each row must equal the row its latest
 * `row.*` event recorded (and that event's MAC must hold, since start-up does not walk old
 * rows); a row with no event was added outside the app; an event whose row is gone was
 * deleted outside the app. Columns added after a row was recorded are not compared.
 */
export function verifyTables(db: Db, key: Buffer, keyedFrom: number): Problem[] {
  const problems: Problem[] = [];
  for (const table of Object.keys(CHAINED_TABLES) as ChainedTable[]) {
    if (!tableExists(db, table)) {
      problems.push({ seq: 0, problem: `the ${table} table is missing` });
      continue;
    }
    const latest = latestEvents(db, table);
    const byEvent = db.prepare('SELECT * FROM audit_events WHERE seq = ?');
    const rows = db.prepare(`SELECT * FROM ${table}`).iterate() as IterableIterator<RowImage>;
    const seen = new Set<string>();
    for (const row of rows) {
      const id = String(row['id']);
      seen.add(id);
      const seq = latest.get(id);
      if (seq === undefined) {
        problems.push({ seq: 0, problem: `${table} row ${id} is not in the audit trail (added outside the app)` });
        continue;
      }
      const event = byEvent.get(seq) as (ChainedRow & { hash: string }) | undefined;
      if (event === undefined || seq < keyedFrom || rowMac(key, event) !== event.hash) {
        problems.push({ seq, problem: `the audit event recording ${table} row ${id} does not match its MAC (edited)` });
        continue;
      }
      const recorded = (JSON.parse(event.detail) as RowEventDetail).row;
      const changed = Object.keys(recorded).filter((column) => !UNCHAINED_COLUMNS[table].includes(column) && JSON.stringify(recorded[column]) !== JSON.stringify(row[column]));
      if (changed.length > 0) {
        problems.push({ seq, problem: `${table} row ${id} differs from the audit trail in ${changed.join(', ')} (edited outside the app)` });
      }
    }
    for (const [id, seq] of latest) {
      if (!seen.has(id)) problems.push({ seq, problem: `${table} row ${id} is in the audit trail but not in the table (deleted outside the app)` });
    }
  }
  return problems;
}

/** Row id → seq of its newest `row.*` event; the type is a literal so migration 009's partial index applies. */
function latestEvents(db: Db, table: ChainedTable): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT json_extract(detail, '$.rowId') AS rowId, max(seq) AS seq FROM audit_events
       WHERE type = '${CHAINED_TABLES[table]}' GROUP BY json_extract(detail, '$.rowId')`,
    )
    .all() as { rowId: string; seq: number }[];
  return new Map(rows.map((r) => [r.rowId, r.seq]));
}
