import type { Db } from '../db/database';
import type { AuditEventInput } from './event';

/** The tables whose every change is also an audit event, and the event type that records it. */
export const CHAINED_TABLES = { cases: 'row.case', bookings: 'row.booking' } as const;
export type ChainedTable = keyof typeof CHAINED_TABLES;

/**
 * Columns that are the reconciler's working schedule (when to ask the Provider next), not the
 * booking's state: they change without a state change, so they are neither recorded nor compared.
 */
export const UNCHAINED_COLUMNS: Readonly<Record<ChainedTable, readonly string[]>> = { cases: [], bookings: ['next_check_at', 'checks'] };

/** A row exactly as SQLite holds it after the write: column name → value. */
export type RowImage = Record<string, string | number | null>;

/** What a `row.*` event's detail carries: enough to rebuild the row. */
export interface RowEventDetail {
  table: ChainedTable;
  rowId: string;
  row: RowImage;
}

/**
 * The event that records one row's new state. Every column is kept, so columns another change
 * adds later are covered without touching this code.
 */
export function rowEvent(table: ChainedTable, caseId: string, row: RowImage): AuditEventInput {
  const rowId = row['id'];
  if (typeof rowId !== 'string') throw new Error(`a ${table} row without a text id cannot be chained`);
  const recorded = Object.fromEntries(Object.entries(row).filter(([column]) => !UNCHAINED_COLUMNS[table].includes(column)));
  return { type: CHAINED_TABLES[table], caseId, outcome: 'saved', detail: { table, rowId, row: recorded } satisfies RowEventDetail };
}

/** Reads a row back by id, as written, inside the caller's transaction. */
export function readRow(db: Db, table: ChainedTable, id: string): RowImage {
  const row = db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as RowImage | undefined;
  if (row === undefined) throw new Error(`the ${table} row just written is not there`);
  return row;
}
