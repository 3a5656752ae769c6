import { z } from 'zod';
import { call } from './define';
import { Instant, Uuid } from './common';
import { ServiceOffer } from './directory';
import { AppErrorShape } from './errors';

export const DeliveryChannel = z.enum(['In-person', 'Telephone', 'Video']);
export type DeliveryChannel = z.infer<typeof DeliveryChannel>;

export const SlotAddress = z.object({
  lines: z.array(z.string()),
  city: z.string().optional(),
  district: z.string().optional(),
  postcode: z.string().optional(),
});

/** A Slot joined with what the Provider included about it; optional parts may be absent. */
export const SlotRow = z.object({
  slotId: z.string(),
  start: Instant,
  end: Instant,
  durationMinutes: z.number(),
  /** null = the Provider did not say: shown as "not supplied", never defaulted. */
  deliveryChannel: DeliveryChannel.nullable(),
  healthcareService: z.string().optional(),
  location: z.object({ name: z.string().optional(), address: SlotAddress.optional() }).optional(),
  practitioner: z.object({ name: z.string().optional(), gender: z.string().optional() }).optional(),
  practitionerRole: z.string().optional(),
  organisation: z.string().optional(),
  /** The diary: slots from several Schedules come in one reply. */
  scheduleId: z.string().optional(),
  outsideTimeframe: z.boolean(),
});
export type SlotRow = z.infer<typeof SlotRow>;

/**
 * Why a Slot in the Provider's reply is not in the list: unreadable (bad or missing elements,
 * times that are not instants), duplicate (its id came earlier), not-free (busy, busy-unavailable,
 * busy-tentative, entered-in-error), already-started, outside-window (after the searched end),
 * ends-before-start (its end is not after its start).
 */
export const SlotSkipReason = z.enum(['unreadable', 'duplicate', 'not-free', 'already-started', 'outside-window', 'ends-before-start']);
export type SlotSkipReason = z.infer<typeof SlotSkipReason>;
/** Slots left out, by reason: shown + every count = the Slots in the reply. */
export const SkippedSlots = z.record(SlotSkipReason, z.number().int().nonnegative());
export type SkippedSlots = z.infer<typeof SkippedSlots>;

export const SlotSearchResult = z.object({
  caseId: Uuid,
  serviceId: z.string(),
  searchedAt: Instant,
  deadline: Instant,
  slots: z.array(SlotRow),
  insideTimeframe: z.number().int(),
  outsideTimeframe: z.number().int(),
  /** When no slots came back, the Provider's reason if it gave one. */
  noSlotsReason: z.string().optional(),
  /** Always set by the slot service; optional only so an older producer still fits. */
  skipped: SkippedSlots.optional(),
});
export type SlotSearchResult = z.infer<typeof SlotSearchResult>;

/** One service of a comparison: what its slot search found, or why it failed (the others still count). */
export const ServiceComparison = z.object({
  service: ServiceOffer,
  /** How long this service's search took, so a slow Provider is visible. */
  elapsedMs: z.number().nonnegative(),
  result: z.discriminatedUnion('status', [
    z.object({
      status: z.literal('ok'),
      /** The earliest slot inside the deadline, if any. */
      earliestInside: SlotRow.optional(),
      /** The earliest slot of all (after the deadline when none is inside). */
      earliest: SlotRow.optional(),
      insideTimeframe: z.number().int().nonnegative(),
      outsideTimeframe: z.number().int().nonnegative(),
      /** Delivery channels the slots offer; null = some slots do not say. */
      channels: z.array(DeliveryChannel.nullable()),
      /**
       * The slot "Compare" suggests, per channel chosen ('any', or a channel; 'Not supplied' for
       * slots that do not say), with why: the earliest inside the deadline that the patient can
       * reach (an in-person slot starting within the lead time is passed over), else the earliest after it.
       */
      suggested: z.record(z.string(), z.object({ slot: SlotRow, why: z.string() })).optional(),
      noSlotsReason: z.string().optional(),
    }),
    z.object({ status: z.literal('failed'), error: AppErrorShape }),
  ]),
});
export type ServiceComparison = z.infer<typeof ServiceComparison>;

export const ServiceComparisonResult = z.object({
  caseId: Uuid,
  deadline: Instant,
  searchedAt: Instant,
  /** The bookable services searched, in the directory's rank order. */
  services: z.array(ServiceComparison),
  /** How many bookable services the directory offered in all (more than were searched when over the limit). */
  bookableOffered: z.number().int().nonnegative(),
});
export type ServiceComparisonResult = z.infer<typeof ServiceComparisonResult>;

export const slots = {
  search: call(z.object({ caseId: Uuid }), SlotSearchResult),
  /** Searches the top bookable services for the case's outcome at once (settings: caseScreen.compareServices). */
  /** `all`: every bookable service, searched a few at a time (caseScreen.compareServices at once). */
  compare: call(z.object({ caseId: Uuid, all: z.boolean().optional() }), ServiceComparisonResult),
  /**
   * After choosing a service from a comparison: its compared slots become the case's list, so
   * a slot picked there can be booked without searching again.
   */
  useCompared: call(z.object({ caseId: Uuid, serviceId: z.string().min(1).max(64) }), SlotSearchResult),
};
