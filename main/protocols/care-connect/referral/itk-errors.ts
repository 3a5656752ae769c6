import type { ErrorCode } from '../../../../preload/contract';

/** Why a referral did not reach the service; the audit and the logs carry the kind, the user a plain message. */
export type ItkFailureKind = 'no-endpoint' | 'directory-unavailable' | 'insecure-endpoint' | 'unreachable' | 'timeout' | 'http-error' | 'soap-fault' | 'malformed-answer';

const RETRY = 'The referral is saved: try sending it again in a few minutes.';
const PHONE = 'If it keeps failing, phone the service and tell them about the patient.';

const MESSAGES: Record<ItkFailureKind, { message: string; action: string }> = {
  'no-endpoint': {
    message: 'The Directory of Services has no referral (ITK) address for this service, so the referral could not be sent.',
    action: `Phone the service to pass on the referral, and report the directory entry. ${RETRY}`,
  },
  'directory-unavailable': { message: 'The Directory of Services could not be reached to find where to send the referral.', action: `${RETRY} ${PHONE}` },
  'insecure-endpoint': {
    message: 'The directory gives this service a referral address that is not secure, so nothing was sent.',
    action: `Phone the service to pass on the referral, and report the directory entry to the IT service desk.`,
  },
  unreachable: { message: 'The service’s referral system could not be reached.', action: `${RETRY} ${PHONE}` },
  timeout: { message: 'The service’s referral system did not answer in time. It may or may not have received the referral.', action: `${RETRY} ${PHONE}` },
  'http-error': { message: 'The service’s referral system refused or failed to take the referral.', action: `${RETRY} ${PHONE}` },
  'soap-fault': { message: 'The service’s referral system rejected the referral.', action: `${RETRY} ${PHONE} Tell the IT service desk the service desk code below.` },
  'malformed-answer': { message: 'The service’s referral system sent an answer this system cannot read.', action: `${RETRY} ${PHONE}` },
};

/** A failed ITK send: `detail` (fault code and text, HTTP status) is for the audit and logs only. */
export class ItkError extends Error {
  override readonly name = 'ItkError';
  readonly userMessage: string;
  readonly action: string;
  readonly code: ErrorCode = 'referral-failed';

  constructor(
    readonly kind: ItkFailureKind,
    readonly detail: string,
    readonly httpStatus?: number,
    readonly faultCode?: string,
  ) {
    super(`ITK send failed (${kind}${httpStatus !== undefined ? ` ${httpStatus}` : ''}): ${detail}`);
    this.userMessage = MESSAGES[kind].message;
    this.action = MESSAGES[kind].action;
  }
}
