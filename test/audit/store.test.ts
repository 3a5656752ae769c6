import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditStore, verifyAuditChain } from '../../main/audit';
import { closeDatabase, DatabaseTooNewError, migrate, openDatabase } from '../../main/db/database';
import { MIGRATIONS } from '../../main/db/migrations';

function freshStore() {
  const path = join(mkdtempSync(join(tmpdir(), 'bw-audit-')), 'workstation.sqlite');
  const db = openDatabase(path);
  return { path, db, audit: new AuditStore(db, { userId: 'jsmith', workstation: 'ws-01' }) };
}

/** What someone with a SQLite tool could do: drop the guards, then edit. */
function tamper(db: ReturnType<typeof openDatabase>, sql: string): void {
  db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
  db.exec(sql);
}

describe('the database', () => {
  it('migrates an empty file to the newest schema, in WAL with synchronous=FULL', () => {
    const { db } = freshStore();
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('refuses a file written by a newer version of the app', () => {
    const { db } = freshStore();
    db.pragma('user_version = 999');
    expect(() => migrate(db, MIGRATIONS)).toThrow(DatabaseTooNewError);
  });

  it('refuses a migration registry that is not increasing', () => {
    const { db } = freshStore();
    const [first, second] = MIGRATIONS;
    if (first === undefined || second === undefined) throw new Error('needs two migrations');
    expect(() => migrate(db, [second, first])).toThrow('not above the one before it');
  });
});

describe('the audit store', () => {
  it('appends events with identity, time and a hash chain, and they survive reopening', () => {
    const { path, db, audit } = freshStore();
    const first = audit.append({ type: 'case.opened', caseId: 'c1', outcome: 'ok', detail: { dispositionCode: 'Dx05' } });
    const second = audit.append({ type: 'slots.search.outcome', caseId: 'c1', httpStatus: 200, requestId: 'r-1', outcome: 'ok' });
    expect(second.seq).toBe(first.seq + 1);
    expect(second.prevHash).toBe(first.hash);
    expect(first).toMatchObject({ userId: 'jsmith', workstation: 'ws-01' });
    closeDatabase(db);
    const reopened = openDatabase(path);
    const events = new AuditStore(reopened, { userId: 'x', workstation: 'y' }).eventsForCase('c1');
    expect(events.map((e) => e.type)).toEqual(['case.opened', 'slots.search.outcome']);
    expect(events[0]?.detail).toEqual({ dispositionCode: 'Dx05' });
    expect(verifyAuditChain(reopened)).toMatchObject({ ok: true, checked: 2 });
  });

  it('refuses updates and deletes through SQL', () => {
    const { db, audit } = freshStore();
    audit.append({ type: 'case.opened' });
    expect(() => db.exec("UPDATE audit_events SET outcome = 'x'")).toThrow('append-only');
    expect(() => db.exec('DELETE FROM audit_events')).toThrow('append-only');
  });

  it('verify finds an edited row', () => {
    const { db, audit } = freshStore();
    for (let i = 0; i < 5; i++) audit.append({ type: 'booking.outcome', outcome: 'booked' });
    tamper(db, "UPDATE audit_events SET outcome = 'error' WHERE seq = 3");
    const result = verifyAuditChain(db);
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual({ seq: 3, problem: expect.stringContaining('edited') as string });
  });

  it('verify finds a deleted row in the middle and at the end', () => {
    const { db, audit } = freshStore();
    for (let i = 0; i < 5; i++) audit.append({ type: 'booking.outcome', outcome: 'booked' });
    tamper(db, 'DELETE FROM audit_events WHERE seq = 2');
    expect(verifyAuditChain(db).problems.map((p) => p.problem).join(' ')).toContain('rows 2–2 are missing');
    db.exec('DELETE FROM audit_events WHERE seq = 5');
    expect(verifyAuditChain(db).problems.map((p) => p.problem).join(' ')).toContain('at the end are missing');
  });
});
