import type { Booking, BookingResult, OutcomeMessage, ProviderOutcome } from '../../../preload/contract';

/** One main-written outcome as the older one-line outcome component shows it (wording is main's). */
export function asProviderOutcome(o: OutcomeMessage): ProviderOutcome {
  return {
    ok: o.tone === 'success',
    message: [o.title, o.known, o.notKnown === undefined ? undefined : `Not known yet: ${o.notKnown}`, o.next].filter((x) => x !== undefined).join(' — '),
    ...(o.requestId === undefined ? {} : { requestId: o.requestId }),
    ...(o.httpStatus === undefined ? {} : { httpStatus: o.httpStatus }),
  };
}

/** The appointment a booking call acted on, as main returned it. */
export function actedOn(result: BookingResult): Booking | undefined {
  return result.case.bookings.find((b) => b.id === result.bookingId);
}
