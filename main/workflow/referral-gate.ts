import { createHash } from 'node:crypto';
import type { Booking } from '../../preload/contract';
import type { StoredCase } from '../cases';

/**
 * The booking-only rule (C3): when the chosen service's DoS attribute `REQUIRESAPPOINTMENT` (or
 * the older `requirebooking`) is present and yes, no referral may be sent until a booking exists.
 * Returns the reason it is blocked, or undefined.
 */
export function referralBlockedReason(doc: StoredCase, bookings: readonly Booking[]): string | undefined {
  const service = doc.service;
  if (service === undefined) return 'Choose a service first.';
  if (!service.referralAvailable) return `${service.name} has no referral address in the directory.`;
  if (!service.bookingOnly) return undefined;
  const booked = bookings.some((b) => b.serviceId === service.serviceId && b.status === 'booked');
  return booked
    ? undefined
    : `${service.name} only accepts patients with a booked appointment. Book an appointment first, or choose another service.`;
}

/** Which notes a referral carried, without a second copy of them (the case holds the text): notes saved since then offer an update. */
export function notesDigest(notes: string | undefined): string {
  return createHash('sha256').update(notes ?? '').digest('hex').slice(0, 16);
}

/**
 * Which notes and safeguarding concern a referral carried: "<notes>" or "<notes>.<concern>", so a
 * digest kept before concerns were recorded still matches its case. A change since offers an update.
 */
export function referralContentDigest(doc: Pick<StoredCase, 'notes' | 'outcome'>): string {
  const concern = doc.outcome.safeguarding;
  const notes = notesDigest(doc.notes);
  return concern === undefined ? notes : `${notes}.${createHash('sha256').update(`${concern.about}\n${concern.detail}`).digest('hex').slice(0, 16)}`;
}

/** What the case says now that the referral carrying `carried` did not: "notes", "safeguarding concern", both, or nothing. */
export function changedSince(carried: string, doc: Pick<StoredCase, 'notes' | 'outcome'>): ('notes' | 'safeguarding concern')[] {
  const [notes, concern = ''] = carried.split('.');
  const [nowNotes, nowConcern = ''] = referralContentDigest(doc).split('.');
  return [...(notes !== nowNotes ? (['notes'] as const) : []), ...(concern !== nowConcern ? (['safeguarding concern'] as const) : [])];
}
