/**
 * OperationOutcome codes (SEND_, PROXY_, REC_ or none) → the workflow's typed failures, with a
 * plain sentence for each kind (digest §5). Raw codes go to the audit; the sentence to people.
 */
import type { ExchangeIds, ProtocolFailure, ProtocolFailureKind } from '../../workflow/booking-protocol';
import { HTTP_ERROR_CODES } from './codes';

export interface OutcomeCode {
  /** e.g. `REC_CONFLICT`, `PROXY_NOT_FOUND`. */
  code?: string;
  /** The FHIR issue type, e.g. `conflict`, `duplicate`, `not-supported`. */
  issue?: string;
  diagnostics?: string;
}

const obj = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** The first issue of an OperationOutcome body, if the body is one. */
export function outcomeCode(body: unknown): OutcomeCode | undefined {
  const outcome = obj(body);
  if (outcome?.resourceType !== 'OperationOutcome' || !Array.isArray(outcome.issue)) return undefined;
  const issue = obj(outcome.issue[0]);
  const codings = Array.isArray(obj(issue?.details)?.coding) ? (obj(issue?.details)?.coding as unknown[]) : [];
  const coding = codings.map(obj).find((c) => c?.system === HTTP_ERROR_CODES) ?? obj(codings[0]);
  return {
    ...(typeof coding?.code === 'string' ? { code: coding.code } : {}),
    ...(typeof issue?.code === 'string' ? { issue: issue.code } : {}),
    ...(typeof issue?.diagnostics === 'string' ? { diagnostics: issue.diagnostics } : {}),
  };
}

/** What kind of failure a status and code are, for the call that got them. */
export function failureKind(status: number, outcome: OutcomeCode | undefined, call: 'search' | 'book' | 'read' | 'cancel' | 'refer' | 'negotiate'): ProtocolFailureKind {
  const code = outcome?.code ?? '';
  switch (status) {
    case 400: return 'request-rejected';
    case 401:
    case 403: return 'not-authorised';
    case 404: return code === 'PROXY_NOT_FOUND' ? 'misconfigured' : call === 'read' || call === 'cancel' ? 'not-found' : 'request-rejected';
    case 405:
    case 406:
    case 415:
    case 501: return 'unsupported';
    case 408: return 'timeout';
    case 409: return call === 'book' ? 'slot-unavailable' : 'version-conflict';
    case 422: return outcome?.issue === 'not-supported' ? 'unsupported' : 'request-rejected';
    default: return status >= 500 || status === 425 || status === 429 ? 'provider-unavailable' : 'malformed';
  }
}

export function failure(status: number, body: unknown, call: Parameters<typeof failureKind>[2], exchange: ExchangeIds): ProtocolFailure {
  const outcome = outcomeCode(body);
  return {
    kind: failureKind(status, outcome, call),
    ...(outcome?.code === undefined ? {} : { code: outcome.code }),
    detail: `HTTP ${status}${outcome?.code ? ` ${outcome.code}` : ''}${outcome?.issue ? ` (${outcome.issue})` : ''}: ${outcome?.diagnostics ?? 'no OperationOutcome'}`,
    exchange,
  };
}

/** The sentence a clinician sees for each kind of BaRS failure. */
export const PLAIN_MESSAGES: Record<ProtocolFailureKind, string> = {
  'slot-unavailable': 'That appointment has just been taken. Choose another time.',
  'request-rejected': 'The service did not accept the booking as sent. Nothing was booked; the IT service desk has the details.',
  'provider-unavailable': 'The service\'s booking system is not answering at the moment. Try again, or refer without a booking.',
  'not-authorised': 'This workstation is not allowed to book with the service (BaRS access). Call the IT service desk.',
  'not-found': 'The service has no record of that appointment.',
  'version-conflict': 'The appointment changed at the service while we were updating it. Check it and try again.',
  malformed: 'The service sent an answer we could not read.',
  misconfigured: 'This service is not set up for BaRS booking. Use another service or refer without a booking.',
  timeout: 'The service did not answer in time.',
  unsupported: 'The service does not take this kind of booking or referral through BaRS.',
};
