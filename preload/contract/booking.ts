import { z } from 'zod';
import { call } from './define';
import { Instant, IsoDate, RequiredText, Text, Uuid } from './common';
import { SlotRow } from './slots';
import { normaliseRegistration, reasonProblem, registrationProblem } from './approval-rules';

/** Clinical approval to book after the assessment deadline: who approved (on which professional register), and why. */
export const Approval = z
  .object({
    approverName: RequiredText(100),
    approverRole: RequiredText(100),
    registrationBody: z.enum(['GMC', 'NMC', 'HCPC']),
    registrationNumber: Text(12).transform(normaliseRegistration),
    reason: RequiredText(500),
  })
  .superRefine((a, ctx) => {
    const number = registrationProblem(a.registrationBody, a.registrationNumber);
    if (number !== undefined) ctx.addIssue({ code: 'custom', path: ['registrationNumber'], message: number });
    const reason = reasonProblem(a.reason);
    if (reason !== undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: reason });
  });
export type Approval = z.infer<typeof Approval>;

export const BookingStatus = z.enum(['pending', 'booked', 'unknown', 'failed', 'cancelled']);
export type BookingStatus = z.infer<typeof BookingStatus>;

/** The outcome of one Provider call, as the user is told it. */
export const ProviderOutcome = z.object({
  ok: z.boolean(),
  message: z.string(),
  httpStatus: z.number().int().optional(),
  requestId: z.string().optional(),
  correlationId: z.string().optional(),
});
export type ProviderOutcome = z.infer<typeof ProviderOutcome>;

export const Booking = z.object({
  id: Uuid,
  caseId: Uuid,
  serviceId: z.string(),
  serviceName: z.string(),
  asid: z.string(),
  slot: SlotRow,
  status: BookingStatus,
  /** X-Request-ID of the POST; a retry reuses it so the Provider never books twice. */
  requestId: Uuid,
  correlationId: z.string().optional(),
  /** The UUID in the contained DocumentReference; the CDA's ClinicalDocument/id/@root. */
  documentId: Uuid,
  appointmentId: z.string().optional(),
  appointmentVersion: z.string().optional(),
  appointmentUrl: z.string().optional(),
  outsideTimeframe: z.boolean(),
  approval: Approval.optional(),
  createdAt: Instant,
  bookedAt: Instant.optional(),
  cancelledAt: Instant.optional(),
  cancelReason: z.string().optional(),
  rebookedFromId: Uuid.optional(),
  rebookedToId: Uuid.optional(),
  lastError: z.string().optional(),
});
export type Booking = z.infer<typeof Booking>;

export const BookingMatch = z.object({
  booking: Booking,
  patientName: z.string(),
  birthDate: IsoDate,
  nhsNumber: z.string().optional(),
});
export type BookingMatch = z.infer<typeof BookingMatch>;

export const FindBookings = z
  .object({
    family: Text(60).optional(),
    birthDate: IsoDate.optional(),
    nhsNumber: Text(12).optional(),
    /** Appointments on this day (UK local date). */
    date: IsoDate.optional(),
  })
  .refine((q) => Object.values(q).some((v) => v !== undefined && v !== ''), 'give at least one search term');

export const booking = {
  book: call(z.object({ caseId: Uuid, slotId: z.string().min(1).max(64), approval: Approval.optional() }), Booking),
  /** Asks the Provider again, with the same X-Request-ID, what became of a booking whose answer was lost. */
  resolve: call(z.object({ bookingId: Uuid }), Booking),
  cancel: call(
    z.object({ bookingId: Uuid, reason: RequiredText(300) }),
    z.object({ booking: Booking, outcome: ProviderOutcome }),
  ),
  /** Books the new slot first, then cancels the old booking; both outcomes are returned. */
  rebook: call(
    z.object({ bookingId: Uuid, slotId: z.string().min(1).max(64), approval: Approval.optional(), reason: RequiredText(300) }),
    z.object({ newBooking: Booking.optional(), bookOutcome: ProviderOutcome, cancelOutcome: ProviderOutcome.optional() }),
  ),
  find: call(FindBookings, z.object({ matches: z.array(BookingMatch) })),
};
