import { z } from 'zod';
import { call } from './define';
import { Instant, Uuid } from './common';

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

export const slots = {
  search: call(z.object({ caseId: Uuid }), SlotSearchResult),
};
