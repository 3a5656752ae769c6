import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll } from 'vitest';
import type { BookingResult, Case, PatientInput, ServiceOffer, SlotRow, SlotSearchResult } from '../../../preload/contract';
import { createApp, type App } from '../../../main/app/create-app';
import { SANDBOX_PLACEHOLDER_TOKEN } from '../../../main/app/pds-connection';
import { silentLogger } from '../../../main/log/logger';
import type { Fault } from '../../../main/sandbox';
import { FaultRegistry } from '../../../main/sandbox/faults/fault-control';
import type { Clock } from '../../../main/workflow/clock';
import type { ReconcilerOptions } from '../../../main/workflow/reconciler';
import { dispatcher } from '../../support/dispatch';
import { patientWithNhsNumber } from '../../support/patients';
import { startCase } from '../../support/start-case';

/** Sent with every booking: main keeps it only for slots after the deadline. */
export const APPROVAL = { approval: { approverName: 'Dr Test Clinician', approverRole: 'GP', registrationBody: 'GMC' as const, registrationNumber: '1234567', reason: 'Patient agreed to the later time' } };

export const UTC_NAME = 'Riverside Urgent Treatment Centre';

/** One app on one data folder that can be closed and reopened (a restart), with the reconciler under the test's control. */
export class BookingApp {
  app!: App;
  readonly dataDir: string;
  private readonly d = dispatcher(() => this.app);
  readonly call = this.d.call;
  readonly ok = this.d.ok;

  /**
   * `settings` (sandbox mode) is written as the settings file; without it the app starts on the defaults.
   * `clock` and `reconciler` let a test move time and set the background loop's backoff and ceiling.
   */
  constructor(
    private readonly settings?: Record<string, unknown>,
    private readonly timing: { clock?: Clock; reconciler?: Partial<ReconcilerOptions>; /** an existing data folder (e.g. a copy taken mid-call, as a crash leaves it) */ dataDir?: string } = {},
  ) {
    this.dataDir = timing.dataDir ?? mkdtempSync(join(tmpdir(), 'bw-truth-'));
  }

  async open(): Promise<this> {
    const settingsFile = join(this.dataDir, this.settings === undefined ? 'none.json' : 'settings.json');
    if (this.settings !== undefined) writeFileSync(settingsFile, JSON.stringify({ mode: 'sandbox', ...this.settings }));
    this.app = await createApp({
      dataDir: this.dataDir,
      settingsFile,
      logger: silentLogger(),
      reconciler: { tickMs: 0, baseDelayMs: 0, maxDelayMs: 0, perProviderPerMinute: 1000, ...this.timing.reconciler },
      ...(this.timing.clock === undefined ? {} : { clock: this.timing.clock }),
      // A typed-profile desk has no CIS2 session: its PDS stand-in is told to take the placeholder token (test only).
      sandboxPdsAcceptToken: (token) => token === SANDBOX_PLACEHOLDER_TOKEN,
    });
    return this;
  }

  async restart(): Promise<void> {
    await this.app.close();
    await this.open();
  }

  /** Closes the app and deletes its data folder: a test leaves nothing behind. */
  async close(): Promise<void> {
    await this.app.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  sandbox() {
    const s = this.app.spine?.sandbox;
    if (s === undefined) throw new Error('sandbox mode expected');
    return s;
  }

  private registry(): FaultRegistry {
    const faults = this.sandbox().faults;
    if (!(faults instanceof FaultRegistry)) throw new Error('the sandbox fault registry is expected');
    return faults;
  }

  fault(target: { serviceId: string } | { slotId: string }, fault: Fault): void {
    this.registry().add('slotId' in target ? `slot:${target.slotId}` : target.serviceId, fault);
  }

  clearFaults(serviceId: string): void {
    this.sandbox().faults.clear(serviceId);
  }

  /** Runs the background reconciler's due checks once, as its timer would. */
  async reconcile(): Promise<number> {
    const r = this.app.reconciler;
    if (r === undefined) throw new Error('no reconciler');
    return r.runDue();
  }

  /** `startedAt`: when the call began (default now), e.g. hours ago so every slot is after the deadline. */
  async openCase(service = UTC_NAME, patient: PatientInput = patientWithNhsNumber(), dispositionCode = 'Dx05', startedAt?: string): Promise<{ caseId: string; service: ServiceOffer; services: ServiceOffer[] }> {
    const opened = await startCase((channel, request) => this.ok(channel, request), { patient, dispositionCode, ...(startedAt === undefined ? {} : { startedAt }) });
    const { services } = await this.ok<{ services: ServiceOffer[] }>('directory:services', { caseId: opened.id });
    const offer = services.find((s) => s.name === service);
    if (offer === undefined) throw new Error(`no service ${service}`);
    await this.ok<Case>('case:chooseService', { caseId: opened.id, serviceId: offer.serviceId });
    return { caseId: opened.id, service: offer, services };
  }

  /** Free slots, earliest first (inside the timeframe before outside). */
  async slots(caseId: string): Promise<SlotRow[]> {
    return (await this.ok<SlotSearchResult>('slots:search', { caseId })).slots;
  }

  /** Books; a slot after the deadline goes with a clinician's approval. */
  book(caseId: string, slotId: string, extra: Record<string, unknown> = {}) {
    return this.ok<BookingResult>('booking:book', { caseId, slotId, ...APPROVAL, ...extra });
  }

  caseOf(caseId: string): Promise<Case> {
    return this.ok<Case>('case:get', { caseId });
  }

  /** The case an appointment belongs to, as main returns it. */
  async caseOfBooking(bookingId: string): Promise<Case> {
    const row = this.app.db?.prepare('SELECT case_id FROM bookings WHERE id = ?').get(bookingId) as { case_id: string } | undefined;
    if (row === undefined) throw new Error('no such booking');
    return this.caseOf(row.case_id);
  }

  /** The sandbox Provider's own appointments (its database, not the app's). */
  providerAppointments(): { id: string; service_id: string; slot_id: string; request_id: string; status: string }[] {
    const db = new Database(join(this.dataDir, 'sandbox-provider.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT id, service_id, slot_id, request_id, status FROM appointment').all() as never;
    } finally {
      db.close();
    }
  }

  /** Every audit event of the case's Provider calls (`provider.<operation>.<attempt|outcome>`), in order. */
  providerAuditEvents(caseId: string): { type: string; outcome: string | null; detail: string | null; request_id: string | null }[] {
    return this.app.db?.prepare("SELECT type, outcome, detail, request_id FROM audit_events WHERE case_id = ? AND type LIKE 'provider.%' ORDER BY seq").all(caseId) as never;
  }

  /** When main will next ask the Provider about each unsettled appointment, and how many times it has asked. */
  scheduledChecks(): { bookingId: string; nextCheckAt: string; checks: number }[] {
    const rows = this.app.db?.prepare('SELECT id, next_check_at, checks FROM bookings WHERE next_check_at IS NOT NULL ORDER BY next_check_at').all() as { id: string; next_check_at: string; checks: number }[];
    return rows.map((r) => ({ bookingId: r.id, nextCheckAt: r.next_check_at, checks: r.checks }));
  }

  auditEvents(caseId: string, type: string): { outcome: string | null; detail: string | null; request_id: string | null }[] {
    return this.app.db?.prepare('SELECT outcome, detail, request_id FROM audit_events WHERE case_id = ? AND type = ? ORDER BY seq').all(caseId, type) as never;
  }
}

/** One app for the whole test file: opened before its first test, closed after its last. */
export function bookingAppForFile(...args: ConstructorParameters<typeof BookingApp>): BookingApp {
  const t = new BookingApp(...args);
  beforeAll(async () => {
    await t.open();
  });
  afterAll(async () => {
    await t.close();
  });
  return t;
}
