import { z } from 'zod';
import { call } from './define';
import { Uuid } from './common';
import { Case, ReferralSummary } from './case';

export const referral = {
  /** Sends the CDA referral for the case's chosen service; refused for a booking-only service until booked. */
  send: call(z.object({ caseId: Uuid }), z.object({ case: Case, referral: ReferralSummary })),
  /** The CDA document as sent, for the user to look at. */
  document: call(z.object({ referralId: Uuid }), z.object({ xml: z.string() })),
};
