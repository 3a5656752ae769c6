import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../main/db/database';
import { OrgOutbox } from '../../main/org/outbox';
import { OrgPusher } from '../../main/org/pusher';

/** A case written locally: its trigger queues one outbox row. */
function writeCase(db: Db): void {
  const now = new Date().toISOString();
  db.prepare('INSERT INTO cases (id, started_at, updated_at, status, family_upper, birth_date, nhs_number, practice_ods, doc) VALUES (?,?,?,?,?,?,?,?,?)').run(
    randomUUID(), now, now, 'open', 'SMITH', '1980-02-03', '9434765919', 'B82002', '{}',
  );
}

describe('the outbox tells the pusher about local writes', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });
  const desk = (): { db: Db; outbox: OrgOutbox } => {
    const db = openDatabase(':memory:');
    cleanup.push(() => closeDatabase(db));
    const outbox = new OrgOutbox(db);
    outbox.enable({ workstation: 'DESK-NUDGE', userId: 'nudge-user' });
    return { db, outbox };
  };

  it('once per synchronous write after it has committed, however many rows it queued; not after unsubscribing', async () => {
    const { db, outbox } = desk();
    const heard: number[] = [];
    const unsubscribe = outbox.onQueued(() => heard.push(outbox.waiting()));
    db.transaction(() => {
      for (let i = 0; i < 10; i++) writeCase(db);
    })();
    writeCase(db);
    expect(heard).toEqual([]);
    await Promise.resolve();
    // Heard once, with every row of both commits already readable.
    expect(heard).toEqual([11]);
    unsubscribe();
    writeCase(db);
    await sleep(5);
    expect(heard).toEqual([11]);
  });

  it('waits for a transaction held open across an await to commit', async () => {
    const { db, outbox } = desk();
    let heard = 0;
    outbox.onQueued(() => heard++);
    db.exec('BEGIN');
    writeCase(db);
    await sleep(20);
    expect(heard).toBe(0);
    db.exec('COMMIT');
    await sleep(20);
    expect(heard).toBe(1);
  });

  it('a nudge while the organisation record is unreachable does not bring the next attempt before the backoff ends', async () => {
    const { db, outbox } = desk();
    writeCase(db);
    // Nothing listens on port 1: every push fails at once with ECONNREFUSED.
    const sql = postgres({ host: '127.0.0.1', port: 1, username: 'nobody', password: 'x', max: 1, connect_timeout: 2, onnotice: () => undefined });
    cleanup.push(() => sql.end({ timeout: 1 }));
    const backoffMs = 1500;
    const pusher = new OrgPusher(sql, outbox, { org: 'X99999', chainId: outbox.chainId(), workstation: 'DESK-NUDGE' }, {
      idleMs: 600_000,
      minBackoffMs: backoffMs,
      maxBackoffMs: backoffMs,
      nudgeDelayMs: 1,
    });
    const attempts: number[] = [];
    const pushOnce = pusher.pushOnce.bind(pusher);
    vi.spyOn(pusher, 'pushOnce').mockImplementation(() => {
      attempts.push(performance.now());
      return pushOnce();
    });
    pusher.start();
    cleanup.push(() => pusher.stop());
    while (pusher.status().state !== 'unreachable') await sleep(5);
    expect(attempts).toHaveLength(1);
    // Local work goes on while the server is down; each write nudges.
    for (let i = 0; i < 10; i++) {
      writeCase(db);
      await sleep(50);
    }
    expect(attempts).toHaveLength(1);
    while (attempts.length < 2) await sleep(10);
    // Timers may fire a millisecond early; a nudge that defeated the backoff would have tried ~1 ms after the first write.
    expect((attempts[1] ?? 0) - (attempts[0] ?? 0)).toBeGreaterThanOrEqual(backoffMs - 5);
    expect(outbox.waiting()).toBe(11);
  });

  it('a stopped pusher is not nudged', async () => {
    const { db, outbox } = desk();
    const sql = postgres({ host: '127.0.0.1', port: 1, username: 'nobody', password: 'x', max: 1, onnotice: () => undefined });
    cleanup.push(() => sql.end({ timeout: 1 }));
    const pusher = new OrgPusher(sql, outbox, { org: 'X99999', chainId: outbox.chainId(), workstation: 'DESK-NUDGE' }, { idleMs: 600_000, nudgeDelayMs: 1 });
    const pushOnce = vi.spyOn(pusher, 'pushOnce');
    pusher.start();
    await sleep(20); // the first look, at an empty outbox
    await pusher.stop();
    const looks = pushOnce.mock.calls.length;
    writeCase(db);
    await sleep(30);
    expect(pushOnce.mock.calls.length).toBe(looks);
  });
});
