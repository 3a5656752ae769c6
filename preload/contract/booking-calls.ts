import { z } from 'zod';
import { call } from './define';
import { RequiredText, Uuid } from './common';
import { Case } from './case';
import { ApprovalRequest, FindBookings, FindResult, OutcomeMessage, ServiceAnswer } from './booking';

/**
 * Every booking call answers with the whole case as main now sees it, the appointment acted on and
 * the one message for this outcome. A Provider's "no", "not sure" or silence is an outcome, not an
 * error: errors are kept for requests that do not fit the case (approval missing, already booked…).
 */
export const BookingResult = z.object({
  case: Case,
  bookingId: Uuid.optional(),
  rebookId: Uuid.optional(),
  outcome: OutcomeMessage,
});
export type BookingResult = z.infer<typeof BookingResult>;

const SlotId = z.string().min(1).max(64);

export const booking = {
  /**
   * Books a slot. While another appointment of the case is live this is refused (`conflict`) unless
   * `additional.reason` says why a second appointment is needed (audited); otherwise use `rebook`.
   */
  book: call(
    z.object({ caseId: Uuid, slotId: SlotId, approval: ApprovalRequest.optional(), additional: z.object({ reason: RequiredText(300) }).optional() }),
    BookingResult,
  ),
  /** "Check now": asks the Provider at once about an appointment whose answer was lost (no new booking is made). */
  resolve: call(z.object({ bookingId: Uuid }), BookingResult),
  /**
   * "Record what the service told me": settles an appointment whose outcome we could not learn,
   * from what the clinician heard by phone (audited with who, when and the number phoned). The
   * Provider's own answer, when it comes, is compared with it: a disagreement is shown, never overwritten.
   */
  recordServiceAnswer: call(
    z.object({
      bookingId: Uuid,
      said: ServiceAnswer,
      serviceReference: z.string().trim().max(64).optional(),
      phoneNumber: z.string().trim().min(3, 'Enter the number you phoned').max(40).regex(/^[0-9+() -]+$/, 'Enter the number you phoned, digits only'),
      note: z.string().trim().max(500).optional(),
    }),
    BookingResult,
  ),
  /** Cancels with the Provider; a lost answer becomes `cancel-unknown` and is read back. */
  cancel: call(z.object({ bookingId: Uuid, reason: RequiredText(300) }), BookingResult),
  /** Books the new slot first, then cancels the old one (BaRS: cancels first, then books); both legs are in `case.bookingView.rebooks`. */
  rebook: call(
    z.object({ bookingId: Uuid, slotId: SlotId, approval: ApprovalRequest.optional(), reason: RequiredText(300) }),
    BookingResult,
  ),
  /** Organisation-wide when an organisation record is configured; this desk's bookings otherwise (or when it cannot be reached). */
  find: call(FindBookings, FindResult),
  /** Opens a found case: one made on another desk is copied from the organisation record first (audited). */
  openFound: call(z.object({ caseId: Uuid }), Case),
};
