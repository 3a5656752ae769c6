import type { Logger } from 'pino';
import type postgres from 'postgres';
import { describeOrgFailure } from './connection';
import type { OrgOutbox } from './outbox';
import { pushBatch, type DeskIdentity } from './push-batch';

/** What the shell shows in one line; the renderer words it. */
export interface OrgRecordState {
  state: 'off' | 'up-to-date' | 'waiting' | 'unreachable';
  /** Cases with changes waiting (a person's count, not outbox rows). */
  waiting: number;
  /** Activity-log entries of no case waiting. */
  activityWaiting?: number;
  /** Since when the record has not answered (UTC instant): set whenever the last attempt failed. */
  unreachableSince?: string;
  /** When the record last answered this desk (UTC instant). */
  lastConfirmedAt?: string;
  /** A plain reason when the failure is something IT must fix (login, certificate, no TLS). */
  problem?: string;
}

export interface PusherOptions {
  batchSize?: number;
  /** Quiet wait between checks when the outbox is empty (a local write nudges the pusher sooner). */
  idleMs?: number;
  /** How long a nudge waits before pushing, so a burst of local writes goes up as one batch. */
  nudgeDelayMs?: number;
  /** Backoff while the organisation record is unreachable: doubles from min to max. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** With nothing to upload, how often to ask the record whether it still answers (so "up to date" stays true). */
  confirmEveryMs?: number;
  /** How long that question may take before the record counts as unreachable. */
  confirmTimeoutMs?: number;
  logger?: Logger;
  now?: () => Date;
}

/**
 * Drains this desk's outbox into the organisation record, batch by batch, in order. While the
 * record is unreachable it backs off and keeps everything queued; it resumes where it stopped.
 * Once started it hears of every local write that queued rows and pushes a few ms later, rather
 * than at its next idle look; one push at a time, and never before a backoff has run out.
 */
export class OrgPusher {
  private timer: NodeJS.Timeout | undefined;
  /** When the pending timer fires (performance.now()), so a nudge can tell whether it would fire sooner. */
  private timerDueAt = 0;
  private running = false;
  /** Rows were queued while a push was in flight: they may have missed its read of the outbox. */
  private nudgedWhileRunning = false;
  /** The pending timer is a backoff after a failure: nudges leave it alone. */
  private backingOff = false;
  private stopListening: (() => void) | undefined;
  private stopped = true;
  private failingSince: Date | undefined;
  private lastConfirmed: Date | undefined;
  private lastProblem: string | undefined;
  private backoffMs: number;
  private inFlight: Promise<unknown> = Promise.resolve();
  private chainRegistered = false;
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly nudgeDelayMs: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly confirmEveryMs: number;
  private readonly confirmTimeoutMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly sql: postgres.Sql,
    private readonly outbox: OrgOutbox,
    private readonly desk: DeskIdentity,
    private readonly options: PusherOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.idleMs = options.idleMs ?? 1000;
    this.nudgeDelayMs = options.nudgeDelayMs ?? 5;
    this.minBackoffMs = options.minBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.confirmEveryMs = options.confirmEveryMs ?? 15_000;
    this.confirmTimeoutMs = options.confirmTimeoutMs ?? 5000;
    this.backoffMs = this.minBackoffMs;
    this.now = options.now ?? (() => new Date());
  }

  /** Pushes one batch; throws what PostgreSQL threw. Returns how many outbox rows were sent. */
  async pushOnce(): Promise<number> {
    const rows = this.outbox.peek(this.batchSize);
    if (rows.length === 0) return 0;
    const { lastSeq } = await pushBatch(this.sql, this.desk, rows, { chainRegistered: this.chainRegistered });
    this.chainRegistered = true;
    // Only now that PostgreSQL has committed may the local queue forget these rows.
    this.outbox.remove(lastSeq);
    return rows.length;
  }

  /**
   * Pushes until the outbox is empty or a push fails; records the failure for the status line. With
   * nothing to push it asks the record whether it answers (at most every `confirmEveryMs`, and on
   * every look while failing): an empty outbox says nothing about a server that is down.
   */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      try {
        const n = await this.pushOnce();
        if (n === 0 && total === 0) await this.confirmIfDue();
        else this.recovered();
        total += n;
        if (n < this.batchSize) return total;
      } catch (error) {
        this.failed(error);
        throw error;
      }
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopListening = this.outbox.onQueued(() => this.nudge());
    this.schedule(0);
  }

  /** Stops the loop and waits for a push in flight to finish (or fail). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopListening?.();
    this.stopListening = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight.catch(() => undefined);
  }

  /**
   * Asks for an upload soon (the outbox calls it after a local write queued rows). Coalesced: a push
   * already due sooner stays as it is, and a push in flight is followed by one more, not one per nudge.
   */
  nudge(): void {
    // A server that is down would only be hammered: the backoff decides when to try again.
    if (this.stopped || this.backingOff) return;
    if (this.running) {
      this.nudgedWhileRunning = true;
      return;
    }
    if (this.timer !== undefined && this.timerDueAt <= performance.now() + this.nudgeDelayMs) return;
    this.schedule(this.nudgeDelayMs);
  }

  /**
   * Another use of the record on this desk (Find, opening a case) answered or failed: the line
   * follows the latest attempt, whoever made it, so it never says "up to date" while Find says
   * the record cannot be reached.
   */
  observed(outcome: { ok: true } | { ok: false; error: unknown }): void {
    if (outcome.ok) this.recovered();
    else this.failed(outcome.error);
  }

  status(): OrgRecordState {
    const queued = this.outbox.waiting();
    const { cases, activity } = this.outbox.pending();
    const counts = {
      waiting: cases,
      ...(activity > 0 ? { activityWaiting: activity } : {}),
      ...(this.lastConfirmed !== undefined ? { lastConfirmedAt: this.lastConfirmed.toISOString() } : {}),
    };
    if (this.failingSince !== undefined) {
      return {
        state: 'unreachable',
        ...counts,
        unreachableSince: this.failingSince.toISOString(),
        ...(this.lastProblem !== undefined ? { problem: this.lastProblem } : {}),
      };
    }
    return { state: queued === 0 ? 'up-to-date' : 'waiting', ...counts };
  }

  private async confirmIfDue(): Promise<void> {
    const last = this.lastConfirmed?.getTime();
    if (this.failingSince === undefined && last !== undefined && this.now().getTime() - last < this.confirmEveryMs) return;
    const query = this.sql`SELECT 1`;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        query.cancel();
        reject(Object.assign(new Error(`no answer within ${String(this.confirmTimeoutMs)} ms`), { code: 'CONNECT_TIMEOUT' }));
      }, this.confirmTimeoutMs);
    });
    try {
      await Promise.race([query, deadline]);
    } finally {
      clearTimeout(timer);
    }
    this.recovered();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerDueAt = performance.now() + ms;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.inFlight = this.tick();
    }, ms);
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    this.backingOff = false;
    this.nudgedWhileRunning = false;
    let next = this.idleMs;
    try {
      await this.drain();
      this.backoffMs = this.minBackoffMs;
      if (this.nudgedWhileRunning) next = this.nudgeDelayMs;
    } catch {
      next = this.backoffMs;
      this.backingOff = true;
      this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
    } finally {
      this.running = false;
    }
    this.schedule(next);
  }

  private recovered(): void {
    if (this.failingSince !== undefined) this.options.logger?.info({ since: this.failingSince.toISOString() }, 'organisation record reachable again');
    this.failingSince = undefined;
    this.lastProblem = undefined;
    this.lastConfirmed = this.now();
  }

  private failed(error: unknown): void {
    const failure = describeOrgFailure(error);
    if (this.failingSince === undefined) {
      this.failingSince = this.now();
      // The code and kind only: a server's message can quote the values it refused (patient data).
      const code = (error as { code?: unknown }).code;
      this.options.logger?.warn({ kind: failure.kind, code }, 'organisation record upload failed; working on this desk only');
    }
    this.lastProblem = failure.kind === 'unreachable' ? undefined : failure.message;
  }
}
