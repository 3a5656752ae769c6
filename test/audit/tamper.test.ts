import { StoreProblem } from '../../main/db/storage-fault';
import { copyFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rowHash } from '../../main/audit/chain';
import type { Db } from '../../main/db/database';
import { dropGuards, folder, forgeAppend, fullVerify, openTrail, populatedFolder, raw, readKey, reanchor, rechain, restoreGuards, type DataFolder } from './world';

/**
 * The tamper trial: 23 ways someone with write access to the data file (but not the key, and
 * not able to rewrite the anchors) changes the record. Each must be found by the full check
 * (`npm run audit:verify`) and by the check the app runs at start.
 */
interface Variant {
  name: string;
  tamper: (db: Db, f: DataFolder) => void | Promise<void>;
  /**
   * Start-up walks only the rows after the last verified point (it must be quick), so an edit
   * confined to an older row that no current case or booking depends on is found by the full
   * check (`npm run audit:verify`, the audit:verify channel), not at start.
   */
  foundOnlyByFullCheck?: true;
}

const seqOf = (db: Db, type: string, nth = 0): number =>
  (db.prepare('SELECT seq FROM audit_events WHERE type = ? ORDER BY seq LIMIT 1 OFFSET ?').get(type, nth) as { seq: number }).seq;
const head = (db: Db): number => (db.prepare('SELECT max(seq) AS s FROM audit_events').get() as { s: number }).s;

const VARIANTS: Variant[] = [
  {
    name: 'edit a booking outcome',
    tamper: (db) => { dropGuards(db); db.prepare("UPDATE audit_events SET outcome = 'error' WHERE seq = ?").run(seqOf(db, 'booking.outcome')); restoreGuards(db); },
    foundOnlyByFullCheck: true,
  },
  {
    name: 'edit a row and recompute sha256 for it and every row after',
    tamper: (db) => { dropGuards(db); const s = seqOf(db, 'booking.outcome'); db.prepare("UPDATE audit_events SET outcome = 'error' WHERE seq = ?").run(s); rechain(db, s); restoreGuards(db); },
  },
  { name: 'delete a row in the middle', tamper: (db) => { dropGuards(db); db.prepare('DELETE FROM audit_events WHERE seq = ?').run(seqOf(db, 'booking.attempt', 1)); restoreGuards(db); } },
  {
    name: 'delete a row, renumber and recompute the chain after it',
    tamper: (db) => { dropGuards(db); const s = seqOf(db, 'booking.attempt', 1); db.prepare('DELETE FROM audit_events WHERE seq = ?').run(s); rechain(db, s); restoreGuards(db); },
  },
  { name: 'renumber the newest row', tamper: (db) => { dropGuards(db); db.prepare('UPDATE audit_events SET seq = seq + 1 WHERE seq = ?').run(head(db)); restoreGuards(db); } },
  {
    name: 'reorder two rows (swap their numbers) and relink',
    tamper: (db) => {
      dropGuards(db);
      const a = seqOf(db, 'booking.attempt', 0);
      const b = seqOf(db, 'booking.outcome', 0);
      db.prepare('UPDATE audit_events SET seq = -1 WHERE seq = ?').run(a);
      db.prepare('UPDATE audit_events SET seq = ? WHERE seq = ?').run(a, b);
      db.prepare('UPDATE audit_events SET seq = ? WHERE seq = -1').run(b);
      rechain(db, a);
      restoreGuards(db);
    },
  },
  { name: 'forge an append with a recomputed sha256', tamper: (db) => forgeAppend(db, rowHash) },
  { name: 'forge an append with a valid-looking hash', tamper: (db) => forgeAppend(db, () => 'ab'.repeat(32)) },
  { name: 'truncate the tail', tamper: (db) => { dropGuards(db); db.prepare('DELETE FROM audit_events WHERE seq > ?').run(head(db) - 3); restoreGuards(db); } },
  {
    name: 'truncate the tail and lower sqlite_sequence',
    tamper: (db) => { dropGuards(db); const h = head(db) - 3; db.prepare('DELETE FROM audit_events WHERE seq > ?').run(h); db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_events'").run(h); restoreGuards(db); },
  },
  { name: 'wipe the table and its sqlite_sequence', tamper: (db) => { dropGuards(db); db.exec("DELETE FROM audit_events; DELETE FROM sqlite_sequence WHERE name = 'audit_events';"); restoreGuards(db); } },
  {
    name: 'drop and recreate the table, empty',
    tamper: (db) => {
      const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'audit_events'").get() as { sql: string }).sql;
      db.exec(`DROP TABLE audit_events; ${sql};`);
      restoreGuards(db);
    },
  },
  {
    name: 'drop and recreate the table refilled with a sha256 chain minus one booking',
    tamper: (db) => {
      const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'audit_events'").get() as { sql: string }).sql;
      db.exec(`CREATE TABLE keep AS SELECT * FROM audit_events WHERE type <> 'booking.outcome'; DROP TABLE audit_events; ${sql}; INSERT INTO audit_events SELECT * FROM keep ORDER BY seq; DROP TABLE keep;`);
      rechain(db, 1);
      restoreGuards(db);
    },
  },
  { name: 'drop the append-only triggers', tamper: (db) => dropGuards(db) },
  {
    name: 'drop the triggers, rewrite a row with sha256, recreate the triggers',
    tamper: (db) => { dropGuards(db); const s = seqOf(db, 'case.closed'); db.prepare("UPDATE audit_events SET type = 'case.patient-updated' WHERE seq = ?").run(s); rechain(db, s); restoreGuards(db); },
  },
  { name: 'edit a cases row', tamper: (db, f) => void db.prepare("UPDATE cases SET status = 'open', doc = json_set(doc, '$.status', 'open') WHERE id = ?").run(f.caseIds[1]) },
  { name: 'edit a bookings row', tamper: (db, f) => void db.prepare("UPDATE bookings SET status = 'cancelled', doc = json_set(doc, '$.status', 'cancelled') WHERE id = ?").run(f.bookingIds[0]) },
  { name: 'delete a booking', tamper: (db, f) => void db.prepare('DELETE FROM bookings WHERE id = ?').run(f.bookingIds[1]) },
  {
    name: 'insert a booking the app never made',
    tamper: (db, f) => void db.prepare("INSERT INTO bookings (id, case_id, status, slot_start, created_at, updated_at, doc) SELECT 'a1b2c3d4-0000-4000-8000-0000000000ff', case_id, status, slot_start, created_at, updated_at, doc FROM bookings WHERE id = ?").run(f.bookingIds[0]),
  },
  {
    name: 'edit a booking and the audit event that records it, consistently',
    tamper: (db, f) => {
      dropGuards(db);
      db.prepare("UPDATE bookings SET status = 'cancelled' WHERE id = ?").run(f.bookingIds[2]);
      db.prepare("UPDATE audit_events SET detail = json_set(detail, '$.row.status', 'cancelled') WHERE type = 'row.booking' AND json_extract(detail, '$.rowId') = ?").run(f.bookingIds[2]);
      rechain(db, seqOf(db, 'audit.chain-keyed'));
      restoreGuards(db);
    },
  },
  {
    name: 'downgrade to an unkeyed chain: drop the keyed start, recompute sha256, delete the head log',
    tamper: (db, f) => {
      dropGuards(db);
      db.prepare("DELETE FROM audit_events WHERE type = 'audit.chain-keyed'").run();
      rechain(db, 1);
      restoreGuards(db);
      rmSync(f.headLogPath);
    },
  },
  { name: 'truncate the file to zero length', tamper: (_db, f) => { rmSync(`${f.dbPath}-wal`, { force: true }); rmSync(`${f.dbPath}-shm`, { force: true }); truncateSync(f.dbPath, 0); } },
  { name: 'replace the whole file with an older copy (rollback)', tamper: (_db, f) => copyFileSync(`${f.dbPath}.older`, f.dbPath) },
];

/** Applies one variant to a fresh, populated data folder, as an attacker with only the file would. */
async function tampered(variant: Variant): Promise<DataFolder> {
  const f = await populatedFolder();
  // The older copy for the rollback: what the file was before the last case's events.
  copyFileSync(f.dbPath, `${f.dbPath}.older`);
  const app = await openTrail(f);
  app.trail.audit.append({ type: 'case.closed', caseId: f.caseIds[2] ?? '', outcome: 'ok' });
  await app.close();
  const db = raw(f);
  try {
    await variant.tamper(db, f);
  } finally {
    if (db.open) db.close();
  }
  return f;
}

describe('the tamper trial', () => {
  it('has 23 variants', () => expect(VARIANTS).toHaveLength(23));

  it('an untouched store verifies, fully and at start, and reports the last anchored point', async () => {
    const f = await populatedFolder();
    const full = await fullVerify(f);
    expect(full.problems).toEqual([]);
    expect(full.lastAnchored).toMatchObject({ anchor: 'head log', seq: full.head });
    const app = await openTrail(f);
    expect(app.trail.status).toMatchObject({ ok: true, lastAnchored: { seq: full.head } });
    await app.close();
  });

  it('every variant is detected by audit:verify (23/23); at start all but an edit of an old, already verified row', async () => {
    const missedByVerify: string[] = [];
    const missedAtStart: string[] = [];
    for (const variant of VARIANTS) {
      const f = await tampered(variant);
      const full = await fullVerify(f);
      if (full.ok) missedByVerify.push(variant.name);
      // An emptied or damaged file is refused before the trail is even read: found at start.
      const app = await openTrail(f).catch((error: unknown) => {
        if (error instanceof StoreProblem) return undefined;
        throw error;
      });
      if (app?.trail.status.ok === true) missedAtStart.push(variant.name);
      await app?.close();
    }
    const tried = VARIANTS.length;
    console.log(`tamper variants: verify detected ${String(tried - missedByVerify.length)}/${String(tried)}, start-up detected ${String(tried - missedAtStart.length)}/${String(tried)}`);
    expect(missedByVerify).toEqual([]);
    expect(missedAtStart).toEqual(VARIANTS.filter((v) => v.foundOnlyByFullCheck === true).map((v) => v.name));
  }, 120_000);
});

describe('the start-up check', () => {
  it('walks only the rows after the last verified point, and still finds an edit there', async () => {
    const f = await populatedFolder();
    const first = await openTrail(f);
    const verifiedHead = first.trail.start.head;
    first.trail.audit.append({ type: 'booking.outcome', caseId: f.caseIds[0] ?? '', outcome: 'booked' });
    await first.close();
    const db = raw(f);
    dropGuards(db);
    db.prepare("UPDATE audit_events SET outcome = 'error' WHERE seq = ?").run(head(db));
    restoreGuards(db);
    db.close();
    const again = await openTrail(f);
    expect(again.trail.start).toMatchObject({ ok: false, from: verifiedHead + 1, checked: 1 });
    expect(again.trail.status.message).toContain('failed its check at start');
    await again.close();
  });

  it('after a failure it stops anchoring, so the evidence in the head log survives later starts', async () => {
    const f = await populatedFolder();
    const db = raw(f);
    dropGuards(db);
    db.prepare('DELETE FROM audit_events WHERE seq > ?').run(head(db) - 2);
    restoreGuards(db);
    db.close();
    for (let run = 0; run < 2; run++) {
      const app = await openTrail(f);
      expect(app.trail.status.ok).toBe(false);
      for (let i = 0; i < 5; i++) app.trail.audit.append({ type: 'slots.search.outcome', outcome: 'ok' });
      await app.close();
    }
    expect((await fullVerify(f)).ok).toBe(false);
  });
});

describe('what cannot be detected', () => {
  it('an attacker who holds the key and can rewrite the head log rewrites history undetected (documented in the README)', async () => {
    const f = await populatedFolder();
    const key = readKey(f);
    const db = raw(f);
    dropGuards(db);
    db.prepare("UPDATE bookings SET status = 'cancelled', doc = json_set(doc, '$.status', 'cancelled') WHERE id = ?").run(f.bookingIds[0]);
    db.prepare("UPDATE audit_events SET outcome = 'error' WHERE type = 'booking.outcome' AND json_extract(detail, '$.bookingId') = ?").run(f.bookingIds[0]);
    const image = db.prepare('SELECT * FROM bookings WHERE id = ?').get(f.bookingIds[0]);
    db.prepare("UPDATE audit_events SET detail = json_set(detail, '$.row', json(?)) WHERE seq = (SELECT max(seq) FROM audit_events WHERE type = 'row.booking' AND json_extract(detail, '$.rowId') = ?)").run(JSON.stringify(image), f.bookingIds[0]);
    rechain(db, 1, key);
    restoreGuards(db);
    db.exec('DELETE FROM audit_verified');
    reanchor(f, db, key);
    db.close();
    const full = await fullVerify(f);
    expect(full.problems).toEqual([]);
    expect(full.ok).toBe(true);
  });
});

describe('the head log', () => {
  it('a fresh install creates the key (0600) and the head log (0600) on first start', async () => {
    const f = folder();
    const app = await openTrail(f);
    app.trail.audit.append({ type: 'app.started' });
    await app.close();
    const { statSync } = await import('node:fs');
    expect(statSync(f.keyPath).mode & 0o777).toBe(0o600);
    expect(statSync(f.headLogPath).mode & 0o777).toBe(0o600);
    expect((await fullVerify(f)).ok).toBe(true);
  });

  it('a line torn by a power cut is dropped, and the log keeps working', async () => {
    const f = await populatedFolder();
    writeFileSync(f.headLogPath, '999 2026-12-02T00:00', { flag: 'a' });
    const app = await openTrail(f);
    expect(app.trail.status.ok).toBe(true);
    app.trail.audit.append({ type: 'app.started' });
    await app.close();
    expect(await fullVerify(f)).toMatchObject({ ok: true, lastAnchored: { anchor: 'head log' } });
  });
});
