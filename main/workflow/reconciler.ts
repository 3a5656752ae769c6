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
  /** After this many checks that learned nothing, the clinician is asked to phone the service. */
  phoneCheckAfterChecks: number;
  /** …or after this long unsettled, whichever comes first (the screen promises a phone call by then). */
  phoneCheckAfterMs: number;
}

export const RECONCILER_DEFAULTS: ReconcilerOptions = {
  baseDelayMs: 5_000,
  maxDelayMs: 5 * 60_000,
  perProviderPerMinute: 6,
  tickMs: 1_000,
  phoneCheckAfterChecks: 6,
  phoneCheckAfterMs: 10 * 60_000,
};

/**
 * The one background loop that settles unknown outcomes. Its schedule lives in the bookings
 * table, so a restart resumes it; a `pending` left by a crash is checked at start. Each
 * Provider's budget goes to the appointments asked about least first, so a few stuck ones cannot
 * starve a fresh lost answer; an appointment past its ceiling is handed to a phone call and
 * checked only at the slowest rate from then on.
 */
export class Reconciler implements CheckScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly recent = new Map<string, number[]>();
  private readonly options: ReconcilerOptions;

  constructor(
    private readonly store: CaseStore,
    private readonly bookings: BookingService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: Partial<ReconcilerOptions> = {},
  ) {
    this.options = { ...RECONCILER_DEFAULTS, ...options };
  }

  /** Resumes after a restart: every unsettled appointment without a check gets one now; rebooks left part-way move on. */
  start(): void {
    for (const id of this.store.unsettledUnscheduled()) this.store.scheduleCheck(id, this.clock().toISOString(), 0);
    void this.bookings.resumeRebooks().catch((error: unknown) => this.logger.warn({ error: (error as Error).message }, 'rebooks not resumed at start; the next check moves them on'));
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
    // Fair share: of the due checks, those asked about least go first.
    const due = this.store
      .scheduledChecks()
      .filter((c) => new Date(c.nextCheckAt).getTime() <= now)
      .sort((a, b) => a.checks - b.checks || a.nextCheckAt.localeCompare(b.nextCheckAt));
    for (const entry of due) {
      const booking = this.store.getBooking(entry.bookingId);
      if (booking === undefined || !this.bookings.hasWork(booking)) {
        this.store.scheduleCheck(entry.bookingId, null, 0);
        continue;
      }
      if (!this.allow(booking.asid, now)) continue;
      made++;
      try {
        const after = await this.bookings.check(booking);
        const current = this.store.scheduledChecks().find((c) => c.bookingId === entry.bookingId);
        // Still wanting work and not rescheduled by the service (e.g. a crash-left `pending`): back off.
        if (this.bookings.hasWork(after) && (current === undefined || current.nextCheckAt === entry.nextCheckAt)) this.schedule(entry.bookingId);
        if (isUnsettled(after.status)) this.handOverIfStuck(after.id, now);
      } catch (error) {
        this.logger.warn({ bookingId: entry.bookingId, error: (error as Error).message }, 'reconcile check failed; will retry');
        this.schedule(entry.bookingId);
        this.handOverIfStuck(entry.bookingId, now);
      }
    }
    return made;
  }

  /** Past the ceiling (checks or time): a phone call, and from then on only the slowest checks. */
  private handOverIfStuck(bookingId: string, now: number): void {
    const booking = this.store.getBooking(bookingId);
    const entry = this.store.scheduledChecks().find((c) => c.bookingId === bookingId);
    if (booking === undefined || entry === undefined || !isUnsettled(booking.status)) return;
    const unsettledFor = now - new Date(booking.statusSince).getTime();
    const tooMany = entry.checks + 1 >= this.options.phoneCheckAfterChecks;
    const tooLong = unsettledFor >= this.options.phoneCheckAfterMs;
    if (booking.phoneCheck === undefined && (tooMany || tooLong)) {
      this.bookings.needsPhoneCheck(booking, entry.checks + 1, tooMany ? 'no definite answer after repeated checks' : 'no definite answer in the time allowed');
    }
    if (booking.phoneCheck !== undefined || tooMany || tooLong) {
      this.store.scheduleCheck(bookingId, new Date(now + this.options.maxDelayMs).toISOString(), entry.checks);
    }
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
