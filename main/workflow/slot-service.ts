import type { Logger } from 'pino';
import type { SlotRow, SlotSearchResult } from '../../preload/contract';
import { AppError } from '../api/app-error';
import { AUDIT_EVENTS, type AuditSink } from '../audit';
import type { Slot } from '../fhir';
import { ProviderError, type ProviderClient } from '../provider';
import type { CaseService } from './case-service';
import type { Clock } from './clock';
import type { DirectoryService } from './directory-service';
import { asAppError, failureDetail } from './provider-failure';
import { offerList } from './slot-list';

/** The last slots shown for a case: booking copies the chosen Slot exactly as the Provider sent it. */
export interface OfferedSlots {
  serviceId: string;
  rows: Map<string, SlotRow>;
  raw: Map<string, Slot>;
}

/** Slot search for a case's chosen service, with each slot marked inside or outside the assessment timeframe. */
export class SlotService {
  private readonly offered = new Map<string, OfferedSlots>();

  constructor(
    private readonly cases: CaseService,
    private readonly directory: DirectoryService,
    private readonly provider: ProviderClient,
    private readonly audit: AuditSink,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly windowHours: number,
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
    let result;
    try {
      result = await this.provider.searchSlots({ ...resolved.target, caseId }, { start: now, end });
    } catch (error) {
      this.audit.append({
        ...base,
        type: AUDIT_EVENTS.slotSearchOutcome,
        outcome: 'error',
        ...(error instanceof ProviderError ? { requestId: error.requestId, httpStatus: error.status, correlationId: error.correlationId } : {}),
        detail: failureDetail(error),
      });
      this.logger.warn({ dosServiceId: service.serviceId, err: error }, 'slot search failed');
      throw asAppError(error);
    }
    const slots = offerList(result.rows, deadline);
    const outside = slots.filter((s) => s.outsideTimeframe).length;
    this.offered.set(caseId, { serviceId: service.serviceId, rows: new Map(slots.map((s) => [s.slotId, s])), raw: result.rawSlots });
    if (result.problems.length > 0) this.logger.info({ dosServiceId: service.serviceId, problems: result.problems.slice(0, 20) }, 'bundle entries skipped');
    this.audit.append({
      ...base,
      type: AUDIT_EVENTS.slotSearchOutcome,
      outcome: slots.length === 0 ? 'no-slots' : 'ok',
      requestId: result.requestId,
      ...(result.correlationId !== undefined ? { correlationId: result.correlationId } : {}),
      ...(result.httpStatus !== undefined ? { httpStatus: result.httpStatus } : {}),
      detail: {
        slotsReturned: slots.length,
        insideTimeframe: slots.length - outside,
        outsideTimeframe: outside,
        skipped: result.skipped,
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
      skipped: result.skipped,
      ...(result.noSlotsReason !== undefined ? { noSlotsReason: result.noSlotsReason } : {}),
    };
  }

  /** The slot the user picked from the last list shown for this case. */
  offeredSlot(caseId: string, slotId: string): { row: SlotRow; raw: Slot; serviceId: string } {
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
