import type { ProtocolFailureKind } from '../workflow/booking-protocol';

const RETRY = 'The referral is saved: try sending it again in a few minutes.';
const PHONE = 'If it keeps failing, phone the service and tell them about the patient.';

/** What the user is told when a referral sent through the booking protocol is not delivered. */
const MESSAGES: Record<ProtocolFailureKind, { message: string; action: string }> = {
  'slot-unavailable': { message: 'The service refused the referral because the appointment is no longer held.', action: `Check the booking, then send the referral again. ${PHONE}` },
  'request-rejected': { message: 'The service’s referral system rejected the referral.', action: `${PHONE} Tell the IT service desk the service desk code below.` },
  'provider-unavailable': { message: 'The service’s referral system could not be reached. It may or may not have received the referral.', action: `${RETRY} ${PHONE}` },
  'not-authorised': { message: 'This system is not authorised to send referrals to the service.', action: `${PHONE} Tell the IT service desk the service desk code below.` },
  'not-found': { message: 'The service is not known to the referral system.', action: `Phone the service to pass on the referral, and report it to the IT service desk.` },
  'version-conflict': { message: 'The service’s referral system refused the referral as out of date.', action: `${RETRY} ${PHONE}` },
  malformed: { message: 'The service’s referral system sent an answer this system cannot read.', action: `${RETRY} ${PHONE}` },
  misconfigured: { message: 'The directory holds an unusable referral address for this service, so nothing was sent.', action: `Phone the service to pass on the referral, and report the directory entry to the IT service desk.` },
  timeout: { message: 'The service’s referral system did not answer in time. It may or may not have received the referral.', action: `${RETRY} ${PHONE}` },
  unsupported: { message: 'The service does not take referrals this way.', action: `Phone the service to pass on the referral, and report it to the IT service desk.` },
};

export function protocolReferralFailure(kind: ProtocolFailureKind): { message: string; action: string } {
  return MESSAGES[kind];
}
