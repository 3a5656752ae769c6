import type { ErrorCode } from '../../preload/contract';
import { AppError } from '../api/app-error';
import type { ProtocolFailure, ProtocolFailureKind } from './booking-protocol';

const OTHER_SERVICE = 'Choose another service, or send a referral.';
const DESK = 'If it keeps happening, call the IT service desk.';

/** What the user is told when a slot search fails, whichever standard the service speaks. */
const SEARCH: Record<ProtocolFailureKind, { code: ErrorCode; message: string; action: string }> = {
  'slot-unavailable': { code: 'slot-taken', message: 'That appointment is no longer free.', action: 'Search again and choose another slot.' },
  'request-rejected': { code: 'provider-rejected', message: 'The service did not accept the search.', action: `${OTHER_SERVICE} ${DESK}` },
  'provider-unavailable': { code: 'provider-unavailable', message: 'The service could not be reached.', action: `Try again in a few minutes. ${OTHER_SERVICE}` },
  'not-authorised': { code: 'not-authorised', message: 'This system is not authorised to use this service.', action: `${DESK} ${OTHER_SERVICE}` },
  'not-found': { code: 'not-found', message: 'The service does not recognise this service id.', action: OTHER_SERVICE },
  'version-conflict': { code: 'version-conflict', message: 'The service changed while we were asking.', action: 'Search again.' },
  malformed: { code: 'provider-malformed', message: 'The service sent an answer this system cannot read.', action: `${OTHER_SERVICE} ${DESK}` },
  misconfigured: { code: 'directory-misconfigured', message: 'The directory holds an unusable address for this service.', action: `${OTHER_SERVICE} ${DESK}` },
  timeout: { code: 'provider-timeout', message: 'The service took too long to answer.', action: `Try again in a minute. ${OTHER_SERVICE}` },
  unsupported: { code: 'provider-rejected', message: 'This service does not support this kind of booking request.', action: `${OTHER_SERVICE} ${DESK}` },
};

/** A failed slot search as the error the user sees; the failure's codes stay in the audit and logs. */
export function searchFailed(failure: ProtocolFailure): AppError {
  const mapped = SEARCH[failure.kind];
  return new AppError(mapped.code, mapped.message, { action: mapped.action, detail: `${failure.code ?? failure.kind}: ${failure.detail}`, reference: failure.exchange.requestId });
}
