import type { Logger } from 'pino';
import type { CaseStore } from '../cases';
import { isUnsettled } from './booking-state';
import type { BookingService, CheckScheduler } from './booking-service';
import type { Clock } from './clock';

export interface ReconcilerOptions {
  /** First check after a lost answer; doubled after each check that learns nothing. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Ceiling of checks per minute per Provider (ASID), whatever the number of cases. */
  perProviderPerMinute: number;
  /** How often the loop looks for due checks; 0 = only when `runDue` is called. */
  tickMs: number;
}

export const RECONCILER_DEFAULTS: ReconcilerOptions = { baseDelayMs: 5_000, maxDelayMs: 5 * 60_000, perProviderPerMinute: 6, tickMs: 1_000 };

/**
 * The one background loop that settles unknown outcomes (issue 9 item 4). Its schedule lives in
 * the bookings table, so a restart resumes it; a `pending` left by a crash is checked at start.
 */
export class Reconciler implements CheckScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly store: CaseStore,
    private readonly bookings: BookingService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: ReconcilerOptions = RECONCILER_DEFAULTS,
  ) {}

  /** Resumes after a restart: every unsettled appointment without a check gets one now. */
  start(): void {
    for (const id of this.store.unsettledUnscheduled()) this.store.scheduleCheck(id, this.clock().toISOString(), 0);
    if (this.options.tickMs > 0 && this.timer === undefined) {
      this.timer = setInterval(() => void this.runDue(), this.options.tickMs);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  schedule(bookingId: string): void {
    const row = this.store.scheduledChecks().find((c) => c.bookingId === bookingId);
    // The first check waits the base delay; each check that learned nothing doubles the next wait.
    const checks = row === undefined ? 0 : row.checks + 1;
    const delay = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** checks);
    this.store.scheduleCheck(bookingId, new Date(this.clock().getTime() + delay).toISOString(), checks);
  }

  /** Runs every due check once (never two loops at a time); returns how many Provider checks were made. */
  runDue(): Promise<number> {
    this.running ??= this.runOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runOnce(): Promise<number> {
    const now = this.clock().getTime();
    let made = 0;
    for (const due of this.store.scheduledChecks()) {
      if (new Date(due.nextCheckAt).getTime() > now) break;
      const booking = this.store.getBooking(due.bookingId);
      if (booking === undefined || !isUnsettled(booking.status)) {
        this.store.scheduleCheck(due.bookingId, null, 0);
        continue;
      }
      if (!this.allow(booking.asid, now)) continue;
      made++;
      try {
        const after = await this.bookings.check(booking);
        // Still unsettled and not rescheduled by the service (e.g. a crash-left `pending`): back off.
        const current = this.store.scheduledChecks().find((c) => c.bookingId === due.bookingId);
        if (isUnsettled(after.status) && (current === undefined || current.nextCheckAt === due.nextCheckAt)) this.schedule(due.bookingId);
      } catch (error) {
        this.logger.warn({ bookingId: due.bookingId, error: (error as Error).message }, 'reconcile check failed; will retry');
        this.schedule(due.bookingId);
      }
    }
    return made;
  }

  /** The per-Provider ceiling: at most N checks in any 60 s. */
  private allow(asid: string, now: number): boolean {
    const recent = (this.recent.get(asid) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= this.options.perProviderPerMinute) {
      this.recent.set(asid, recent);
      return false;
    }
    recent.push(now);
    this.recent.set(asid, recent);
    return true;
  }
}
