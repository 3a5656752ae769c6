import type { Booking, OutcomeMessage, PhoneRecord } from '../../../preload/contract';
import { formatDateTime } from '../../../preload/contract';
import { phoneTo } from '../booking-messages';

/** Messages for the outcomes a person settles: a request never sent, a phone check, what the service said. */

export const neverSentMessage = (b: Booking, at: string): OutcomeMessage => ({
  operation: 'book',
  tone: 'failure',
  title: 'The booking was not sent',
  known: `The app stopped before the request for ${b.slotText} was sent to ${b.serviceName}. Nothing was sent, so nothing was booked.`,
  next: 'Book again if the patient still needs an appointment.',
  at,
});

export const phoneCheckMessage = (b: Booking, at: string, what: 'booked' | 'cancelled'): OutcomeMessage => ({
  operation: 'check',
  tone: 'uncertain',
  title: `Phone ${b.serviceName} now: we could not find out whether the appointment was ${what}`,
  known: `Automatic checks since ${formatDateTime(b.statusSince)} have not had a definite answer from ${b.serviceName}.`,
  notKnown: what === 'booked' ? 'Whether the appointment was made.' : 'Whether the appointment is cancelled.',
  next: `${capital(phoneTo(b))}, give the patient’s name, date of birth and the time ${b.slotText}, then record what they tell you. ${what === 'booked' ? 'Do not book again until you know.' : 'Treat the appointment as booked until you know.'}`,
  at,
});

const SAID: Record<PhoneRecord['said'], string> = {
  booked: 'the appointment is booked',
  'not-booked': 'the appointment was not booked',
  cancelled: 'the appointment is cancelled',
  'still-booked': 'the appointment is still booked',
};

export function serviceAnswerMessage(b: Booking, record: PhoneRecord): OutcomeMessage {
  const ref = record.serviceReference === undefined ? '' : ` (their reference ${record.serviceReference})`;
  const next =
    record.said === 'booked'
      ? 'Tell the patient the time and place, then send the referral if the service takes one.'
      : record.said === 'not-booked'
        ? 'Book again if the patient still needs an appointment.'
        : record.said === 'cancelled'
          ? 'Tell the patient. Book again if they still need an appointment.'
          : 'The appointment stands. Cancel it again or ask the service to cancel it, if it is not needed.';
  return {
    operation: 'check',
    tone: record.said === 'booked' || record.said === 'cancelled' ? 'success' : 'info',
    title: `Recorded from a phone call: ${SAID[record.said]}${ref}`,
    known: `${record.byName} phoned ${b.serviceName} on ${record.phoneNumber} at ${formatDateTime(record.at)} and was told ${SAID[record.said]}${ref}. The service's own system has not confirmed it to this app.`,
    next,
    at: record.at,
  };
}

export function contradictionText(record: PhoneRecord, providerSays: string): string {
  return `The service's system now says ${providerSays}, but ${record.byName} recorded by phone at ${formatDateTime(record.at)} that ${SAID[record.said]}. Phone the service again to find out which is right.`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
