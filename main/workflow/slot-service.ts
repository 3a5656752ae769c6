import type { Logger } from 'pino';
import type { SlotRow, SlotSearchResult } from '../../preload/contract';
import { AppError } from '../api/app-error';
import { AUDIT_EVENTS, type AuditSink } from '../audit';
import type { BookingProtocol } from './booking-protocol';
import type { CaseService } from './case-service';
import type { Clock } from './clock';
import type { DirectoryService } from './directory-service';
import { bookingTargetOf } from './provider-targets';
import { searchFailed } from './protocol-failure';

/** The last slots shown for a case: booking copies the chosen Slot exactly as the Provider sent it. */
export interface OfferedSlots {
  serviceId: string;
  rows: Map<string, SlotRow>;
  /** Each slot as the Provider sent it (the protocol's own shape): booking copies it exactly. */
  raw: Map<string, unknown>;
}

/** Slot search for a case's chosen service, with each slot marked inside or outside the assessment timeframe. */
export class SlotService {
  private readonly offered = new Map<string, OfferedSlots>();

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
  ) {}

  async search(caseId: string): Promise<SlotSearchResult> {
    const doc = this.cases.load(caseId);
    const service = doc.service;
    if (service === undefined) throw new AppError('conflict', 'Choose a service before looking for appointments.', { action: 'Choose a service.' });
    if (service.booking.status !== 'bookable') {
      throw new AppError('booking-not-available', service.booking.message, { action: 'Send a referral, or choose another service.' });
    }
    const resolved = await this.directory.resolvedFor(caseId, service.serviceId);
    if (resolved.target === undefined) {
      const message = resolved.offer.booking.status === 'not-bookable' ? resolved.offer.booking.message : 'Booking is not available for this service.';
      throw new AppError('booking-not-available', message, { action: 'Send a referral, or choose another service.' });
    }
    const now = this.clock();
    const deadline = new Date(doc.outcome.deadline);
    // Slots after the deadline are shown (and marked) too, so search past it.
    const end = new Date(Math.max(deadline.getTime(), now.getTime() + this.windowHours * 3_600_000));
    const base = { caseId, dosServiceId: service.serviceId, asid: resolved.target.asid };
    this.audit.append({
      ...base,
      type: AUDIT_EVENTS.slotSearchAttempt,
      outcome: 'pending',
      detail: { windowStart: now.toISOString(), windowEnd: end.toISOString(), deadline: doc.outcome.deadline },
    });
    const result = await this.protocol.searchSlots(bookingTargetOf(resolved.target, caseId), { start: now, end, deadline: new Date(Date.now() + this.searchDeadlineMs) });
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
      this.logger.warn({ dosServiceId: service.serviceId, kind: f.kind, code: f.code, httpStatus: f.exchange.httpStatus }, 'slot search failed');
      throw searchFailed(f);
    }
    const slots: SlotRow[] = result.rows
      .map((row) => ({ ...row, outsideTimeframe: new Date(row.start).getTime() > deadline.getTime() }))
      .sort((a, b) => a.start.localeCompare(b.start));
    const outside = slots.filter((s) => s.outsideTimeframe).length;
    this.offered.set(caseId, { serviceId: service.serviceId, rows: new Map(slots.map((s) => [s.slotId, s])), raw: new Map(result.raw) });
    if (result.skipped > 0) this.logger.info({ dosServiceId: service.serviceId, skipped: result.skipped }, 'bundle entries skipped');
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
        ...(result.noSlotsReason !== undefined ? { noSlotsReason: result.noSlotsReason } : {}),
      },
    });
    return {
      caseId,
      serviceId: service.serviceId,
      searchedAt: now.toISOString(),
      deadline: doc.outcome.deadline,
      slots,
      insideTimeframe: slots.length - outside,
      outsideTimeframe: outside,
      ...(result.noSlotsReason !== undefined ? { noSlotsReason: result.noSlotsReason } : {}),
    };
  }

  /** The slot the user picked from the last list shown for this case. */
  offeredSlot(caseId: string, slotId: string): { row: SlotRow; raw: unknown; serviceId: string } {
    const offered = this.offered.get(caseId);
    const row = offered?.rows.get(slotId);
    const raw = offered?.raw.get(slotId);
    if (offered === undefined || row === undefined || raw === undefined) {
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
