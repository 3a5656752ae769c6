/**
 * The PDS FHIR R4 stand-in (healthcare-worker access): `GET /Patient?…` and `GET /Patient/{nhs}`,
 * with the headers the real API wants (a Bearer token, X-Request-ID, NHSD-Session-URID) and its
 * error shapes. Tests switch on a fault to see a slow, failing or malformed PDS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { header, sendJson, sendText } from '../http/respond';
import { PDS_PATIENTS, SUPERSEDED } from './patients';

export type PdsFault = 'slow' | 'server-error' | 'not-json' | 'not-fhir' | 'huge';

export interface PdsStandInOptions {
  /**
   * Whether a Bearer token is accepted: the app wires the CIS2 stand-in's check (a token it issued,
   * not run out, not revoked). Without one every token is refused, as PDS refuses a token no CIS2
   * session stands behind; in-process test harnesses pass a test-only check of their own.
   */
  acceptToken?: (token: string) => boolean | Promise<boolean>;
  /** Aborted when the sandbox closes, so a slow answer does not hold the server open. */
  signal: AbortSignal;
}

export interface PdsStandIn {
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  setFault(fault: PdsFault | undefined): void;
}

type Json = Record<string, unknown>;

function outcome(code: string, display: string, diagnostics: string, severity = 'error', issueCode = 'value'): Json {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity, code: issueCode, details: { coding: [{ system: 'https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode', version: '1', code, display }] }, diagnostics }],
  };
}

const upper = (s: string | null): string => (s ?? '').trim().toUpperCase();
const postcode = (s: string): string => s.replace(/\s+/g, '').toUpperCase();
/** A trailing `*` is a wildcard, as PDS allows in names and postcodes. */
const matches = (pattern: string, value: string): boolean => (pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern);
/** A rough sound-alike (first letter and consonants), for `_fuzzy-match`. */
const sound = (s: string): string => (s.charAt(0) + s.slice(1).replace(/[AEIOUYHW]/g, '')).replace(/(.)\1+/g, '$1');

function usual(p: Json): { family: string; given: string[] } {
  const names = p.name as { family?: string; given?: string[] }[];
  const n = names[0] ?? {};
  return { family: upper(n.family ?? ''), given: (n.given ?? []).map((g) => upper(g)) };
}

function search(q: URLSearchParams): Json[] {
  const family = upper(q.get('family'));
  const given = upper(q.get('given'));
  const birth = (q.get('birthdate') ?? '').replace(/^eq/, '');
  const gender = q.get('gender');
  const pc = q.get('address-postalcode') ?? q.get('address-postcode');
  const fuzzy = q.get('_fuzzy-match') === 'true';
  return PDS_PATIENTS.filter((p) => {
    const n = usual(p);
    const familyOk = fuzzy ? sound(n.family) === sound(family) : matches(family, n.family);
    const givenOk = given === '' || n.given.some((g) => (fuzzy ? sound(g) === sound(given) : matches(given, g)));
    const restricted = ((p.meta as { security?: { code: string }[] }).security ?? []).some((s) => s.code !== 'U');
    // As the API: a search with a postcode never returns a restricted patient.
    const pcOk = pc === null || (!restricted && ((p.address as { postalCode: string }[] | undefined) ?? []).some((a) => matches(postcode(pc), postcode(a.postalCode))));
    return familyOk && givenOk && p.birthDate === birth && (gender === null || p.gender === gender) && pcOk;
  });
}

/**
 * PDS's 401, as the API platform sends it: NHSDigital/personal-demographics-service-api,
 * tests/functional/data/responses/invalid_access_token.json and missing_authorization_header.json
 * (note its code system, fhir.hl7.org.uk, differs from the Spine errors PDS itself sends), and
 * specification/components/paths/patient-get.yaml: "401 ACCESS_DENIED — Access token missing,
 * invalid or expired".
 */
function accessDenied(diagnostics: 'Missing Authorization header' | 'Missing access token' | 'Invalid Access Token'): Json {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: 'forbidden',
        details: { coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/Spine-ErrorOrWarningCode', version: '1', code: 'ACCESS_DENIED', display: 'Access Denied - Unauthorised' }] },
        diagnostics,
      },
    ],
  };
}

const refuseAll = (): boolean => false;

export function pdsStandIn(prefix: string, options: PdsStandInOptions): PdsStandIn {
  let fault: PdsFault | undefined;
  const accept = options.acceptToken ?? refuseAll;

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://pds.invalid');
    const path = url.pathname.slice(prefix.length);
    const requestId = header(req, 'x-request-id');
    const echo: Record<string, string> = requestId !== undefined ? { 'X-Request-ID': requestId, 'X-Correlation-ID': header(req, 'x-correlation-id') ?? requestId } : {};
    const authorization = header(req, 'authorization');
    const bearer = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (req.method !== 'GET') return sendJson(res, 405, outcome('METHOD_NOT_ALLOWED', 'Method not allowed', `${req.method ?? '?'} is not supported`, 'error', 'not-supported'), echo);
    if (authorization === undefined) return sendJson(res, 401, accessDenied('Missing Authorization header'), echo);
    if (bearer === undefined) return sendJson(res, 401, accessDenied('Missing access token'), echo);
    if (!(await acceptSafely(accept, bearer))) return sendJson(res, 401, accessDenied('Invalid Access Token'), echo);
    if (requestId === undefined) return sendJson(res, 412, outcome('PRECONDITION_FAILED', 'Required condition was not fulfilled', 'Invalid request with error - X-Request-ID header must be supplied to access this resource', 'error', 'structure'));
    if (header(req, 'nhsd-session-urid') === undefined) return sendJson(res, 400, outcome('MISSING_VALUE', 'Required value is missing', 'Missing value - NHSD-Session-URID header', 'error', 'required'), echo);

    switch (fault) {
      case 'slow':
        try {
          await sleep(60_000, undefined, { signal: options.signal });
        } catch {
          return;
        }
        break;
      case 'server-error':
        return sendJson(res, 503, outcome('SERVICE_UNAVAILABLE', 'Service unavailable', 'The downstream service is not available'), echo);
      case 'not-json':
        return sendText(res, 200, '<html><body>Gateway</body></html>', { ...echo, 'Content-Type': 'text/html' });
      case 'not-fhir':
        return sendJson(res, 200, { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Patient', id: 'not-a-number', name: 'Smith' } }] }, echo);
      case 'huge':
        return sendJson(res, 200, { resourceType: 'Bundle', type: 'searchset', total: 0, padding: 'x'.repeat(5 * 1024 * 1024) }, echo);
      case undefined:
        break;
    }

    if (path === '/Patient' || path === '/Patient/') {
      if (url.searchParams.get('family') === null || url.searchParams.get('birthdate') === null) {
        return sendJson(res, 400, outcome('INVALID_SEARCH_DATA', 'Search data is invalid', 'Not enough search parameters were provided to be able to make a search'), echo);
      }
      const found = search(url.searchParams);
      const max = Number(url.searchParams.get('_max-results') ?? '1');
      if (!Number.isInteger(max) || max < 1 || max > 50) return sendJson(res, 400, outcome('INVALID_VALUE', 'Provided value is invalid', `Invalid value - '${String(url.searchParams.get('_max-results'))}' in field '_max-results'`), echo);
      if (found.length > max) return sendJson(res, 200, outcome('TOO_MANY_MATCHES', 'Too many matches', 'Too Many Matches', 'information', 'multiple-matches'), echo);
      return sendJson(res, 200, {
        resourceType: 'Bundle',
        type: 'searchset',
        total: found.length,
        entry: found.map((p) => ({ fullUrl: `https://api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/${String(p.id)}`, search: { score: 1 }, resource: p })),
      }, echo);
    }
    const id = /^\/Patient\/([^/]+)$/.exec(path)?.[1];
    if (id === undefined) return sendJson(res, 404, outcome('INVALID_RESOURCE_ID', 'Resource Id is invalid', `No route for ${path}`, 'error', 'not-found'), echo);
    if (!/^\d{10}$/.test(id)) return sendJson(res, 400, outcome('INVALID_RESOURCE_ID', 'Resource Id is invalid', `Invalid resource ID - '${id}'`), echo);
    const current = SUPERSEDED[id] ?? id;
    const record = PDS_PATIENTS.find((p) => p.id === current);
    if (record === undefined) return sendJson(res, 404, outcome('RESOURCE_NOT_FOUND', 'Resource not found', `Patient ${id} not found`, 'information', 'not-found'), echo);
    return sendJson(res, 200, record, { ...echo, ETag: `W/"2"` });
  };

  return { handler, setFault: (f) => (fault = f) };
}

/** A check that fails (CIS2 unreachable) refuses the token: PDS never answers without a session behind the call. */
async function acceptSafely(accept: (token: string) => boolean | Promise<boolean>, token: string): Promise<boolean> {
  try {
    return await accept(token);
  } catch {
    return false;
  }
}
