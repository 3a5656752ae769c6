import type { Booking, OutcomeMessage } from '../../preload/contract';
import type { ExchangeIds, ProtocolFailure, ProtocolFailureKind } from './booking-protocol';

type Base = Pick<OutcomeMessage, 'at'> & { exchange?: ExchangeIds; code?: string };

function ids(b: Base): Partial<OutcomeMessage> {
  const e = b.exchange;
  return {
    ...(e === undefined ? {} : { requestId: e.requestId }),
    ...(e?.httpStatus === undefined ? {} : { httpStatus: e.httpStatus }),
    ...(e?.traceId === undefined ? {} : { sspTraceId: e.traceId }),
    ...(b.code === undefined ? {} : { providerCode: b.code }),
    at: b.at,
  };
}

const msg = (operation: OutcomeMessage['operation'], tone: OutcomeMessage['tone'], title: string, known: string, next: string, base: Base, notKnown?: string): OutcomeMessage => ({
  operation,
  tone,
  title,
  known,
  ...(notKnown === undefined ? {} : { notKnown }),
  next,
  ...ids(base),
  at: base.at,
});

/** "phone Riverside UTC on 0113 496 0100", or the plain fact that the directory gave no number. */
export function phoneTo(b: Pick<Booking, 'serviceName' | 'servicePhone'>): string {
  return b.servicePhone === undefined ? `phone ${b.serviceName} (the directory lists no phone number for it: use your local service list)` : `phone ${b.serviceName} on ${b.servicePhone}`;
}

function phoneAdvice(b: Booking): string {
  return `If it stays unknown, ${phoneTo(b)}.`;
}

export const bookedMessage = (b: Booking, base: Base): OutcomeMessage =>
  msg('book', 'success', `Booked: ${b.serviceName} ${b.slotText}`, `${b.serviceName} confirmed the appointment (reference ${b.reference}).`, 'Tell the patient the time and place, then send the referral if the service takes one.', base);

export const bookUnknownMessage = (b: Booking, base: Base): OutcomeMessage =>
  msg(
    'book',
    'uncertain',
    `Checking with ${b.serviceName} whether the booking was made — do not book again`,
    `The request for ${b.slotText} was sent, but ${b.serviceName}'s answer was lost or could not be read.`,
    `We keep asking in the background with the same request, which cannot book twice. Do not book again or send the referral until we know. ${phoneAdvice(b)}`,
    base,
    'Whether the appointment was made.',
  );

/** The failure's ids and code go to the service desk fields of the message, never into its words. */
function withFailure(base: Base, failure: ProtocolFailure): Base {
  return { ...base, exchange: failure.exchange, ...(failure.code === undefined ? {} : { code: failure.code }) };
}

export function bookFailedMessage(b: Booking, failure: ProtocolFailure, base: Base): OutcomeMessage {
  return { ...bookFailedText(b, failure.kind, withFailure(base, failure)), failureKind: failure.kind };
}

const DESK_CODE = 'call the IT service desk with the service desk code below';

/** Codes stay in the service desk fields (`providerCode`, `httpStatus`); the text is plain words. */
function bookFailedText(b: Booking, kind: ProtocolFailureKind, f: Base): OutcomeMessage {
  const fail = (title: string, known: string, next: string, notKnown?: string): OutcomeMessage => msg('book', 'failure', title, known, next, f, notKnown);
  const elsewhere = 'Choose another service or send a referral';
  switch (kind) {
    case 'slot-unavailable':
      return fail('That appointment is no longer free', `${b.serviceName} said ${b.slotText} is no longer available. Nothing was booked.`, 'Search again and choose another appointment.');
    case 'request-rejected':
      return fail(
        'The service refused the booking request',
        `${b.serviceName} did not accept the request for ${b.slotText}. Nothing was booked, and the service did not say the appointment is unavailable.`,
        `Check the patient details. If they are right, ${DESK_CODE}, and send a referral meanwhile.`,
      );
    case 'not-authorised':
      return fail('This system is not authorised to book with this service', `${b.serviceName} refused the request as not authorised. Nothing was booked.`, `${cap(DESK_CODE)}. ${elsewhere} meanwhile.`);
    case 'unsupported':
      return fail('This service does not take bookings made this way', `${b.serviceName} does not support the booking request this system sends. Nothing was booked.`, `${elsewhere}, and ${DESK_CODE}.`);
    case 'not-found':
      return fail('The service did not recognise the booking request', `${b.serviceName} answered that it does not know the service or appointment asked for. Nothing was booked.`, `${elsewhere}, and ${DESK_CODE}.`);
    case 'misconfigured':
      return fail('The booking was not sent', `The directory holds an unusable address for ${b.serviceName}, so nothing was sent and nothing was booked.`, `${elsewhere}, and ${DESK_CODE}.`);
    case 'malformed':
      return fail(
        'The service’s answer could not be read',
        `${b.serviceName} answered the request for ${b.slotText}, but this system cannot read the answer, and it did not confirm a booking.`,
        `Before booking anything else, ${phoneTo(b)} to check whether the appointment was made. Then ${DESK_CODE}.`,
        'Whether the appointment was made.',
      );
    case 'version-conflict':
      return fail('The booking was not made', `${b.serviceName} refused the request for ${b.slotText} as out of date. Nothing was booked.`, `Search again and choose the appointment again, or ${elsewhere.toLowerCase()}.`);
    case 'provider-unavailable':
      return fail('The booking was not made', `${b.serviceName} could not be reached or had a fault, and did not book ${b.slotText}.`, `Try again in a few minutes, or ${elsewhere.toLowerCase()}.`);
    case 'timeout':
      return fail('The booking was not made', `${b.serviceName} did not take the request for ${b.slotText} in time, and did not book it.`, `Try again in a few minutes, or ${elsewhere.toLowerCase()}.`);
  }
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const cancelledMessage = (b: Booking, base: Base): OutcomeMessage =>
  msg('cancel', 'success', `Cancelled: ${b.serviceName} ${b.slotText}`, `${b.serviceName} confirmed the appointment ${b.reference} is cancelled.`, 'Tell the patient. Book again if they still need an appointment.', base);

export const cancelUnknownMessage = (b: Booking, base: Base): OutcomeMessage =>
  msg(
    'cancel',
    'uncertain',
    `Checking with ${b.serviceName} whether the appointment was cancelled`,
    `The cancel request for ${b.reference} was sent, but the answer was lost.`,
    'We are reading the appointment back from the service. Treat it as booked until we know.',
    base,
    'Whether the appointment is cancelled.',
  );

/**
 * A cancel the Provider did not carry out. `failure` is absent when reading the appointment back
 * showed it still booked. A 404 is not "still booked": see cancelNoSuchAppointmentMessage.
 */
export function cancelNotDoneMessage(b: Booking, failure: ProtocolFailure | undefined, base: Base): OutcomeMessage {
  if (failure?.kind === 'not-found') return { ...cancelNoSuchAppointmentMessage(b, withFailure(base, failure)), failureKind: failure.kind };
  if (failure?.kind === 'malformed') return { ...cancelUnreadableMessage(b, withFailure(base, failure)), failureKind: failure.kind };
  const f = failure === undefined ? base : withFailure(base, failure);
  const { why, next } = cancelRefusal(b, failure?.kind);
  const m = msg('cancel', 'failure', `Not cancelled: appointment ${b.reference} is still booked`, `${why} The appointment ${b.slotText} is still booked.`, next, f);
  return failure === undefined ? m : { ...m, failureKind: failure.kind };
}

/** Why the cancel did not happen, and what to do: retry only where a retry can help. */
function cancelRefusal(b: Booking, kind: Exclude<ProtocolFailureKind, 'not-found' | 'malformed'> | undefined): { why: string; next: string } {
  const retry = `Try the cancel again in a few minutes, or ${phoneTo(b)} to cancel it. Call the IT service desk with the service desk code below if it keeps failing.`;
  const byPhone = `${cap(phoneTo(b))} to cancel it, and ${DESK_CODE}.`;
  switch (kind) {
    case undefined:
      return { why: `${b.serviceName} still shows the appointment as booked.`, next: retry };
    case 'version-conflict':
      return { why: `The appointment was changed at ${b.serviceName} while we cancelled it, twice.`, next: retry };
    case 'not-authorised':
      return { why: `${b.serviceName} refused the cancel as not authorised.`, next: byPhone };
    case 'unsupported':
      return { why: `${b.serviceName} does not accept a cancel sent this way.`, next: byPhone };
    case 'misconfigured':
      return { why: `The directory holds an unusable address for cancelling at ${b.serviceName}, so the cancel was not sent.`, next: byPhone };
    case 'request-rejected':
    case 'slot-unavailable':
      return { why: `${b.serviceName} did not accept the cancel.`, next: retry };
    case 'provider-unavailable':
      return { why: `${b.serviceName} could not be reached or had a fault, and did not cancel the appointment.`, next: retry };
    case 'timeout':
      return { why: `${b.serviceName} did not answer in time, so the cancel was not made.`, next: retry };
  }
}

/**
 * The Provider answered 404: it has no such appointment. That is not "still booked", nor
 * "cancelled": it may have been cancelled already, or be held under another number.
 */
export const cancelNoSuchAppointmentMessage = (b: Booking, base: Base): OutcomeMessage =>
  msg(
    'cancel',
    'uncertain',
    `Not cancelled: ${b.serviceName} says it has no appointment ${b.reference}`,
    `${b.serviceName} answered that it has no such appointment, so nothing was cancelled. We do not know whether the patient still has the appointment ${b.slotText}: it may have been cancelled already.`,
    `${cap(phoneTo(b))} to confirm whether the patient still has an appointment, and cancel it by phone if they do. Tell the patient what the service says.`,
    base,
    'Whether the patient still has this appointment.',
  );

/** The answer to a cancel could not be read: whether it was cancelled is not known. */
const cancelUnreadableMessage = (b: Booking, base: Base): OutcomeMessage =>
  msg(
    'cancel',
    'uncertain',
    `Cancel of appointment ${b.reference} not confirmed`,
    `${b.serviceName} answered, but this system cannot read the answer.`,
    `${cap(phoneTo(b))} to check whether the appointment ${b.slotText} is cancelled, and cancel it by phone if it is not. Then ${DESK_CODE}.`,
    base,
    'Whether the appointment is cancelled.',
  );

export const stillCheckingMessage = (b: Booking, base: Base, what: 'booking' | 'cancel'): OutcomeMessage =>
  msg(
    'check',
    'uncertain',
    `Still checking with ${b.serviceName}`,
    `${b.serviceName} has not given a definite answer yet about the ${what} of ${b.reference}.`,
    `${what === 'booking' ? 'Do not book again.' : 'Treat the appointment as booked.'} We keep asking; ${phoneTo(b)} if it stays unknown.`,
    base,
    what === 'booking' ? 'Whether the appointment was made.' : 'Whether the appointment is cancelled.',
  );
