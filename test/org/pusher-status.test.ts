import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../main/db/database';
import { OrgOutbox } from '../../main/org/outbox';
import { OrgPusher } from '../../main/org/pusher';

const T0 = new Date('2026-12-06T02:07:00Z');

/** A stand-in for the pool: answers `SELECT 1` (or fails as a server that is down does) and counts the questions. */
function fakeRecord(): { sql: postgres.Sql; asked: () => number; down: (isDown: boolean) => void } {
  let asked = 0;
  let isDown = false;
  const sql = ((strings: TemplateStringsArray) => {
    asked++;
    expect(strings.join('')).toBe('SELECT 1');
    const answer = isDown ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })) : Promise.resolve([]);
    return Object.assign(answer, { cancel: () => undefined });
  }) as unknown as postgres.Sql;
  return { sql, asked: () => asked, down: (d) => (isDown = d) };
}

describe('the status the organisation line shows, from the pusher', () => {
  const dbs: Db[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) closeDatabase(db);
  });

  const setUp = () => {
    const db = openDatabase(':memory:');
    dbs.push(db);
    const outbox = new OrgOutbox(db);
    outbox.enable({ workstation: 'DESK-STATUS', userId: 'status-user' }, T0);
    let now = T0;
    const record = fakeRecord();
    const pusher = new OrgPusher(record.sql, outbox, { org: 'X99999', chainId: outbox.chainId(), workstation: 'DESK-STATUS' }, { now: () => now });
    return { db, outbox, pusher, record, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
  };

  it('with nothing to upload it asks the record whether it answers, at most every 15 s, and says unreachable as soon as an answer fails', async () => {
    const { pusher, record, advance } = setUp();
    await pusher.drain();
    expect(record.asked()).toBe(1);
    expect(pusher.status()).toEqual({ state: 'up-to-date', waiting: 0, lastConfirmedAt: T0.toISOString() });
    advance(14_000);
    await pusher.drain();
    expect(record.asked()).toBe(1);
    advance(1000);
    record.down(true);
    await expect(pusher.drain()).rejects.toThrow(/ECONNREFUSED/);
    expect(pusher.status()).toEqual({ state: 'unreachable', waiting: 0, lastConfirmedAt: T0.toISOString(), unreachableSince: '2026-12-06T02:07:15.000Z' });
    // While failing, every look asks again: the line turns back as soon as the record answers.
    advance(1000);
    record.down(false);
    await pusher.drain();
    expect(record.asked()).toBe(3);
    expect(pusher.status()).toEqual({ state: 'up-to-date', waiting: 0, lastConfirmedAt: '2026-12-06T02:07:16.000Z' });
  });

  it('a failure Find met shows on the line too, and an answer Find got clears it', () => {
    const { pusher, advance } = setUp();
    advance(5000);
    pusher.observed({ ok: false, error: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(pusher.status()).toMatchObject({ state: 'unreachable', unreachableSince: '2026-12-06T02:07:05.000Z' });
    pusher.observed({ ok: true });
    expect(pusher.status()).toEqual({ state: 'up-to-date', waiting: 0, lastConfirmedAt: '2026-12-06T02:07:05.000Z' });
  });

  it('counts cases a person would recognise: a case, its booking and their log entries are one; log entries of no case are the activity log', () => {
    const { db, outbox, pusher } = setUp();
    const caseId = randomUUID();
    const at = T0.toISOString();
    db.prepare('INSERT INTO cases (id, started_at, updated_at, status, family_upper, birth_date, nhs_number, practice_ods, doc) VALUES (?,?,?,?,?,?,?,?,?)').run(
      caseId, at, at, 'open', 'SMITH', '1980-02-03', '9434765919', 'B82002', '{}',
    );
    db.prepare("UPDATE cases SET status = 'closed' WHERE id = ?").run(caseId);
    db.prepare(
      `INSERT INTO org_outbox (kind, row_id, queued_at, workstation, user_id, payload) VALUES
        ('booking', 'b-1', @at, 'DESK-STATUS', 'u', json_object('id', 'b-1', 'case_id', @caseId)),
        ('audit', 'a-1', @at, 'DESK-STATUS', 'u', json_object('seq', 1, 'case_id', @caseId)),
        ('audit', 'a-2', @at, 'DESK-STATUS', 'u', json_object('seq', 2, 'case_id', NULL))`,
    ).run({ at, caseId });
    expect(outbox.waiting()).toBe(5);
    expect(pusher.status()).toEqual({ state: 'waiting', waiting: 1, activityWaiting: 1 });
  });
});
