import type { Booking, OutcomeMessage } from '../../preload/contract';
import type { ExchangeIds, ProtocolFailure } from './booking-protocol';

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

export function bookFailedMessage(b: Booking, failure: ProtocolFailure, base: Base): OutcomeMessage {
  const f = { ...base, exchange: failure.exchange, ...(failure.code === undefined ? {} : { code: failure.code }) };
  return { ...bookFailedText(b, failure, f), failureKind: failure.kind };
}

function bookFailedText(b: Booking, failure: ProtocolFailure, f: Base): OutcomeMessage {
  switch (failure.kind) {
    case 'slot-unavailable':
      return msg('book', 'failure', 'That appointment is no longer free', `${b.serviceName} said ${b.slotText} has been taken. Nothing was booked.`, 'Search again and choose another appointment.', f);
    case 'request-rejected':
      return msg(
        'book',
        'failure',
        'The service refused the booking request',
        `${b.serviceName} did not accept the request for ${b.slotText}${failure.code === undefined ? '' : ` (code ${failure.code})`}. Nothing was booked, and the service did not say the appointment is unavailable.`,
        'Check the patient details. If they are right, call the IT service desk with the service desk code below, and send a referral meanwhile.',
        f,
      );
    case 'not-authorised':
      return msg('book', 'failure', 'This system is not authorised to book with this service', `${b.serviceName} refused the request as not authorised. Nothing was booked.`, 'Call the IT service desk with the service desk code below. Send a referral meanwhile.', f);
    case 'provider-unavailable':
    case 'timeout':
    case 'malformed':
    case 'misconfigured':
    case 'not-found':
    case 'unsupported':
    case 'version-conflict':
      return msg('book', 'failure', 'The booking was not made', `${b.serviceName} could not take the booking (${failure.kind}). Nothing was booked.`, 'Try again in a few minutes, choose another service, or send a referral.', f);
  }
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

export function cancelNotDoneMessage(b: Booking, failure: ProtocolFailure | undefined, base: Base): OutcomeMessage {
  const f = failure === undefined ? base : { ...base, exchange: failure.exchange, ...(failure.code === undefined ? {} : { code: failure.code }) };
  const why =
    failure === undefined
      ? `${b.serviceName} still shows the appointment as booked.`
      : failure.kind === 'version-conflict'
        ? `The appointment was changed at ${b.serviceName} while we cancelled it, twice.`
        : failure.kind === 'not-authorised'
          ? `${b.serviceName} refused the cancel as not authorised.`
          : `${b.serviceName} did not accept the cancel (${failure.kind}).`;
  const m = msg(
    'cancel',
    'failure',
    `Not cancelled: appointment ${b.reference} is still booked`,
    `${why} The appointment ${b.slotText} is still booked.`,
    `Try the cancel again in a few minutes, or ${phoneTo(b)} to cancel it. Call the IT service desk with the service desk code below if it keeps failing.`,
    f,
  );
  return failure === undefined ? m : { ...m, failureKind: failure.kind };
}

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
