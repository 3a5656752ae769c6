import { changedSince } from './referral-gate';
import type { Booking, CaseAction, CaseBookingView, CaseHeadline, OutcomeMessage, Rebook, ReferralState, ReferralSummary, SentReferral } from '../../preload/contract';
import { formatDateTime, formatDuration, formatSlotTimes, formatTime } from '../../preload/contract';
import type { StoredBooking, StoredCase } from '../cases';
import { isLive, isUnsettled } from './booking-state';
import { phoneTo } from './booking-messages';
import { bookingReference, caseReference, providerNumber } from './references';
import { CANCEL_FIRST_NOTE } from './booking/cancel-first-messages';

/** An appointment as the renderer gets it: every label written here. */
export function bookingFor(stored: StoredBooking, doc: StoredCase): Booking {
  const deadline = doc.outcome.deadline;
  const late = Math.floor((new Date(stored.slot.start).getTime() - new Date(deadline).getTime()) / 60_000);
  const outside = stored.slot.outsideTimeframe;
  const number = providerNumber(stored.serviceName, stored.appointmentId);
  // Bookings saved before the phone was kept with them: the chosen service's number, if it is theirs.
  const phone = stored.servicePhone ?? (doc.service?.serviceId === stored.serviceId ? doc.service.phone : undefined);
  return {
    ...stored,
    slotText: formatSlotTimes(stored.slot.start, stored.slot.end),
    statusText: statusText(stored),
    live: isLive(stored.status),
    reference: bookingReference(caseReference(doc.id), stored.sequence),
    ...(number === undefined ? {} : { providerNumber: number }),
    ...(phone === undefined ? {} : { servicePhone: phone }),
    timeframe: {
      deadline,
      minutesAfterDeadline: late,
      outside,
      text: outside ? `${formatDuration(late)} after the deadline (${formatDateTime(deadline)})` : `Within the timeframe (deadline ${formatDateTime(deadline)})`,
    },
  };
}

function statusText(b: StoredBooking): string {
  switch (b.status) {
    case 'pending':
      return `Sending to ${b.serviceName}`;
    case 'booked':
      return 'Booked';
    case 'failed':
      return 'Not booked';
    case 'unknown':
      return b.phoneCheck === undefined ? `Checking with ${b.serviceName} whether it was booked` : `Not known whether it was booked: phone ${b.serviceName}`;
    case 'cancelling':
      return 'Cancelling';
    case 'cancelled':
      return 'Cancelled';
    case 'cancel-unknown':
      return b.phoneCheck === undefined ? `Checking with ${b.serviceName} whether it was cancelled` : `Not known whether it was cancelled: phone ${b.serviceName}`;
  }
}

export interface ViewInput {
  doc: StoredCase;
  bookings: readonly Booking[];
  rebooks: readonly Rebook[];
  referrals: readonly ReferralSummary[];
  /** The latest outcome of an operation, when the caller has one. */
  lastOutcome?: OutcomeMessage;
}

/** The case's appointments as one view: headline, actions, rebooks and referral state. */
export function caseBookingView(input: ViewInput): CaseBookingView {
  const { doc, bookings } = input;
  const live = bookings.filter((b) => b.live);
  const checking = bookings.some((b) => isUnsettled(b.status));
  const referral = referralState(input, checking);
  const latest = [...bookings].reverse().find((b) => b.lastOutcome !== undefined)?.lastOutcome;
  const lastOutcome = input.lastOutcome ?? latest;
  return {
    headline: withContradictions(headline(input, live), bookings),
    caseReference: caseReference(doc.id),
    liveCount: live.length,
    checking,
    rebooks: [...input.rebooks],
    actions: actions(input, live, checking, referral),
    referral,
    ...(lastOutcome === undefined ? {} : { lastOutcome }),
  };
}

function headline(input: ViewInput, live: readonly Booking[]): CaseHeadline {
  const about = (b: Booking) => ({
    bookingId: b.id,
    reference: b.reference,
    serviceName: b.serviceName,
    slot: b.slot,
    slotText: b.slotText,
    ...(b.servicePhone === undefined ? {} : { servicePhone: b.servicePhone }),
    ...(b.providerNumber === undefined ? {} : { providerNumber: b.providerNumber }),
  });
  const unknown = input.bookings.find((b) => b.status === 'unknown' || b.status === 'pending');
  if (unknown !== undefined) {
    const also = live.filter((b) => b.id !== unknown.id && b.status === 'booked');
    return {
      tone: unknown.phoneCheck === undefined ? 'checking' : 'attention',
      title:
        unknown.phoneCheck === undefined
          ? `Checking with ${unknown.serviceName} whether the booking was made — do not book again`
          : `Not known whether ${unknown.serviceName} booked the appointment — phone them now, do not book again`,
      ...about(unknown),
      since: unknown.statusSince,
      lines: [
        `Appointment being booked: ${unknown.slotText}.`,
        ...also.map((b) => `Still booked: ${b.serviceName} ${b.slotText} (appointment ${b.reference}).`),
      ],
      ifStillUnknown: stillUnknownAdvice(unknown, 'booked'),
      copyText: '',
    };
  }
  const cancelUnknown = input.bookings.find((b) => b.status === 'cancel-unknown' || b.status === 'cancelling');
  if (cancelUnknown !== undefined) {
    return {
      tone: cancelUnknown.phoneCheck === undefined ? 'checking' : 'attention',
      title:
        cancelUnknown.phoneCheck === undefined
          ? `Checking with ${cancelUnknown.serviceName} whether the appointment was cancelled — treat it as booked until we know`
          : `Not known whether ${cancelUnknown.serviceName} cancelled the appointment — phone them now; treat it as booked until you know`,
      ...about(cancelUnknown),
      since: cancelUnknown.statusSince,
      lines: [`Appointment: ${cancelUnknown.slotText}.`],
      ifStillUnknown: stillUnknownAdvice(cancelUnknown, 'cancelled'),
      copyText: '',
    };
  }
  const booked = live.filter((b) => b.status === 'booked');
  const main = booked.at(-1);
  if (main !== undefined) {
    const others = booked.filter((b) => b.id !== main.id);
    return {
      tone: 'booked',
      title: `Booked: ${main.serviceName} ${main.slotText}`,
      ...about(main),
      lines: [
        ...(main.approval === undefined ? [] : [`After the deadline, approved by ${main.approval.approverName} (${main.approval.approverRole}${main.approval.registrationNumber !== undefined ? `, ${main.approval.registrationBody ?? ''} ${main.approval.registrationNumber}` : ''}): ${main.approval.reason}`]),
        ...others.map((b) => `Also booked (additional appointment): ${b.serviceName} ${b.slotText} (appointment ${b.reference}).`),
      ],
      copyText: copyText(main, input.doc),
    };
  }
  const last = input.bookings.at(-1);
  if (last === undefined) return { tone: 'none', title: 'No appointment booked yet', lines: [], copyText: '' };
  if (last.status === 'cancelled') {
    return { tone: 'cancelled', title: `No appointment booked: appointment ${last.reference} was cancelled`, ...about(last), lines: [], copyText: '' };
  }
  return { tone: 'failed', title: `Not booked: ${last.serviceName} ${last.slotText}`, ...about(last), lines: [], copyText: '' };
}

/** What the service's system said against a phone record is put in front of the clinician, never folded away. */
function withContradictions(h: CaseHeadline, bookings: readonly Booking[]): CaseHeadline {
  const lines = bookings.flatMap((b) => (b.contradiction === undefined ? [] : [`Appointment ${b.reference}: ${b.contradiction.text}`]));
  return lines.length === 0 ? h : { ...h, tone: 'attention', lines: [...lines, ...h.lines] };
}

/**
 * What to do if the answer never comes: phone the service. The service knows the appointment by
 * the patient and the time, and by its own number once it gave one (never by our reference).
 */
export const PHONE_AFTER_MINUTES = 10;

function stillUnknownAdvice(b: Booking, what: 'booked' | 'cancelled'): string {
  const theirs = b.providerNumber === undefined ? '' : `, their appointment number ${b.providerNumber.full}`;
  const ask = `${phoneTo(b)}, give the patient’s name and date of birth and the time ${b.slotText}${theirs}, and ask whether it was ${what}. Then record what they tell you.`;
  const dont = what === 'booked' ? ' Do not book this patient again until you know.' : ' Treat the appointment as booked until you know.';
  if (b.phoneCheck !== undefined) return `Now: ${ask}${dont}`;
  // A time of day, not "in 10 minutes": it stays true however long the screen has been open.
  const by = formatTime(new Date(new Date(b.statusSince).getTime() + PHONE_AFTER_MINUTES * 60_000).toISOString());
  return `If we still do not know by ${by}, ${ask}${dont}`;
}

function copyText(b: Booking, doc: StoredCase): string {
  const place = b.slot.location?.name ?? b.slot.healthcareService;
  return [
    `Appointment with ${b.serviceName}`,
    `When: ${b.slotText} (UK time)`,
    ...(place === undefined ? [] : [`Where: ${place}`]),
    `Reference: ${b.reference}`,
    ...(b.providerNumber === undefined ? [] : [`${b.providerNumber.label}: ${b.providerNumber.full}`]),
    ...(b.servicePhone === undefined ? [] : [`Phone ${b.serviceName}: ${b.servicePhone}`]),
    `Patient: ${doc.patient.given} ${doc.patient.family.toUpperCase()}`,
  ].join('\n');
}

function referralState(input: ViewInput, checking: boolean): ReferralState {
  const { doc, bookings, referrals } = input;
  const service = doc.service;
  const byId = new Map(bookings.map((b) => [b.id, b]));
  const nameOf = (serviceId: string): string => (service?.serviceId === serviceId ? service.name : 'the service');
  const sent: SentReferral[] = referrals.map((r) => {
    const b = r.bookingId === undefined ? undefined : byId.get(r.bookingId);
    return {
      referralId: r.id,
      documentId: r.documentId,
      status: r.status,
      ...(r.sentAt === undefined ? {} : { sentAt: r.sentAt }),
      ...(r.bookingId === undefined ? {} : { bookingId: r.bookingId }),
      ...(b === undefined ? {} : { appointmentText: `appointment ${b.reference} (${b.statusText.toLowerCase()})` }),
      kind: r.kind ?? 'original',
      message: r.message,
      ...(r.receiverReference === undefined ? {} : { receiverReference: { label: `${nameOf(r.serviceId)}’s referral reference`, value: r.receiverReference } }),
      ...(r.withdrawn === undefined ? {} : { withdrawnText: `Withdrawn at ${nameOf(r.serviceId)} ${formatDateTime(r.withdrawn.at)}. Reason: ${r.withdrawn.reason}` }),
      // App1 L142: a BaRS referral that still stands may be withdrawn, in the consultation or after it.
      withdrawAllowed: r.status === 'sent' && r.withdrawable === true && r.withdrawn === undefined && !checking,
    };
  });
  const base = { sent };
  if (service === undefined) return { ...base, status: 'not-available', message: 'Choose a service first.' };
  if (!service.referralAvailable) return { ...base, status: 'not-available', message: `${service.name} has no referral address in the directory.` };
  if (checking) return { ...base, status: 'waiting', message: 'Wait until we know whether the booking was made before sending the referral.' };
  const current = bookings.filter((b) => b.serviceId === service.serviceId && b.status === 'booked').at(-1);
  // A withdrawn referral no longer stands: the case never claims it does.
  const delivered = sent.filter((r) => r.status === 'sent' && r.withdrawnText === undefined);
  const forCurrent = delivered.filter((r) => (current === undefined ? r.bookingId === undefined : r.bookingId === current.id)).at(-1);
  const carried = referrals.find((r) => r.id === forCurrent?.referralId)?.notesDigest;
  const changed = carried === undefined ? [] : changedSince(carried, doc);
  if (forCurrent !== undefined && changed.length > 0) {
    const what = changed.join(' and ');
    return {
      ...base,
      status: 'update-offered',
      ...(current !== undefined ? { updateForBookingId: current.id } : {}),
      message: `The referral was sent before the latest ${what} ${changed.length > 1 || what === 'notes' ? 'were' : 'was'} saved. Send an update with the new ${what}${current === undefined ? '' : ` for appointment ${current.reference}`}.`,
    };
  }
  if (forCurrent !== undefined) {
    const when = forCurrent.sentAt === undefined ? '' : ` ${formatDateTime(forCurrent.sentAt)}`;
    return { ...base, status: 'sent', message: `Referral sent${when}${current === undefined ? ' without an appointment' : ` with appointment ${current.reference}`}. It cannot be sent again.` };
  }
  const earlier = delivered.at(-1);
  if (earlier !== undefined && current !== undefined) {
    return {
      ...base,
      status: 'update-offered',
      updateForBookingId: current.id,
      message: `The referral was sent with ${earlier.appointmentText ?? 'an earlier appointment'}. Send an update for appointment ${current.reference}.`,
    };
  }
  if (earlier !== undefined) {
    return { ...base, status: 'sent', message: `The referral was sent with ${earlier.appointmentText ?? 'an earlier appointment'}. No appointment is booked now.` };
  }
  if (service.bookingOnly && current === undefined) {
    return { ...base, status: 'blocked', message: `${service.name} only accepts patients with a booked appointment. Book an appointment first, or choose another service.` };
  }
  if (sent.some((r) => r.withdrawnText !== undefined)) {
    return { ...base, status: 'ready', message: `The referral was withdrawn at ${service.name}: no referral stands now. Send a new one only if the patient still needs it.` };
  }
  if (sent.some((r) => r.status === 'failed')) return { ...base, status: 'failed', message: 'The referral was not delivered. Send it again.' };
  return { ...base, status: 'ready', message: current === undefined ? 'Ready to send the referral.' : `Send the referral with appointment ${current.reference}.` };
}

function actions(input: ViewInput, live: readonly Booking[], checking: boolean, referral: ReferralState): CaseAction[] {
  const service = input.doc.service;
  const waitReason = 'We are checking whether an earlier request went through. Wait until we know.';
  const bookable = service !== undefined && service.booking.status === 'bookable';
  const notBookable = service === undefined ? 'Choose a service first.' : 'This service cannot be booked: send a referral instead.';
  const act = (action: CaseAction['action'], label: string, disabled: string | undefined, extra: Partial<CaseAction> = {}): CaseAction => ({
    action,
    label,
    enabled: disabled === undefined,
    ...(disabled === undefined ? {} : { disabledReason: disabled }),
    needsReason: false,
    ...extra,
  });
  const list: CaseAction[] = [
    act('book', 'Book', checking ? waitReason : !bookable ? notBookable : live.length > 0 ? 'This case already has a booked appointment: rebook it, or book an additional appointment and say why.' : undefined),
    act('book-additional', 'Book an additional appointment', checking ? waitReason : !bookable ? notBookable : live.length === 0 ? 'Nothing is booked yet: use Book.' : undefined, { needsReason: true }),
  ];
  for (const b of input.bookings) {
    if (b.status === 'booked') {
      list.push(act('rebook', 'Change the appointment', checking ? waitReason : undefined, { bookingId: b.id, ...(b.rebookCancelsFirst === true ? { note: CANCEL_FIRST_NOTE } : {}) }));
      list.push(act('cancel', 'Cancel the appointment', checking ? waitReason : undefined, { bookingId: b.id }));
    }
    if (isUnsettled(b.status)) {
      list.push(act('check-now', 'Check now', undefined, { bookingId: b.id }));
      list.push(act('record-service-answer', 'Record what the service told me', undefined, { bookingId: b.id }));
    }
  }
  const referralDisabled =
    referral.status === 'ready' || referral.status === 'failed'
      ? undefined
      : referral.status === 'update-offered'
        ? 'The referral was already sent: send an update for the new appointment instead.'
        : referral.message;
  list.push(act('send-referral', 'Send referral', referralDisabled));
  if (referral.status === 'update-offered') {
    list.push(act('send-referral-update', 'Send a referral update', undefined, referral.updateForBookingId === undefined ? {} : { bookingId: referral.updateForBookingId }));
  }
  return list;
}
