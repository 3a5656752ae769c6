import type { Db } from '../db/database';
import { auditPayload, bookingPayload, casePayload, referralPayload } from '../db/migrations/010-org-outbox';
import { namedBy, revised } from '../db/migrations/016-org-causal-order';

export type OutboxKind = 'audit' | 'case' | 'booking' | 'referral';

export interface OutboxRow {
  seq: number;
  kind: OutboxKind;
  rowId: string;
  queuedAt: string;
  workstation: string;
  userId: string;
  /** The user's name and role as their CIS2 session gave them on this desk (users_seen) when the change was queued; absent for a user never seen sign in. */
  userName?: string;
  userRole?: string;
  payload: Record<string, unknown>;
}

/**
 * Per SQLite connection, who wants to hear that a local write queued rows. One SQL function and one
 * TEMP trigger per connection feed it, however many outboxes and pushers share the connection.
 */
const queuedListeners = new WeakMap<Db, Set<() => void>>();

function listenersOf(db: Db): Set<() => void> {
  const known = queuedListeners.get(db);
  if (known !== undefined) return known;
  const listeners = new Set<() => void>();
  queuedListeners.set(db, listeners);
  let signalPending = false;
  const signal = (): void => {
    // A write held open across an await (a BEGIN without its COMMIT yet) is not there to upload yet.
    if (db.inTransaction) {
      setTimeout(signal, 1);
      return;
    }
    signalPending = false;
    for (const listener of listeners) listener();
  };
  // Runs inside the writing transaction, once per queued row: only note it; the listeners hear once,
  // after the synchronous write that queued the rows (and so its commit) has finished.
  db.function('org_outbox_queued', { deterministic: false }, () => {
    if (!signalPending && listeners.size > 0) {
      signalPending = true;
      queueMicrotask(signal);
    }
    return null;
  });
  // TEMP: it belongs to this connection only (as the function does), and leaves the file's schema alone.
  db.exec('CREATE TEMP TRIGGER IF NOT EXISTS org_outbox_queued AFTER INSERT ON main.org_outbox BEGIN SELECT org_outbox_queued(); END');
  return listeners;
}

interface RawRow {
  seq: number;
  kind: OutboxKind;
  row_id: string;
  queued_at: string;
  workstation: string;
  user_id: string;
  user_name: string | null;
  user_role: string | null;
  payload: string;
}

const BACKFILL: readonly [OutboxKind, string, string, string, string][] = [
  ['audit', 'audit_events', auditPayload, 'NEW.workstation', 'NEW.user_id'],
  ['case', 'cases', revised('case', casePayload), '@workstation', '@userId'],
  ['booking', 'bookings', revised('booking', bookingPayload), '@workstation', '@userId'],
  ['referral', 'referrals', revised('referral', referralPayload), '@workstation', '@userId'],
];

/** The kinds of row whose changes the organisation record orders by revision (SQLite migration 016). */
export type RevisedKind = Exclude<OutboxKind, 'audit'>;

/**
 * This desk's queue of changes for the organisation record. The triggers of migration 010 (now 016) fill
 * it in the same transaction as each local write; the pusher drains it in order.
 */
export class OrgOutbox {
  constructor(private readonly db: Db) {}

  /** The id of this SQLite file's audit chain in the organisation record. */
  chainId(): string {
    return (this.db.prepare('SELECT chain_id FROM org_desk WHERE id = 1').get() as { chain_id: string }).chain_id;
  }

  /**
   * Starts queuing for this desk and user. The first time, everything already in the local store
   * is queued too, so a desk that joins the organisation record later uploads its whole history.
   */
  enable(desk: { workstation: string; userId: string }, now: Date = new Date()): void {
    this.db
      .transaction(() => {
        const state = this.db.prepare('SELECT enabled_at FROM org_desk WHERE id = 1').get() as { enabled_at: string | null };
        if (state.enabled_at === null) {
          for (const [kind, table, payload, workstation, user] of BACKFILL) {
            const order = table === 'audit_events' ? 'seq' : 'rowid';
            this.db
              .prepare(
                `INSERT INTO org_outbox (kind, row_id, queued_at, workstation, user_id, user_name, user_role, payload)
                 SELECT '${kind}', NEW.id, @now, ${workstation}, ${user}, ${namedBy(user, 'name')}, ${namedBy(user, 'role')}, ${payload}
                 FROM ${table} AS NEW ORDER BY NEW.${order}`,
              )
              .run(table === 'audit_events' ? { now: now.toISOString() } : { now: now.toISOString(), workstation: desk.workstation, userId: desk.userId });
          }
        }
        this.db
          .prepare('UPDATE org_desk SET workstation = @workstation, user_id = @userId, queuing = 1, enabled_at = coalesce(enabled_at, @now) WHERE id = 1')
          .run({ ...desk, now: now.toISOString() });
      })
      .immediate();
  }

  /**
   * Writes another desk's rows into this store without queuing them back to where they came from.
   * The audit events written meanwhile are still queued: this desk's chain reaches the organisation whole.
   */
  importing<T>(fn: () => T): T {
    return this.db.transaction(() => {
      this.db.prepare('UPDATE org_desk SET importing = 1 WHERE id = 1').run();
      try {
        return fn();
      } finally {
        this.db.prepare('UPDATE org_desk SET importing = 0 WHERE id = 1').run();
      }
    })();
  }

  /**
   * Notes that this desk's copy of a row is now the organisation record's at `revision` (Find
   * copied it, or found this desk's copy the same): this desk's next change to it is numbered one
   * above, so the record orders it after the change it was based on, whatever the desks' clocks
   * say (SQLite migration 016). Never lowered: a read that raced this desk's own upload is older.
   */
  basedOn(kind: RevisedKind, rowId: string, revision: number): void {
    this.db
      .prepare(
        `INSERT INTO org_revisions (kind, row_id, based_on) VALUES (?, ?, ?)
         ON CONFLICT (kind, row_id) DO UPDATE SET based_on = max(based_on, excluded.based_on)`,
      )
      .run(kind, rowId, revision);
  }

  /**
   * Calls `listener` soon after each local commit that queued rows (once per synchronous write, however
   * many rows it queued), so the pusher can upload at once instead of at its next idle look.
   * Returns the unsubscribe.
   */
  onQueued(listener: () => void): () => void {
    const listeners = listenersOf(this.db);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }

  /** Whether a row still has a change waiting to upload (it is newer here than in the organisation record). */
  isWaiting(rowId: string): boolean {
    return this.db.prepare('SELECT 1 FROM org_outbox WHERE row_id = ? LIMIT 1').get(rowId) !== undefined;
  }

  /** The oldest queued changes, in the order they happened, each with its user's name and role as they were when it was queued. */
  peek(limit: number): OutboxRow[] {
    const rows = this.db.prepare('SELECT * FROM org_outbox ORDER BY seq LIMIT ?').all(limit) as RawRow[];
    return rows.map((r) => ({
      seq: r.seq,
      kind: r.kind,
      rowId: r.row_id,
      queuedAt: r.queued_at,
      workstation: r.workstation,
      userId: r.user_id,
      ...(r.user_name !== null ? { userName: r.user_name } : {}),
      ...(r.user_role !== null ? { userRole: r.user_role } : {}),
      payload: JSON.parse(r.payload) as Record<string, unknown>,
    }));
  }

  /** Forgets what the organisation record has committed. */
  remove(upToSeq: number): void {
    this.db.prepare('DELETE FROM org_outbox WHERE seq <= ?').run(upToSeq);
  }

  /**
   * What a person reads as changes waiting: the cases whose changes (the case, its bookings and
   * referrals, their audit events) are queued, and the activity-log entries of no case (sign-ins,
   * start-ups). One offline booking is one case, not the twenty-odd rows it queues.
   */
  pending(): { cases: number; activity: number } {
    return this.db
      .prepare(
        `SELECT count(DISTINCT CASE kind WHEN 'case' THEN row_id ELSE json_extract(payload, '$.case_id') END) AS cases,
           count(*) FILTER (WHERE kind = 'audit' AND json_extract(payload, '$.case_id') IS NULL) AS activity
         FROM org_outbox`,
      )
      .get() as { cases: number; activity: number };
  }

  /** Rows queued (each audit event and each version of a row): for logs and tests, not for people. */
  waiting(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM org_outbox').get() as { n: number }).n;
  }

  /** When the oldest waiting change was queued, for the upload-lag figure. */
  oldestQueuedAt(): string | undefined {
    const row = this.db.prepare('SELECT queued_at FROM org_outbox ORDER BY seq LIMIT 1').get() as { queued_at: string } | undefined;
    return row?.queued_at;
  }
}
