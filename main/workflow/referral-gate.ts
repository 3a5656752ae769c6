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
