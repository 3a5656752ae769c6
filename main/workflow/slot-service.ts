import type { Logger } from 'pino';
import type { SlotRow, SlotSearchResult } from '../../preload/contract';
import { AppError } from '../api/app-error';
import { AUDIT_EVENTS, type AuditSink } from '../audit';
import type { BookingProtocol } from './booking-protocol';
import type { CaseService } from './case-service';
import type { Clock } from './clock';
import type { DirectoryService } from './directory-service';
import { CaseCache } from './case-cache';
import { bookingTargetOf } from './provider-targets';
import { searchFailed } from './protocol-failure';
import { offerList } from './slot-list';
import type { ServiceTarget } from './ports';

/** The last slots shown for a case: booking copies the chosen Slot exactly as the Provider sent it. */
export interface OfferedSlots {
  serviceId: string;
  rows: Map<string, SlotRow>;
  /** Each slot as the Provider sent it (the protocol's own shape): booking copies it exactly. */
  raw: Map<string, unknown>;
}

/**
 * How many cases' offered slots main holds: the case on screen and a few the clinician may go
 * back to. Each list carries every Slot as the Provider sent it (hundreds of FHIR resources), so
 * holding every case ever searched grew a desk left open all week by about 1 MB a call.
 */
export const OFFERS_HELD = 8;

const offerGone = (): AppError =>
  new AppError('conflict', 'The appointments found for this case are no longer held.', { action: 'Search for appointments again and choose one.' });

/** Slot search for a case's chosen service, with each slot marked inside or outside the assessment timeframe. */
export class SlotService {
  private readonly offered: CaseCache<OfferedSlots>;
  /** Per case, per service: the lists found by "Compare services", until one is used or the case searches again. */
  private readonly compared: CaseCache<Map<string, { view: SlotSearchResult; offered: OfferedSlots }>>;

  constructor(
    private readonly cases: CaseService,
    private readonly directory: DirectoryService,
    private readonly protocol: BookingProtocol,
    private readonly audit: AuditSink,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly windowHours: number,
    /** The whole search, retries included (settings' actionDeadlines.slotSearchMs). */
    private readonly searchDeadlineMs = 20_000,
    /** Cases whose offered slots (and compared lists) are held; the least recently used goes first. */
    held = OFFERS_HELD,
  ) {
    this.offered = new CaseCache(held);
    this.compared = new CaseCache(held);
  }

  /** How many cases' offered slot lists are held now (a test checks the cap holds over a shift). */
  get offersHeld(): number {
    return this.offered.size + this.compared.size;
  }

  /** A closed case keeps nothing here: a case opened again searches again. */
  release(caseId: string): void {
    this.offered.delete(caseId);
    this.compared.delete(caseId);
  }

  async search(caseId: string): Promise<SlotSearchResult> {
    const doc = this.cases.load(caseId);
    const service = doc.service;
    if (service === undefined) throw new AppError('conflict', 'Choose a service before looking for appointments.', { action: 'Choose a service.' });
    if (service.booking.status !== 'bookable') {
      throw new AppError('booking-not-available', service.booking.message, { action: 'Send a referral, or choose another service.' });
    }
    const target = await this.bookableTarget(caseId, service.serviceId);
    const found = await this.searchTarget(caseId, doc.outcome.deadline, service.serviceId, target);
    this.offered.set(caseId, found.offered);
    return found.view;
  }

  /**
   * Several services' slot searches for a case at once ("Compare services"), none becoming the
   * case's list (each is kept for `useCompared`). Audit-first with one synchronous write, not
   * one per service: a single `slots.compare.started` event names every service and the window
   * before any request goes out; each search then records its own outcome, per service, as the
   * reports count them. Resolves once every search is under way: one answer per service asked,
   * in order, each settling on its own.
   */
  async searchServices(caseId: string, serviceIds: readonly string[], atOnce = serviceIds.length): Promise<{ serviceId: string; search: Promise<SlotSearchResult> }[]> {
    const slot = limiter(Math.max(1, atOnce));
    const doc = this.cases.load(caseId);
    const targets = await Promise.allSettled(serviceIds.map((id) => this.bookableTarget(caseId, id)));
    const window = this.searchWindow(doc.outcome.deadline);
    const ready = serviceIds.flatMap((serviceId, i) => {
      const t = targets[i];
      return t?.status === 'fulfilled' ? [{ dosServiceId: serviceId, asid: t.value.asid }] : [];
    });
    if (ready.length > 0) {
      this.audit.append({
        caseId,
        type: AUDIT_EVENTS.compareStarted,
        outcome: 'pending',
        detail: { windowStart: window.start.toISOString(), windowEnd: window.end.toISOString(), deadline: doc.outcome.deadline, services: ready },
      });
    }
    const forCase = new Map<string, { view: SlotSearchResult; offered: OfferedSlots }>();
    this.compared.set(caseId, forCase);
    return serviceIds.map((serviceId, i) => ({
      serviceId,
      search: (async () => {
        const t = targets[i];
        if (t === undefined || t.status === 'rejected') throw t?.reason ?? new Error(`no target for ${serviceId}`);
        const found = await slot(() => this.searchTarget(caseId, doc.outcome.deadline, serviceId, t.value, { window, attemptAudited: true }));
        forCase.set(serviceId, found);
        return found.view;
      })(),
    }));
  }

  private async bookableTarget(caseId: string, serviceId: string): Promise<ServiceTarget> {
    const resolved = await this.directory.resolvedFor(caseId, serviceId);
    if (resolved.target === undefined) {
      const message = resolved.offer.booking.status === 'not-bookable' ? resolved.offer.booking.message : 'Booking is not available for this service.';
      throw new AppError('booking-not-available', message, { action: 'Send a referral, or choose another service.' });
    }
    return resolved.target;
  }

  /** Slots after the deadline are shown (and marked) too, so the window runs past it. */
  private searchWindow(deadlineAt: string): { start: Date; end: Date } {
    const now = this.clock();
    return { start: now, end: new Date(Math.max(new Date(deadlineAt).getTime(), now.getTime() + this.windowHours * 3_600_000)) };
  }

  /** The compared list of the case's chosen service becomes its list: a slot picked there is booked as shown. */
  useCompared(caseId: string, serviceId: string): SlotSearchResult {
    const doc = this.cases.load(caseId);
    if (doc.service?.serviceId !== serviceId) {
      throw new AppError('conflict', 'Choose this service for the case before booking one of its appointments.', { action: 'Choose the service, then the appointment.' });
    }
    const found = this.compared.get(caseId)?.get(serviceId);
    if (found === undefined) {
      // Evicted or never compared: the same plain answer, and never another case's list.
      throw new AppError('conflict', 'The comparison for this service is no longer held.', { action: 'Search for appointments at the service again.' });
    }
    this.offered.set(caseId, found.offered);
    return found.view;
  }

  /** `attemptAudited`: the caller has already recorded this search's start (a comparison's one event). */
  private async searchTarget(
    caseId: string,
    deadlineAt: string,
    serviceId: string,
    target: ServiceTarget,
    options: { window?: { start: Date; end: Date }; attemptAudited?: boolean } = {},
  ): Promise<{ view: SlotSearchResult; offered: OfferedSlots }> {
    const { start: now, end } = options.window ?? this.searchWindow(deadlineAt);
    const deadline = new Date(deadlineAt);
    const base = { caseId, dosServiceId: serviceId, asid: target.asid };
    if (options.attemptAudited !== true) {
      this.audit.append({
        ...base,
        type: AUDIT_EVENTS.slotSearchAttempt,
        outcome: 'pending',
        detail: { windowStart: now.toISOString(), windowEnd: end.toISOString(), deadline: deadlineAt },
      });
    }
    const result = await this.protocol.searchSlots(bookingTargetOf(target, caseId), { start: now, end, deadline: new Date(Date.now() + this.searchDeadlineMs) });
    if (result.kind === 'failed') {
      const f = result.failure;
      this.audit.append({
        ...base,
        type: AUDIT_EVENTS.slotSearchOutcome,
        outcome: 'error',
        requestId: f.exchange.requestId,
        ...(f.exchange.correlationId !== undefined ? { correlationId: f.exchange.correlationId } : {}),
        ...(f.exchange.httpStatus !== undefined ? { httpStatus: f.exchange.httpStatus } : {}),
        detail: { errorCode: f.kind, providerCode: f.code ?? null, diagnostics: f.detail },
      });
      this.logger.warn({ dosServiceId: serviceId, kind: f.kind, code: f.code, httpStatus: f.exchange.httpStatus }, 'slot search failed');
      throw searchFailed(f);
    }
    const slots = offerList(result.rows, deadline);
    const outside = slots.filter((s) => s.outsideTimeframe).length;
    const offered: OfferedSlots = { serviceId, rows: new Map(slots.map((s) => [s.slotId, s])), raw: new Map(result.raw) };
    if (Object.values(result.skipped).some((n) => n > 0)) this.logger.info({ dosServiceId: serviceId, skipped: result.skipped }, 'bundle entries skipped');
    this.audit.append({
      ...base,
      type: AUDIT_EVENTS.slotSearchOutcome,
      outcome: slots.length === 0 ? 'no-slots' : 'ok',
      requestId: result.exchange.requestId,
      ...(result.exchange.correlationId !== undefined ? { correlationId: result.exchange.correlationId } : {}),
      ...(result.exchange.httpStatus !== undefined ? { httpStatus: result.exchange.httpStatus } : {}),
      detail: {
        slotsReturned: slots.length,
        insideTimeframe: slots.length - outside,
        outsideTimeframe: outside,
        skipped: result.skipped,
        ...(result.noSlotsReason !== undefined ? { noSlotsReason: result.noSlotsReason } : {}),
      },
    });
    const view: SlotSearchResult = {
      caseId,
      serviceId,
      searchedAt: now.toISOString(),
      deadline: deadlineAt,
      slots,
      insideTimeframe: slots.length - outside,
      outsideTimeframe: outside,
      skipped: result.skipped,
      ...(result.noSlotsReason !== undefined ? { noSlotsReason: result.noSlotsReason } : {}),
    };
    return { view, offered };
  }

  /**
   * The slot the user picked from the last list shown for this case. A case whose list is no
   * longer held (others were searched since, or it was closed) is asked to search again: the
   * slot is never looked for anywhere else.
   */
  offeredSlot(caseId: string, slotId: string): { row: SlotRow; raw: unknown; serviceId: string } {
    const offered = this.offered.get(caseId);
    if (offered === undefined) throw offerGone();
    const row = offered.rows.get(slotId);
    const raw = offered.raw.get(slotId);
    if (row === undefined || raw === undefined) {
      throw new AppError('conflict', 'That appointment is no longer in the list.', { action: 'Search for appointments again and choose one.' });
    }
    return { row, raw, serviceId: offered.serviceId };
  }

  /** A slot the Provider says is taken leaves the list at once. */
  forget(caseId: string, slotId: string): void {
    const offered = this.offered.get(caseId);
    offered?.rows.delete(slotId);
    offered?.raw.delete(slotId);
  }
}

/** At most `n` of the calls run at once; the others wait their turn in order. */
function limiter(n: number): <T>(run: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (run) => {
    if (active >= n) await new Promise<void>((go) => waiting.push(go));
    active++;
    try {
      return await run();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
