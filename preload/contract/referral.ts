import { z } from 'zod';
import { call } from './define';
import { Instant, RequiredText, Uuid } from './common';
import { OutcomeMessage } from './booking';
import { Case, ReferralSummary } from './case';

/** A referral as kept: the document text and what became of each attempt to send it. */
export const ReferralDocument = z.object({
  referralId: Uuid,
  /** ClinicalDocument/id/@root; the booking's documentId when it was sent after a booking. */
  documentId: Uuid,
  status: z.enum(['sent', 'failed']),
  attempts: z.number().int().nonnegative(),
  sentAt: Instant.optional(),
  /** The ITK endpoint it went (or was tried) to. */
  endpoint: z.string().optional(),
  /** Present when the document links a booked appointment. */
  appointmentUrl: z.string().optional(),
  /** The referral as last sent or tried: the CDA (XML) over ITK, or the booking protocol's own message (FHIR JSON). */
  xml: z.string(),
});
export type ReferralDocument = z.infer<typeof ReferralDocument>;

export const referral = {
  /**
   * Sends the referral for the case's chosen service (a CDA over ITK, or with the booking through
   * the service's booking protocol); refused with `referral-blocked`
   * for a booking-only service until booked. A failure (`referral-failed`) keeps the referral:
   * calling again retries it with the same document id.
   */
  send: call(z.object({ caseId: Uuid }), z.object({ case: Case, referral: ReferralSummary })),
  /**
   * Withdraws a referral sent through BaRS (App1 L142): read from the receiver first, then revoked
   * with the clinician's reason. `outcome` says plainly whether it was withdrawn, not withdrawn (and
   * why), or not known (phone the service). Refused for a referral sent over ITK.
   */
  withdraw: call(z.object({ referralId: Uuid, reason: RequiredText(500) }), z.object({ case: Case, outcome: OutcomeMessage })),
  /** The CDA document as sent, for the user to look at. */
  document: call(z.object({ referralId: Uuid }), ReferralDocument),
};
