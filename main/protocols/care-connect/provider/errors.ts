import type { AppErrorShape, ErrorCode } from '../../../../preload/contract';
import type { OperationOutcome } from '../../../fhir';
import type { ProtocolFailureKind } from '../../../workflow/booking-protocol';
import { classifyFailure, ERROR_CODE, interactionOf, readOutcome } from '../failures';

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
 * the Spine code and diagnostics for the logs, the error table's kind (failures.ts), and from that
 * kind an ErrorCode and a plain next step for the user.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly operation: ProviderOperation;
  readonly kind: ProviderFailureKind;
  readonly status: number | undefined;
  readonly outcome: OperationOutcome | undefined;
  readonly spineCode: string | undefined;
  /** OperationOutcome.issue.code, e.g. `processing` (P29 sends no Spine code). */
  readonly issueCode: string | undefined;
  readonly diagnostics: string | undefined;
  readonly requestId: string;
  readonly correlationId: string | undefined;
  readonly traceId: string | undefined;
  /** The error table's reading (failures.ts): the workflow acts on it, and `code` is derived from it. */
  readonly failureKind: ProtocolFailureKind;
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly action: string;

  constructor(init: ProviderErrorInit) {
    const read = readOutcome(init.outcome);
    const spineCode = read.spineCode;
    // P29's answer has no Spine code: the issue code is then the only code the logs can show.
    const code = spineCode ?? read.issueCode;
    super(`${init.operation} failed (${init.status ?? init.kind})${code === undefined ? '' : ` ${code}`}: ${init.detail}`);
    this.operation = init.operation;
    this.kind = init.kind;
    this.status = init.status;
    this.outcome = init.outcome;
    this.spineCode = spineCode;
    this.issueCode = read.issueCode;
    this.diagnostics = read.diagnostics;
    this.requestId = init.requestId;
    this.correlationId = init.correlationId;
    this.traceId = init.traceId;
    this.failureKind = classifyFailure(interactionOf(init.operation), init.kind, { ...(init.status === undefined ? {} : { status: init.status }), ...read });
    const mapped = init.outcomeUnknown === true ? OUTCOME_UNKNOWN : userFailure(init.operation, this.failureKind);
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
const PHONE = 'Phone the service about the appointment.';

/** Slot search and booking pick a service; a read or cancel is about an appointment already made. */
type Scope = 'search' | 'book' | 'appointment';
type Text = Omit<Mapped, 'code'>;

/**
 * What the user is told per failure kind and call. Retry advice only where a retry can help
 * (not for 401/403, 404, 405/415/501 or an unreadable answer).
 */
const TEXT: Readonly<Record<ProtocolFailureKind, Readonly<Record<Scope, Text>>>> = {
  'slot-unavailable': same({ message: 'That appointment is no longer free.', action: 'Search again and choose another slot.' }),
  'request-rejected': {
    search: { message: 'The service did not accept the search.', action: `${OTHER_SERVICE} ${DESK}` },
    book: { message: 'The service did not accept the details sent.', action: `Check the patient details and retry. ${DESK}` },
    appointment: { message: 'The service did not accept the request about this appointment.', action: `${PHONE} ${DESK}` },
  },
  'provider-unavailable': scoped({ message: 'The service could not be reached.' }, `Try again in a few minutes. ${OTHER_SERVICE}`, 'Try again in a few minutes, or phone the service.'),
  'not-authorised': scoped({ message: 'This system is not authorised to use this service.' }, `${DESK} ${OTHER_SERVICE}`, `${DESK} ${PHONE}`),
  'not-found': {
    search: { message: 'The service does not recognise this service id.', action: OTHER_SERVICE },
    book: { message: 'The service did not recognise the booking request.', action: `${OTHER_SERVICE} ${DESK}` },
    appointment: { message: 'The service says it has no such appointment.', action: 'Phone the service to confirm whether the patient still has an appointment.' },
  },
  'version-conflict': {
    search: { message: 'The service changed while we were asking.', action: 'Search again.' },
    book: { message: 'The service refused the booking as out of date.', action: 'Search again and choose the appointment again.' },
    appointment: { message: 'The booking was changed by someone else at the same time.', action: 'Open the booking again and retry.' },
  },
  malformed: {
    search: { message: 'The service sent an answer this system cannot read.', action: `${OTHER_SERVICE} ${DESK}` },
    book: { message: 'The service sent an answer this system cannot read.', action: `Phone the service to check whether the appointment was booked. ${DESK}` },
    appointment: { message: 'The service sent an answer this system cannot read.', action: `${PHONE} ${DESK}` },
  },
  misconfigured: scoped({ message: 'The directory holds an unusable address for this service.' }, `${OTHER_SERVICE} ${DESK}`, `${PHONE} ${DESK}`),
  timeout: scoped({ message: 'The service took too long to answer.' }, `Try again in a minute. ${OTHER_SERVICE}`, 'Try again in a minute, or phone the service.'),
  unsupported: scoped({ message: 'This service does not support this kind of request.' }, `${OTHER_SERVICE} ${DESK}`, `${PHONE} ${DESK}`),
};

function same(text: Text): Record<Scope, Text> {
  return { search: text, book: text, appointment: text };
}

function scoped(base: { message: string }, pickAction: string, appointmentAction: string): Record<Scope, Text> {
  return { search: { ...base, action: pickAction }, book: { ...base, action: pickAction }, appointment: { ...base, action: appointmentAction } };
}

/** The contract's ErrorCode and a plain message for one classified failure (digest §4). */
export function userFailure(operation: ProviderOperation, kind: ProtocolFailureKind): Mapped {
  const scope: Scope = operation === 'slot-search' ? 'search' : operation === 'book' ? 'book' : 'appointment';
  return { code: ERROR_CODE[kind], ...TEXT[kind][scope] };
}
