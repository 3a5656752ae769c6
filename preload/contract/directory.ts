import { z } from 'zod';
import { call } from './define';
import { Instant, Uuid } from './common';

/** Whether a service can be booked through the standard, decided from DoS and SDS. */
export const Bookability = z.discriminatedUnion('status', [
  z.object({ status: z.literal('bookable'), asid: z.string() }),
  z.object({
    status: z.literal('not-bookable'),
    reason: z.enum(['no-endpoint', 'endpoint-lookup-failed', 'misconfigured', 'directory-unavailable']),
    /** Plain words for the user, e.g. "This service does not take bookings from NHS 111 — send a referral." */
    message: z.string(),
  }),
]);
export type Bookability = z.infer<typeof Bookability>;

/** One service of the ranked DoS list for this case's assessment outcome. */
export const ServiceOffer = z.object({
  serviceId: z.string(),
  name: z.string(),
  rank: z.number().int().positive(),
  kind: z.string().optional(),
  address: z.string().optional(),
  odsCode: z.string().optional(),
  /** `requirebooking` present and true: no referral without a booking. */
  bookingOnly: z.boolean(),
  booking: Bookability,
  /** How a bookable service is booked, for display only: "via BaRS" or "via Care Connect". */
  via: z.string().max(40).optional(),
  /** An ITK endpoint is known, so a referral can be sent. */
  referralAvailable: z.boolean(),
  /** From the directory when it says: distance from the patient's postcode, in miles. */
  distanceMiles: z.number().nonnegative().optional(),
  /** From the directory when it says, in its words, e.g. "Open 24 hours". */
  openingStatus: z.string().max(200).optional(),
  /** Open now or when it next opens, worked out from the directory's opening times at the app's clock (UK time, with the date). */
  opening: z.object({ open: z.boolean(), text: z.string().max(100), opensAt: Instant.optional() }).optional(),
  /** From the directory when it lists one: the number a clinician phones to check a booking with the service. */
  phone: z.string().max(40).optional(),
});
export type ServiceOffer = z.infer<typeof ServiceOffer>;

export const directory = {
  services: call(z.object({ caseId: Uuid }), z.object({ services: z.array(ServiceOffer) })),
};
