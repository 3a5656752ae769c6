/**
 * BaRS error bodies: an OperationOutcome whose `details.coding` carries the standard's
 * `<PREFIX>_<NAME>` code (digest §5) — PROXY_ for routing and headers, SEND_ for the sender's
 * token, REC_ for the receiver — so a sender can tell who refused and why.
 */
export const HTTP_ERROR_CODES = 'https://fhir.nhs.uk/CodeSystem/http-error-codes';

export interface BarsOutcome {
  resourceType: 'OperationOutcome';
  meta: { lastUpdated: string; profile: string[] };
  issue: { severity: 'error' | 'fatal' | 'information'; code: string; details: { coding: { system: string; code: string; display: string }[] }; diagnostics: string }[];
}

const DISPLAY: Record<string, string> = {
  BAD_REQUEST: 'Bad request',
  UNAUTHORIZED: 'Unauthorized',
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  NOT_ACCEPTABLE: 'Not acceptable',
  TIMEOUT: 'Request timeout',
  CONFLICT: 'Conflict',
  UNPROCESSABLE_ENTITY: 'Unprocessable entity',
  TOO_EARLY: 'Too early',
  TOO_MANY_REQUESTS: 'Too many requests',
  SERVER_ERROR: 'Internal server error',
  NOT_IMPLEMENTED: 'Not implemented',
  UNAVAILABLE: 'Service unavailable',
};

export function barsOutcome(code: string, issue: string, diagnostics: string, nowMs: number, severity: 'error' | 'information' = 'error'): BarsOutcome {
  const name = code.replace(/^(SEND|PROXY|REC)_/, '');
  return {
    resourceType: 'OperationOutcome',
    meta: { lastUpdated: new Date(nowMs).toISOString(), profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-OperationOutcome'] },
    issue: [{ severity, code: issue, details: { coding: [{ system: HTTP_ERROR_CODES, code, display: DISPLAY[name] ?? name }] }, diagnostics }],
  };
}

/** A refusal that becomes one status and one OperationOutcome. */
export class BarsRefusal extends Error {
  override readonly name = 'BarsRefusal';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly issue: string,
    readonly diagnostics: string,
  ) {
    super(`${status} ${code}: ${diagnostics}`);
  }
}

export const proxyBadRequest = (why: string, issue = 'value'): BarsRefusal => new BarsRefusal(400, 'PROXY_BAD_REQUEST', issue, why);
export const recBadRequest = (why: string, issue = 'invalid'): BarsRefusal => new BarsRefusal(400, 'REC_BAD_REQUEST', issue, why);
export const recNotFound = (why: string): BarsRefusal => new BarsRefusal(404, 'REC_NOT_FOUND', 'not-found', why);
export const recConflict = (why: string): BarsRefusal => new BarsRefusal(409, 'REC_CONFLICT', 'conflict', why);
export const recDuplicate = (why: string): BarsRefusal => new BarsRefusal(409, 'REC_CONFLICT', 'duplicate', why);
export const recUnprocessable = (why: string, issue = 'business-rule'): BarsRefusal => new BarsRefusal(422, 'REC_UNPROCESSABLE_ENTITY', issue, why);

/** The outcome the proxy or receiver gives for an injected status fault. */
export function injected(status: number, issue: 'conflict' | 'duplicate' | undefined): BarsRefusal {
  switch (status) {
    case 400: return new BarsRefusal(400, 'REC_BAD_REQUEST', 'invalid', 'Injected fault: the receiver rejected the request');
    case 403: return new BarsRefusal(403, 'SEND_FORBIDDEN', 'forbidden', 'Injected fault: this application is not enabled for BaRS');
    case 404: return new BarsRefusal(404, 'REC_NOT_FOUND', 'not-found', 'Injected fault: the receiver has no such resource');
    case 406: return new BarsRefusal(406, 'PROXY_NOT_ACCEPTABLE', 'not-supported', 'Injected fault: version not acceptable');
    case 408: return new BarsRefusal(408, 'REC_TIMEOUT', 'timeout', 'Injected fault: the receiver did not answer in 32 seconds');
    case 409: return issue === 'duplicate' ? recDuplicate('Injected fault: already processed') : recConflict('Injected fault: the slot is no longer free');
    case 422: return recUnprocessable('Injected fault: the receiver cannot process this message');
    case 425: return new BarsRefusal(425, 'REC_TOO_EARLY', 'transient', 'Injected fault: the receiver is still processing an earlier request');
    case 429: return new BarsRefusal(429, 'PROXY_TOO_MANY_REQUESTS', 'throttled', 'Injected fault: rate limit reached');
    case 503: return new BarsRefusal(503, 'REC_UNAVAILABLE', 'transient', 'Injected fault: the receiver is unavailable');
    default: return new BarsRefusal(500, 'REC_SERVER_ERROR', 'exception', 'Injected fault: the receiver failed');
  }
}
