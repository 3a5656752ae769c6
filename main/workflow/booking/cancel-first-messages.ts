import type { Booking, OutcomeMessage } from '../../../preload/contract';
import { phoneTo } from '../booking-messages';

/**
 * What a cancel-first rebook (BaRS App1) tells the clinician at each step: whether the original
 * appointment is cancelled and whether the new one is booked, always both, in plain words.
 */

/** The service desk's ids (and the failure kind the screen acts on) of the step that decided it. */
function deskIds(from: OutcomeMessage | undefined): Partial<OutcomeMessage> {
  if (from === undefined) return {};
  const { requestId, httpStatus, sspTraceId, providerCode, failureKind } = from;
  return {
    ...(requestId === undefined ? {} : { requestId }),
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(sspTraceId === undefined ? {} : { sspTraceId }),
    ...(providerCode === undefined ? {} : { providerCode }),
    ...(failureKind === undefined ? {} : { failureKind }),
  };
}

/** Said before the clinician confirms a rebook of an appointment whose standard cancels first. */
export const CANCEL_FIRST_NOTE = 'The original appointment is cancelled first; the new one is booked only once the service confirms the cancel.';

export const startingText = 'Cancelling the original appointment first; the new one is booked once the service confirms the cancel.';

export function checkingOldMessage(old: Booking, at: string): OutcomeMessage {
  return {
    operation: 'rebook',
    tone: 'uncertain',
    title: `Checking with ${old.serviceName} whether appointment ${old.reference} was cancelled`,
    known: `The cancel of appointment ${old.reference} (${old.slotText}) was sent, but its answer was lost. The new appointment is not booked yet: it is booked only once the cancel is confirmed.`,
    notKnown: 'Whether the original appointment is cancelled.',
    next: `Treat appointment ${old.reference} as booked until we know; we book the new one as soon as the cancel is confirmed. If it stays unknown, ${phoneTo(old)}.`,
    at,
    ...deskIds(old.lastOutcome),
  };
}

export function nothingChangedMessage(old: Booking, at: string): OutcomeMessage {
  return {
    operation: 'rebook',
    tone: 'failure',
    title: `Not rebooked: appointment ${old.reference} is still booked; nothing was changed`,
    known: `${old.serviceName} did not cancel appointment ${old.reference} (${old.slotText}), so the new appointment was not booked. The original appointment is still booked; nothing was changed.`,
    next: `The patient keeps appointment ${old.reference}. To change it, try again in a few minutes, or ${phoneTo(old)}.`,
    at,
    ...deskIds(old.lastOutcome),
  };
}

export function checkingNewMessage(old: Booking, fresh: Booking, at: string): OutcomeMessage {
  return {
    operation: 'rebook',
    tone: 'uncertain',
    title: `Appointment ${old.reference} cancelled; checking whether the new appointment was booked`,
    known: `${old.serviceName} confirmed the original appointment ${old.reference} (${old.slotText}) is cancelled. The new appointment ${fresh.reference} (${fresh.slotText}) was requested, but the answer was lost.`,
    notKnown: 'Whether the new appointment is booked.',
    next: `Do not book again while we check. If it stays unknown, ${phoneTo(fresh)}.`,
    at,
    ...deskIds(fresh.lastOutcome),
  };
}

export function doneMessage(old: Booking, fresh: Booking, at: string): OutcomeMessage {
  return {
    operation: 'rebook',
    tone: 'success',
    title: `Rebooked: ${fresh.serviceName} ${fresh.slotText}`,
    known: `The original appointment ${old.reference} (${old.slotText}) is cancelled, and the new appointment ${fresh.reference} (${fresh.slotText}) is booked.`,
    next: 'Tell the patient the new time. Send a referral update if the service takes referrals.',
    at,
    ...deskIds(fresh.lastOutcome),
  };
}

/** The clinical cost of cancelling first: the patient has lost the old appointment and has no new one. Impossible to miss. */
export function noAppointmentMessage(old: Booking, fresh: Booking, at: string): OutcomeMessage {
  const why = fresh.lastOutcome?.title;
  return {
    operation: 'rebook',
    tone: 'failure',
    title: `The patient now has NO appointment with ${old.serviceName}: the original appointment ${old.reference} IS cancelled and the new one was NOT booked`,
    known: `Appointment ${old.reference} (${old.slotText}) is cancelled. The new appointment ${fresh.slotText} was not booked${why === undefined ? '' : ` (${why})`}.`,
    next: 'Choose another appointment and book it now: the patient has no appointment until you do.',
    at,
    ...deskIds(fresh.lastOutcome),
  };
}
