/**
 * The Care Connect (FHIR STU3 UEC booking) adapter of the booking-protocol port. A thin layer over
 * main/provider (the one request pipeline), so the workflow sees outcomes, not HTTP.
 */
import type { Appointment, Slot } from '../../fhir';
import { buildAppointment } from '../../fhir';
import { ProviderError, type ExchangeIds as ProviderIds, type ProviderClient, type ProviderTarget } from './provider';
import type {
  BookingInput,
  BookingInteraction,
  BookingProtocol,
  BookingTarget,
  BookOutcome,
  CancelOutcome,
  ExchangeIds,
  PreparedRequest,
  ProtocolFailure,
  ReadOutcome,
  ReferOutcome,
  ReferralInput,
  SlotQuery,
  SlotSearchOutcome,
} from '../../workflow/booking-protocol';

/** Sends a referral for a case (CDA over ITK lives in main/referral). */
export type ReferralSender = (target: BookingTarget, input: ReferralInput) => Promise<ReferOutcome>;

export class CareConnectProtocol implements BookingProtocol {
  readonly name = 'care-connect';

  constructor(
    private readonly client: ProviderClient,
    private readonly interactionIds: { createAppointment: string; updateAppointment: string },
    private readonly referrals?: ReferralSender,
  ) {}

  async searchSlots(target: BookingTarget, query: SlotQuery): Promise<SlotSearchOutcome> {
    try {
      const found = await this.client.searchSlots(this.at(target, 'search'), {
        ...(query.start === undefined ? {} : { start: query.start }),
        end: query.end,
        deadline: query.deadline,
      });
      return {
        kind: 'slots',
        rows: found.rows,
        raw: found.rawSlots,
        ...(found.noSlotsReason === undefined ? {} : { noSlotsReason: found.noSlotsReason }),
        skipped: found.skipped,
        exchange: exchangeOf(found, 1),
      };
    } catch (error) {
      return { kind: 'failed', failure: this.failure(error) };
    }
  }

  prepareBook(_target: BookingTarget, input: BookingInput): PreparedRequest {
    const body = JSON.stringify(
      buildAppointment({ slot: input.rawSlot as Slot, patient: input.patient, reason: input.reason, documentId: input.documentId, created: input.created }),
    );
    return {
      requestId: input.requestId,
      method: 'POST',
      interaction: 'book',
      path: 'Appointment',
      body,
      headers: { 'Ssp-InteractionID': this.interactionIds.createAppointment, 'Content-Type': 'application/fhir+json;charset=utf-8' },
    };
  }

  async book(target: BookingTarget, request: PreparedRequest, deadline: Date): Promise<BookOutcome> {
    try {
      const result = await this.client.book(this.at(target, 'book'), { requestId: request.requestId, body: request.body, deadline });
      if (result.status === 'outcome-unknown') {
        return { kind: 'unknown', reason: result.error.message, exchange: exchangeOf(result, result.attempts) };
      }
      return {
        kind: 'booked',
        appointment: { id: result.appointmentId, ...(result.version === undefined ? {} : { version: result.version }), url: result.appointmentUrl },
        detailsRead: result.detailsRead,
        exchange: exchangeOf(result, 1),
      };
    } catch (error) {
      // A 2xx we could not identify: the Provider may hold the booking, so it is not a failure.
      if (error instanceof ProviderError && error.status !== undefined && error.status < 300) {
        return { kind: 'unknown', reason: error.message, exchange: exchangeOf(idsOf(error), 1) };
      }
      return { kind: 'failed', failure: this.failure(error) };
    }
  }

  async read(target: BookingTarget, appointmentId: string, deadline: Date): Promise<ReadOutcome> {
    try {
      const found = await this.client.read(this.at(target, 'read'), appointmentId, deadline);
      return { kind: 'found', appointment: appointmentOf(found.appointment, appointmentId, found.version, target.endpoints.read), exchange: exchangeOf(found, 1) };
    } catch (error) {
      if (error instanceof ProviderError && error.failureKind === 'not-found') return { kind: 'not-found', exchange: exchangeOf(idsOf(error), 1) };
      return { kind: 'failed', failure: this.failure(error) };
    }
  }

  /** Read latest (read endpoint), change status only, PUT with If-Match (update endpoint); one re-read on a conflict. */
  async cancel(target: BookingTarget, appointmentId: string, deadline: Date): Promise<CancelOutcome> {
    for (let attempt = 1; ; attempt++) {
      let current: Awaited<ReturnType<ProviderClient['read']>>;
      try {
        current = await this.client.read(this.at(target, 'read'), appointmentId, deadline);
      } catch (error) {
        return { kind: 'failed', failure: this.failure(error) };
      }
      if (current.appointment.status === 'cancelled') {
        return { kind: 'cancelled', appointment: appointmentOf(current.appointment, appointmentId, current.version, target.endpoints.read), exchange: exchangeOf(current, attempt) };
      }
      try {
        const ifMatch = current.version === undefined ? undefined : `W/"${current.version}"`;
        const done = await this.client.update(this.at(target, 'cancel'), { ...current.appointment, status: 'cancelled' }, ifMatch, deadline);
        return { kind: 'cancelled', appointment: appointmentOf(done.appointment, appointmentId, done.version, target.endpoints.cancel), exchange: exchangeOf(done, attempt) };
      } catch (error) {
        if (error instanceof ProviderError && isLost(error)) {
          return { kind: 'unknown', reason: error.message, exchange: exchangeOf(idsOf(error), attempt) };
        }
        const conflict = error instanceof ProviderError && error.failureKind === 'version-conflict';
        if (!conflict || attempt >= 2) return { kind: 'failed', failure: this.failure(error) };
      }
    }
  }

  async refer(target: BookingTarget, input: ReferralInput): Promise<ReferOutcome> {
    if (this.referrals === undefined) {
      return { kind: 'failed', failure: { kind: 'unsupported', detail: 'no ITK sender configured', exchange: { requestId: input.documentId, attempts: 0 } } };
    }
    return this.referrals(target, input);
  }

  private at(target: BookingTarget, interaction: BookingInteraction): ProviderTarget {
    return {
      dosServiceId: target.dosServiceId,
      asid: target.asid,
      serviceRoot: target.endpoints[interaction],
      interactions: target.interactions,
      ...(target.caseId === undefined ? {} : { caseId: target.caseId }),
    };
  }

  /** The error table's kind, as the ProviderError read it (failures.ts): the audit's code and the workflow's kind agree. */
  private failure(error: unknown): ProtocolFailure {
    if (!(error instanceof ProviderError)) throw error;
    return {
      kind: error.failureKind,
      ...(error.spineCode === undefined ? {} : { code: error.spineCode }),
      detail: error.message,
      exchange: exchangeOf(idsOf(error), 1),
    };
  }
}

/** A write's answer is lost when it timed out, the connection failed, or a gateway answered for the Provider. */
function isLost(error: ProviderError): boolean {
  return error.kind === 'timeout' || error.kind === 'network' || error.status === 502 || error.status === 504;
}

function appointmentOf(a: Appointment, id: string, version: string | undefined, root: string): ReadOutcome extends infer R ? (R extends { kind: 'found'; appointment: infer A } ? A : never) : never {
  const status = a.status === 'booked' || a.status === 'cancelled' ? a.status : 'other';
  return {
    id: a.id ?? id,
    ...(version === undefined ? {} : { version }),
    url: `${root.replace(/\/+$/, '')}/Appointment/${encodeURIComponent(a.id ?? id)}`,
    status,
    ...(a.start === undefined ? {} : { start: a.start }),
    ...(a.end === undefined ? {} : { end: a.end }),
  };
}

/** The ids a Provider error carries, read field by field (an Error's own properties are not all spreadable). */
function idsOf(error: ProviderError): { requestId: string; correlationId: string | undefined; traceId: string | undefined; httpStatus: number | undefined } {
  return { requestId: error.requestId, correlationId: error.correlationId, traceId: error.traceId, httpStatus: error.status };
}

function exchangeOf(ids: Partial<ProviderIds> & { requestId: string; traceId?: string | undefined; correlationId?: string | undefined; httpStatus?: number | undefined }, attempts: number): ExchangeIds {
  return {
    requestId: ids.requestId,
    attempts,
    ...(ids.correlationId === undefined ? {} : { correlationId: ids.correlationId }),
    ...(ids.traceId === undefined ? {} : { traceId: ids.traceId }),
    ...(ids.httpStatus === undefined ? {} : { httpStatus: ids.httpStatus }),
  };
}
