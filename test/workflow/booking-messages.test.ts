/**
 * Issue 18: clinicians saw internal codes ("(provider-unavailable)", "(unsupported)"), were told to
 * try again where no retry can help (415, a cancel answered 403 or 404), and a cancel answered
 * "no such appointment" said the appointment "is still booked". Every message, for every failure
 * kind and operation, with and without the service's phone number, is checked here.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, OutcomeMessage, type Booking } from '../../preload/contract';
import type { ProtocolFailure, ProtocolFailureKind } from '../../main/workflow/booking-protocol';
import * as M from '../../main/workflow/booking-messages';

const AT = '2026-06-09T13:30:00.000Z';
const KINDS = OutcomeMessage.shape.failureKind.unwrap().options as readonly ProtocolFailureKind[];
/** Failures a retry of the same request cannot mend (401/403, 404, 405/415/501, unreadable, bad address). */
const NO_RETRY: readonly ProtocolFailureKind[] = ['not-authorised', 'not-found', 'unsupported', 'malformed', 'misconfigured'];
const RETRY_ADVICE = /try again|retry|again in a (few )?minute/i;
/** Issue 9: advice for picking a service does not fit a cancel. */
const NOT_FOR_A_CANCEL = /another service|refer the patient|send a referral|patient details/i;
/** Every internal code a clinician must not see: failure kinds and the contract's error codes. */
const INTERNAL_WORDS = [...KINDS, ...ErrorCode.options];

const withPhone = { serviceName: 'Riverside UTC', servicePhone: '0113 496 0100', slotText: 'Tue 9 Jun 2026, 15:10–15:20', reference: 'K7Q-2MX/1' } as Booking;
const noPhone = { serviceName: 'Riverside UTC', slotText: 'Tue 9 Jun 2026, 15:10–15:20', reference: 'K7Q-2MX/1' } as Booking;

function failureOf(kind: ProtocolFailureKind, code = 'REC_UNPROCESSABLE_ENTITY'): ProtocolFailure {
  return { kind, code, detail: 'TECHNICAL DETAIL 9434765919', exchange: { requestId: 'req-1', httpStatus: 422, traceId: 'trace-1', attempts: 1 } };
}

const textOf = (m: OutcomeMessage): string => [m.title, m.known, m.notKnown ?? '', m.next].join('\n');

function expectPlain(m: OutcomeMessage, failure?: ProtocolFailure): void {
  const text = textOf(m);
  expect(text).not.toMatch(/\([a-z]+(-[a-z0-9]+)+\)/);
  for (const word of INTERNAL_WORDS) expect(text.toLowerCase()).not.toMatch(new RegExp(`(^|[^a-z-])${word}([^a-z-]|$)`));
  if (failure !== undefined) {
    expect(text).not.toContain(failure.code);
    expect(text).not.toContain(failure.detail);
    // The codes stay where the service desk reads them.
    expect(m).toMatchObject({ providerCode: failure.code, httpStatus: 422, requestId: 'req-1', sspTraceId: 'trace-1', failureKind: failure.kind });
  }
}

type Render = [operation: 'book' | 'cancel', kind: ProtocolFailureKind, phone: 'with phone' | 'no phone'];
const RENDERS: Render[] = KINDS.flatMap((kind) => (['book', 'cancel'] as const).flatMap((op) => (['with phone', 'no phone'] as const).map((p): Render => [op, kind, p])));

describe('a failed booking or cancel, for every failure kind', () => {
  it.each(RENDERS)('%s failed with %s (%s): plain words, no code, advice that fits', (operation, kind, phone) => {
    const b = phone === 'with phone' ? withPhone : noPhone;
    const failure = failureOf(kind);
    const m = operation === 'book' ? M.bookFailedMessage(b, failure, { at: AT }) : M.cancelNotDoneMessage(b, failure, { at: AT });
    expect(m.operation).toBe(operation);
    expectPlain(m, failure);
    if (NO_RETRY.includes(kind)) expect(m.next).not.toMatch(RETRY_ADVICE);
    if (operation === 'cancel') {
      expect(`${m.known} ${m.next}`).not.toMatch(NOT_FOR_A_CANCEL);
      // A cancel that failed always says how to reach the service.
      expect(m.next.toLowerCase()).toContain(phone === 'with phone' ? 'phone riverside utc on 0113 496 0100' : 'the directory lists no phone number');
    }
  });

  it('every book failure kind has its own wording for what is known', () => {
    const known = KINDS.map((k) => M.bookFailedMessage(withPhone, failureOf(k), { at: AT }).known);
    expect(new Set(known).size).toBe(KINDS.length);
  });
});

describe('a cancel the Provider answered 404 (no such appointment)', () => {
  it.each([
    ['with phone', withPhone],
    ['no phone', noPhone],
  ] as const)('%s: says the service has no such appointment, never "still booked", and says to phone to confirm', (_name, b) => {
    const m = M.cancelNotDoneMessage(b, failureOf('not-found', 'NO_RECORD_FOUND'), { at: AT });
    expect(textOf(m)).not.toMatch(/still booked/i);
    expect(m.title).toBe('Not cancelled: Riverside UTC says it has no appointment K7Q-2MX/1');
    expect(m.known).toContain('Riverside UTC answered that it has no such appointment');
    expect(m.tone).toBe('uncertain');
    expect(m.notKnown).toBe('Whether the patient still has this appointment.');
    expect(m.next).toMatch(/^Phone Riverside UTC .*to confirm/);
    if (b.servicePhone !== undefined) expect(m.next).toContain(`on ${b.servicePhone}`);
    expect(m.next).not.toMatch(RETRY_ADVICE);
  });

  it('the same text is there for a read-back that finds no appointment (no failure object)', () => {
    const m = M.cancelNoSuchAppointmentMessage(withPhone, { at: AT, exchange: { requestId: 'req-2', httpStatus: 404, attempts: 1 } });
    expect(m).toMatchObject({ operation: 'cancel', tone: 'uncertain', httpStatus: 404, requestId: 'req-2' });
    expect(textOf(m)).not.toMatch(/still booked/i);
    expectPlain(m);
  });
});

describe('a cancel that can be retried', () => {
  it.each<[string, ProtocolFailureKind | undefined]>([
    ['read back still booked', undefined],
    ['version conflict twice', 'version-conflict'],
    ['Provider fault', 'provider-unavailable'],
    ['no answer in time', 'timeout'],
    ['request refused', 'request-rejected'],
  ])('%s: still booked, and says to try the cancel again or phone', (_name, kind) => {
    const m = M.cancelNotDoneMessage(withPhone, kind === undefined ? undefined : failureOf(kind), { at: AT });
    expect(m.title).toBe('Not cancelled: appointment K7Q-2MX/1 is still booked');
    expect(m.next).toContain('Try the cancel again');
    expect(m.next).toContain('phone Riverside UTC on 0113 496 0100');
  });
});

describe('the other booking messages', () => {
  it.each([
    ['booked', (b: Booking) => M.bookedMessage(b, { at: AT })],
    ['book answer lost', (b: Booking) => M.bookUnknownMessage(b, { at: AT })],
    ['still checking a booking', (b: Booking) => M.stillCheckingMessage(b, { at: AT }, 'booking')],
    ['still checking a cancel', (b: Booking) => M.stillCheckingMessage(b, { at: AT }, 'cancel')],
    ['cancelled', (b: Booking) => M.cancelledMessage(b, { at: AT })],
    ['cancel answer lost', (b: Booking) => M.cancelUnknownMessage(b, { at: AT })],
  ] as const)('%s: plain words, with and without a phone number', (_name, render) => {
    for (const b of [withPhone, noPhone]) expectPlain(render(b));
  });
});
