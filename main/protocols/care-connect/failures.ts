/**
 * The Care Connect error table (digest §4, provider assurance P29): one failed Provider call,
 * read from its HTTP status and OperationOutcome, becomes one ProtocolFailureKind. ProviderError
 * (the user's ErrorCode and text, the audit's code) and the adapter (the workflow's kind) both
 * take the kind from here, so a "slot taken" can never be audited as a refusal as well.
 */
import type { ErrorCode } from '../../../preload/contract';
import type { OperationOutcome } from '../../fhir';
import type { BookingInteraction, ProtocolFailureKind } from '../../workflow/booking-protocol';
import type { ProviderFailureKind, ProviderOperation } from './provider/errors';

/** What a failed HTTP call said: its status and the error issue of its OperationOutcome. */
export interface FailureAnswer {
  status: number;
  /** OperationOutcome.issue.code (STU3 IssueType), e.g. `processing`. */
  issueCode?: string;
  /** issue.details.coding.code from Spine-ErrorOrWarningCode-1, e.g. `MSG_RESOURCE_ID_FAIL`. */
  spineCode?: string;
  diagnostics?: string;
}

/** One row: every condition given must hold; the first row that matches decides. */
export interface FailureRow {
  /** What the Provider means, in the standard's words (also the row's test name). */
  means: string;
  status: readonly number[] | { from: number; to: number };
  /** The calls the row applies to; all when absent. */
  on?: readonly BookingInteraction[];
  spine?: readonly string[] | RegExp;
  issue?: readonly string[];
  diagnostics?: RegExp;
  kind: ProtocolFailureKind;
}

/** Spine codes meaning the slot cannot be booked any more (taken, duplicate, or gone). */
export const SLOT_GONE_SPINE_CODES: readonly string[] = ['MSG_RESOURCE_ID_FAIL', 'DUPLICATE_REJECTED', 'SLOT_ALREADY_BOOKED', 'NO_SLOTS_AVAILABLE', 'REFERENCE_NOT_FOUND'];
/** Spine codes meaning our request was wrong as sent: the slot itself is still free. */
export const REQUEST_FAULT_SPINE_CODES: readonly string[] = [
  'INVALID_RESOURCE',
  'INVALID_PARAMETER',
  'INVALID_NHS_NUMBER',
  'INVALID_PATIENT_DEMOGRAPHICS',
  'INVALID_REQUEST_MESSAGE',
  'INVALID_IDENTIFIER_SYSTEM',
  'INVALID_IDENTIFIER_VALUE',
  'INVALID_VALUE',
  'BAD_REQUEST',
  'MISSING_OR_INVALID_HEADER',
  'FHIR_CONSTRAINT_VIOLATION',
];
/** Codes not in the value set but named the same way (a Provider's local codes). */
const REQUEST_FAULT_SPINE = /INVALID|PROFILE|VALIDATION|NHS_NUMBER|MISSING|REQUIRED|CONSTRAINT|MALFORMED/i;
const SLOT_GONE_SPINE = /SLOT|ALREADY_BOOKED|DUPLICATE/i;
/** IssueTypes a Provider uses for "the slot is no longer free" (P29: `processing`). */
export const SLOT_GONE_ISSUES: readonly string[] = ['processing', 'conflict', 'business-rule', 'duplicate'];
/** IssueTypes for a request that does not validate. */
export const REQUEST_FAULT_ISSUES: readonly string[] = ['invalid', 'structure', 'required', 'value', 'invariant', 'code-invalid', 'extension', 'too-long'];
/** P29's diagnostics ("Slot no longer available") and its usual variants. */
const SLOT_GONE_DIAGNOSTICS = /\b(slot|appointment)s?\b[^.;]*\b(no longer|not|un)\s*(available|free)\b|\b(slot|appointment)s?\b[^.;]*\b(taken|already booked)\b/i;

/**
 * The table, most specific first. On a booking the Spine code decides before the issue code
 * (a Provider may send `invalid` with REFERENCE_NOT_FOUND), the diagnostics only when neither does.
 */
export const FAILURE_TABLE: readonly FailureRow[] = [
  { means: 'booking 409: the slot was taken, or this X-Request-ID already booked another slot', status: [409], on: ['book'], kind: 'slot-unavailable' },
  { means: 'booking 404 naming a missing reference: the slot no longer exists', status: [404], on: ['book'], spine: ['REFERENCE_NOT_FOUND', 'MSG_RESOURCE_ID_FAIL'], kind: 'slot-unavailable' },
  { means: 'booking 422 with a slot-unavailable Spine code', status: [422], on: ['book'], spine: SLOT_GONE_SPINE_CODES, kind: 'slot-unavailable' },
  { means: 'booking 422 with a validation Spine code (NHS number, resource, profile)', status: [422], on: ['book'], spine: REQUEST_FAULT_SPINE_CODES, kind: 'request-rejected' },
  { means: 'booking 422 with a local code naming a validation failure', status: [422], on: ['book'], spine: REQUEST_FAULT_SPINE, kind: 'request-rejected' },
  { means: 'booking 422 with a local code naming the slot', status: [422], on: ['book'], spine: SLOT_GONE_SPINE, kind: 'slot-unavailable' },
  { means: 'booking 422 with issue code processing/conflict/business-rule (P29: slot not free)', status: [422], on: ['book'], issue: SLOT_GONE_ISSUES, kind: 'slot-unavailable' },
  { means: 'booking 422 with issue code invalid/required/value/structure', status: [422], on: ['book'], issue: REQUEST_FAULT_ISSUES, kind: 'request-rejected' },
  { means: 'booking 422 whose diagnostics say the slot is no longer available', status: [422], on: ['book'], diagnostics: SLOT_GONE_DIAGNOSTICS, kind: 'slot-unavailable' },
  { means: 'booking 422 that does not say the slot is gone: our request was refused', status: [422], on: ['book'], kind: 'request-rejected' },
  { means: '401/403: JWT, ASID or SSP authorisation', status: [401, 403], kind: 'not-authorised' },
  { means: '404/410: no such service id or appointment', status: [404, 410], kind: 'not-found' },
  { means: '405/406/415/501: the operation or media type is not supported', status: [405, 406, 415, 501], kind: 'unsupported' },
  { means: '409/412 on a search, read or cancel: the version changed or If-Match is missing', status: [409, 412], kind: 'version-conflict' },
  { means: '408: the Provider gave up waiting for the request', status: [408], kind: 'timeout' },
  { means: '429: the Provider is busy', status: [429], kind: 'provider-unavailable' },
  { means: '504: SSP timed out waiting for the Provider', status: [504], kind: 'timeout' },
  { means: '5xx: Provider error or SSP 502 (Provider offline)', status: { from: 500, to: 599 }, kind: 'provider-unavailable' },
  { means: 'any other 4xx (400 bad request, 422 on a read or cancel): our request was refused', status: { from: 400, to: 499 }, kind: 'request-rejected' },
];

/** Failures without an HTTP error status. */
const TRANSPORT: Readonly<Record<Exclude<ProviderFailureKind, 'http'>, ProtocolFailureKind>> = {
  timeout: 'timeout',
  network: 'provider-unavailable',
  malformed: 'malformed',
  'too-large': 'malformed',
  'unsafe-endpoint': 'misconfigured',
};

/** The contract's ErrorCode for each kind: the one the renderer switches on. */
export const ERROR_CODE: Readonly<Record<ProtocolFailureKind, ErrorCode>> = {
  'slot-unavailable': 'slot-taken',
  'request-rejected': 'provider-rejected',
  'provider-unavailable': 'provider-unavailable',
  'not-authorised': 'not-authorised',
  'not-found': 'not-found',
  'version-conflict': 'version-conflict',
  malformed: 'provider-malformed',
  misconfigured: 'directory-misconfigured',
  timeout: 'provider-timeout',
  unsupported: 'provider-rejected',
};

export function interactionOf(operation: ProviderOperation): BookingInteraction {
  return operation === 'slot-search' ? 'search' : operation;
}

/** The row that decides an HTTP failure, or undefined for a status that is not an error. */
export function failureRow(interaction: BookingInteraction, answer: FailureAnswer): FailureRow | undefined {
  return FAILURE_TABLE.find((row) => matches(row, interaction, answer));
}

/** One Care Connect failure in the port's terms (digest §4). */
export function classifyFailure(interaction: BookingInteraction, kind: ProviderFailureKind, answer: Partial<FailureAnswer>): ProtocolFailureKind {
  if (kind !== 'http') return TRANSPORT[kind];
  // An "error" with a success status carries nothing we can rely on.
  return failureRow(interaction, { ...answer, status: answer.status ?? 0 })?.kind ?? 'malformed';
}

/**
 * The issue a classification reads: the first of severity error or fatal (a warning can come
 * first), its Spine coding by system (another coding can come first), and its diagnostics.
 */
export function readOutcome(outcome: OperationOutcome | undefined): Omit<FailureAnswer, 'status'> {
  const issue = outcome?.issue.find((i) => i.severity === 'error' || i.severity === 'fatal') ?? outcome?.issue[0];
  if (issue === undefined) return {};
  const codings = issue.details?.coding ?? [];
  const spine = codings.find((c) => c.system?.includes('Spine-ErrorOrWarningCode') === true && c.code !== undefined) ?? codings.find((c) => c.code !== undefined);
  return {
    ...(issue.code === '' ? {} : { issueCode: issue.code }),
    ...(spine?.code === undefined ? {} : { spineCode: spine.code }),
    ...(issue.diagnostics === undefined ? {} : { diagnostics: issue.diagnostics }),
  };
}

function matches(row: FailureRow, interaction: BookingInteraction, a: FailureAnswer): boolean {
  if (!statusMatches(row.status, a.status)) return false;
  if (row.on !== undefined && !row.on.includes(interaction)) return false;
  if (row.spine !== undefined && (a.spineCode === undefined || !codeMatches(row.spine, a.spineCode))) return false;
  if (row.issue !== undefined && (a.issueCode === undefined || !row.issue.includes(a.issueCode.toLowerCase()))) return false;
  if (row.diagnostics !== undefined && (a.diagnostics === undefined || !row.diagnostics.test(a.diagnostics))) return false;
  return true;
}

function codeMatches(rule: readonly string[] | RegExp, code: string): boolean {
  return rule instanceof RegExp ? rule.test(code) : rule.includes(code.toUpperCase());
}

function statusMatches(rule: FailureRow['status'], status: number): boolean {
  return 'from' in rule ? status >= rule.from && status <= rule.to : rule.includes(status);
}
