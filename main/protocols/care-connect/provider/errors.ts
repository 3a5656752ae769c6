import type { AppErrorShape, ErrorCode } from '../../../../preload/contract';
import type { OperationOutcome } from '../../../fhir';

/** The Provider calls this client makes; the same status can mean different things per call. */
export type ProviderOperation = 'slot-search' | 'book' | 'read' | 'cancel';

export type ProviderFailureKind = 'http' | 'timeout' | 'network' | 'malformed' | 'too-large' | 'unsafe-endpoint';

export interface ProviderErrorInit {
  operation: ProviderOperation;
  kind: ProviderFailureKind;
  status?: number;
  outcome?: OperationOutcome;
  requestId: string;
  correlationId?: string;
  /** Ssp-TraceID of the attempt that failed (C25). */
  traceId?: string;
  /** Technical detail for logs (never shown to the user). */
  detail: string;
  /** A booking POST whose answer stayed lost after the bounded retries. */
  outcomeUnknown?: boolean;
}

/**
 * Every failed Provider call, as one typed error carrying the OperationOutcome (digest §4):
 * the Spine code and diagnostics for the logs, an ErrorCode and a plain next step for the user.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly operation: ProviderOperation;
  readonly kind: ProviderFailureKind;
  readonly status: number | undefined;
  readonly outcome: OperationOutcome | undefined;
  readonly spineCode: string | undefined;
  readonly diagnostics: string | undefined;
  readonly requestId: string;
  readonly correlationId: string | undefined;
  readonly traceId: string | undefined;
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly action: string;

  constructor(init: ProviderErrorInit) {
    const issue = init.outcome?.issue[0];
    const spineCode = issue?.details?.coding?.[0]?.code;
    super(`${init.operation} failed (${init.status ?? init.kind})${spineCode === undefined ? '' : ` ${spineCode}`}: ${init.detail}`);
    this.operation = init.operation;
    this.kind = init.kind;
    this.status = init.status;
    this.outcome = init.outcome;
    this.spineCode = spineCode;
    this.diagnostics = issue?.diagnostics;
    this.requestId = init.requestId;
    this.correlationId = init.correlationId;
    this.traceId = init.traceId;
    const mapped = init.outcomeUnknown === true ? OUTCOME_UNKNOWN : mapFailure(init.operation, init.kind, init.status, spineCode);
    this.code = mapped.code;
    this.userMessage = mapped.message;
    this.action = mapped.action;
  }

  /** The contract's error shape: the code is switched on, the message and action are shown. */
  toAppError(): AppErrorShape {
    return { code: this.code, message: this.userMessage, action: this.action, detail: this.message, reference: this.requestId };
  }
}

interface Mapped {
  code: ErrorCode;
  message: string;
  action: string;
}

const OUTCOME_UNKNOWN: Mapped = {
  code: 'outcome-unknown',
  message: 'We could not confirm whether the appointment was booked.',
  action: 'Do not choose another slot yet: retry the booking (it cannot book twice), or phone the service to check.',
};

const DESK = 'Call the IT service desk and give them the service desk code shown.';
const OTHER_SERVICE = 'Choose another service, or refer the patient instead.';

/** Maps the standard's error table (digest §4) onto the contract's ErrorCode and a plain message. */
export function mapFailure(operation: ProviderOperation, kind: ProviderFailureKind, status: number | undefined, spineCode?: string): Mapped {
  switch (kind) {
    case 'timeout':
      return { code: 'provider-timeout', message: 'The service took too long to answer.', action: `Try again in a minute. ${OTHER_SERVICE}` };
    case 'network':
      return { code: 'provider-unavailable', message: 'The service could not be reached.', action: `Try again in a few minutes. ${OTHER_SERVICE}` };
    case 'malformed':
    case 'too-large':
      return { code: 'provider-malformed', message: 'The service sent an answer this system cannot read.', action: `${OTHER_SERVICE} ${DESK}` };
    case 'unsafe-endpoint':
      return { code: 'directory-misconfigured', message: 'The directory holds an unusable address for this service.', action: `${OTHER_SERVICE} ${DESK}` };
    case 'http':
      return mapStatus(operation, status ?? 0, spineCode ?? '');
  }
}

function mapStatus(operation: ProviderOperation, status: number, spineCode: string): Mapped {
  if (status === 401 || status === 403) {
    return { code: 'not-authorised', message: 'This system is not authorised to use this service.', action: `${DESK} ${OTHER_SERVICE}` };
  }
  if (status === 404) {
    return operation === 'slot-search'
      ? { code: 'not-found', message: 'The service does not recognise this service id.', action: OTHER_SERVICE }
      : { code: 'not-found', message: 'The service cannot find this booking.', action: `Check the booking with the service by phone. ${DESK}` };
  }
  if (status === 409 || status === 412) {
    if (operation === 'cancel' || status === 412) {
      return { code: 'version-conflict', message: 'The booking was changed by someone else at the same time.', action: 'Open the booking again and retry.' };
    }
    return { code: 'slot-taken', message: 'That appointment has just been taken.', action: 'Search again and choose another slot.' };
  }
  if (status === 422) {
    if (operation === 'book' && !/INVALID|PROFILE|VALIDATION|NHS_NUMBER/i.test(spineCode)) {
      return { code: 'slot-taken', message: 'That appointment is no longer free.', action: 'Search again and choose another slot.' };
    }
    return { code: 'provider-rejected', message: 'The service did not accept the details sent.', action: `Check the patient details and retry. ${DESK}` };
  }
  if (status === 502) {
    return { code: 'provider-unavailable', message: 'The service is offline.', action: `Try again in a few minutes. ${OTHER_SERVICE}` };
  }
  if (status === 504) {
    return { code: 'provider-timeout', message: 'The service took too long to answer.', action: `Try again in a minute. ${OTHER_SERVICE}` };
  }
  if (status === 405 || status === 415 || status === 501) {
    return { code: 'provider-rejected', message: 'This service does not support this kind of booking request.', action: `${OTHER_SERVICE} ${DESK}` };
  }
  if (status >= 500) {
    return { code: 'provider-unavailable', message: 'The service had a problem answering.', action: `Try again in a few minutes. ${OTHER_SERVICE}` };
  }
  return { code: 'provider-rejected', message: 'The service refused the request.', action: `${OTHER_SERVICE} ${DESK}` };
}
