/**
 * Issue 18: a Provider's "slot taken" (422, issue code processing, MSG_RESOURCE_ID_FAIL — and
 * assurance row P29: 422, processing, "Slot no longer available", no Spine code) was shown as a
 * refused request and audited slot-taken then rejected. One table now reads the status, the issue
 * code, the Spine code and (last) the diagnostics; ProviderError and the adapter both use it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OperationOutcome } from '../../../main/fhir';
import { classifyFailure, ERROR_CODE, FAILURE_TABLE, failureRow, interactionOf, type FailureAnswer } from '../../../main/protocols/care-connect/failures';
import { ProviderError, type ProviderFailureKind, type ProviderOperation } from '../../../main/protocols/care-connect/provider';
import type { BookingInteraction, ProtocolFailureKind } from '../../../main/workflow/booking-protocol';

const SPINE = 'https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1';

/** An OperationOutcome as a Provider sends it; the Spine coding only when given. */
function outcome(a: Omit<FailureAnswer, 'status'>, severity: 'error' | 'fatal' = 'error'): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity,
        code: a.issueCode ?? 'unknown',
        ...(a.spineCode === undefined ? {} : { details: { coding: [{ system: SPINE, code: a.spineCode, display: a.spineCode }] } }),
        ...(a.diagnostics === undefined ? {} : { diagnostics: a.diagnostics }),
      },
    ],
  };
}

const providerOp = (i: BookingInteraction): ProviderOperation => (i === 'search' ? 'slot-search' : i);

function errorFor(interaction: BookingInteraction, a: FailureAnswer): ProviderError {
  return new ProviderError({ operation: providerOp(interaction), kind: 'http', status: a.status, outcome: outcome(a), requestId: 'req-1', detail: 'test' });
}

type Case = [name: string, interaction: BookingInteraction, answer: FailureAnswer, kind: ProtocolFailureKind];

/** At least one real-shaped answer per row of the table, named by what the Provider means. */
const CASES: Record<string, Case[]> = {
  'booking 409: the slot was taken, or this X-Request-ID already booked another slot': [
    ['409 duplicate X-Request-ID (sandbox shape)', 'book', { status: 409, issueCode: 'duplicate', spineCode: 'DUPLICATE_REJECTED' }, 'slot-unavailable'],
    ['409 with no OperationOutcome detail', 'book', { status: 409 }, 'slot-unavailable'],
  ],
  'booking 404 naming a missing reference: the slot no longer exists': [['404 REFERENCE_NOT_FOUND on a booking', 'book', { status: 404, issueCode: 'not-found', spineCode: 'REFERENCE_NOT_FOUND' }, 'slot-unavailable']],
  'booking 422 with a slot-unavailable Spine code': [
    ['422 processing MSG_RESOURCE_ID_FAIL (the standard’s slot-unavailable answer)', 'book', { status: 422, issueCode: 'processing', spineCode: 'MSG_RESOURCE_ID_FAIL' }, 'slot-unavailable'],
    ['422 business-rule DUPLICATE_REJECTED', 'book', { status: 422, issueCode: 'business-rule', spineCode: 'DUPLICATE_REJECTED' }, 'slot-unavailable'],
    ['422 SLOT_ALREADY_BOOKED', 'book', { status: 422, issueCode: 'conflict', spineCode: 'SLOT_ALREADY_BOOKED' }, 'slot-unavailable'],
    ['422 NO_SLOTS_AVAILABLE', 'book', { status: 422, issueCode: 'processing', spineCode: 'NO_SLOTS_AVAILABLE' }, 'slot-unavailable'],
    ['422 invalid REFERENCE_NOT_FOUND (the slot no longer exists; sandbox shape)', 'book', { status: 422, issueCode: 'invalid', spineCode: 'REFERENCE_NOT_FOUND' }, 'slot-unavailable'],
  ],
  'booking 422 with a validation Spine code (NHS number, resource, profile)': [
    ['422 invalid INVALID_RESOURCE', 'book', { status: 422, issueCode: 'invalid', spineCode: 'INVALID_RESOURCE' }, 'request-rejected'],
    ['422 INVALID_NHS_NUMBER even with a business-rule issue', 'book', { status: 422, issueCode: 'business-rule', spineCode: 'INVALID_NHS_NUMBER' }, 'request-rejected'],
    ['422 INVALID_PARAMETER', 'book', { status: 422, issueCode: 'value', spineCode: 'INVALID_PARAMETER' }, 'request-rejected'],
    ['422 INVALID_PATIENT_DEMOGRAPHICS with processing', 'book', { status: 422, issueCode: 'processing', spineCode: 'INVALID_PATIENT_DEMOGRAPHICS' }, 'request-rejected'],
  ],
  'booking 422 with a local code naming a validation failure': [
    ['422 a profile code', 'book', { status: 422, issueCode: 'processing', spineCode: 'APPOINTMENT_PROFILE_MISMATCH' }, 'request-rejected'],
    ['422 a validation code', 'book', { status: 422, issueCode: 'processing', spineCode: 'FHIR_VALIDATION_FAILED' }, 'request-rejected'],
  ],
  'booking 422 with a local code naming the slot': [['422 SLOT_NOT_FREE with an invalid issue', 'book', { status: 422, issueCode: 'invalid', spineCode: 'SLOT_NOT_FREE' }, 'slot-unavailable']],
  'booking 422 with issue code processing/conflict/business-rule (P29: slot not free)': [
    ['P29: 422 processing "Slot no longer available", no Spine code', 'book', { status: 422, issueCode: 'processing', diagnostics: 'Slot no longer available' }, 'slot-unavailable'],
    ['422 conflict with no detail', 'book', { status: 422, issueCode: 'conflict' }, 'slot-unavailable'],
    ['422 business-rule with an unknown Spine code', 'book', { status: 422, issueCode: 'business-rule', spineCode: 'LOCAL_RULE_7' }, 'slot-unavailable'],
  ],
  'booking 422 with issue code invalid/required/value/structure': [
    ['422 required, no Spine code', 'book', { status: 422, issueCode: 'required', diagnostics: 'Patient.address is required' }, 'request-rejected'],
    ['422 structure', 'book', { status: 422, issueCode: 'structure' }, 'request-rejected'],
    ['422 invalid even though the diagnostics mention a slot', 'book', { status: 422, issueCode: 'invalid', diagnostics: 'Slot no longer available' }, 'request-rejected'],
  ],
  'booking 422 whose diagnostics say the slot is no longer available': [
    ['422 exception "Slot no longer available"', 'book', { status: 422, issueCode: 'exception', diagnostics: 'Slot no longer available' }, 'slot-unavailable'],
    ['422 "The appointment slot has already been taken"', 'book', { status: 422, diagnostics: 'The appointment slot has been taken' }, 'slot-unavailable'],
  ],
  'booking 422 that does not say the slot is gone: our request was refused': [['422 exception with unrelated diagnostics', 'book', { status: 422, issueCode: 'exception', diagnostics: 'Something went wrong' }, 'request-rejected']],
  '401/403: JWT, ASID or SSP authorisation': [
    ['401 on a search', 'search', { status: 401, issueCode: 'security', spineCode: 'ACCESS_DENIED' }, 'not-authorised'],
    ['403 on a cancel', 'cancel', { status: 403, issueCode: 'forbidden', spineCode: 'ACCESS_DENIED' }, 'not-authorised'],
    ['403 on a booking', 'book', { status: 403, issueCode: 'forbidden' }, 'not-authorised'],
  ],
  '404/410: no such service id or appointment': [
    ['404 on a search (unknown service id)', 'search', { status: 404, issueCode: 'not-found', spineCode: 'REFERENCE_NOT_FOUND' }, 'not-found'],
    ['404 on a read (no such appointment)', 'read', { status: 404, issueCode: 'not-found', spineCode: 'NO_RECORD_FOUND' }, 'not-found'],
    ['404 on a cancel', 'cancel', { status: 404, issueCode: 'not-found', spineCode: 'NO_RECORD_FOUND' }, 'not-found'],
    ['410 on a read (deleted)', 'read', { status: 410, issueCode: 'deleted' }, 'not-found'],
    ['404 on a booking with no slot reference code (unknown endpoint)', 'book', { status: 404, issueCode: 'not-found', spineCode: 'NO_RECORD_FOUND' }, 'not-found'],
  ],
  '405/406/415/501: the operation or media type is not supported': [
    ['405 on a search', 'search', { status: 405, issueCode: 'not-supported', spineCode: 'NOT_IMPLEMENTED' }, 'unsupported'],
    ['415 on a booking', 'book', { status: 415, issueCode: 'not-supported', spineCode: 'UNSUPPORTED_MEDIA_TYPE' }, 'unsupported'],
    ['501 on a cancel', 'cancel', { status: 501, issueCode: 'not-supported', spineCode: 'NOT_IMPLEMENTED' }, 'unsupported'],
  ],
  '409/412 on a search, read or cancel: the version changed or If-Match is missing': [
    ['409 on a cancel (version conflict)', 'cancel', { status: 409, issueCode: 'conflict', spineCode: 'FHIR_CONSTRAINT_VIOLATION' }, 'version-conflict'],
    ['412 on a cancel (If-Match)', 'cancel', { status: 412, issueCode: 'processing', spineCode: 'PRECONDITION_FAILED' }, 'version-conflict'],
    ['412 on a booking', 'book', { status: 412, issueCode: 'processing', spineCode: 'PRECONDITION_FAILED' }, 'version-conflict'],
  ],
  '408: the Provider gave up waiting for the request': [['408 on a read', 'read', { status: 408, issueCode: 'timeout' }, 'timeout']],
  '429: the Provider is busy': [['429 on a search', 'search', { status: 429, issueCode: 'throttled' }, 'provider-unavailable']],
  '504: SSP timed out waiting for the Provider': [['504 on a read', 'read', { status: 504, issueCode: 'transient', spineCode: 'GATEWAY_TIMEOUT' }, 'timeout']],
  '5xx: Provider error or SSP 502 (Provider offline)': [
    ['500 on a booking', 'book', { status: 500, issueCode: 'exception', spineCode: 'INTERNAL_SERVER_ERROR' }, 'provider-unavailable'],
    ['502 on a cancel', 'cancel', { status: 502, issueCode: 'transient', spineCode: 'BAD_GATEWAY' }, 'provider-unavailable'],
    ['503 on a search', 'search', { status: 503 }, 'provider-unavailable'],
  ],
  'any other 4xx (400 bad request, 422 on a read or cancel): our request was refused': [
    ['400 on a booking', 'book', { status: 400, issueCode: 'invalid', spineCode: 'BAD_REQUEST' }, 'request-rejected'],
    ['422 on a cancel, even with a slot code', 'cancel', { status: 422, issueCode: 'business-rule', spineCode: 'DUPLICATE_REJECTED' }, 'request-rejected'],
    ['422 processing on a read', 'read', { status: 422, issueCode: 'processing', diagnostics: 'Slot no longer available' }, 'request-rejected'],
  ],
};

describe('the Care Connect error table', () => {
  it('has at least one example answer for every row, and no example for a row it does not have', () => {
    expect(Object.keys(CASES).sort()).toEqual(FAILURE_TABLE.map((r) => r.means).sort());
  });

  for (const row of FAILURE_TABLE) {
    describe(row.means, () => {
      it.each(CASES[row.means] ?? [])('%s → %s', (_name, interaction, answer, kind) => {
        // This row, and no earlier one, decides the answer.
        expect(failureRow(interaction, answer)).toBe(row);
        expect(row.kind).toBe(kind);
        const error = errorFor(interaction, answer);
        expect(error.failureKind).toBe(kind);
        expect(error.code).toBe(ERROR_CODE[kind]);
      });
    });
  }

  it('P29 as the assurance script writes it: a slot-taken error for the user, and the same kind for the workflow', () => {
    const error = errorFor('book', { status: 422, issueCode: 'processing', diagnostics: 'Slot no longer available' });
    expect(error).toMatchObject({ failureKind: 'slot-unavailable', code: 'slot-taken', issueCode: 'processing', spineCode: undefined, userMessage: 'That appointment is no longer free.' });
    expect(error.action).toBe('Search again and choose another slot.');
  });

  it('reads the error issue and the Spine coding even when a warning or another coding comes first', () => {
    const error = new ProviderError({
      operation: 'book',
      kind: 'http',
      status: 422,
      requestId: 'r',
      detail: 'd',
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [
          { severity: 'warning', code: 'informational', diagnostics: 'Patient not registered locally' },
          { severity: 'error', code: 'processing', details: { coding: [{ system: 'https://provider.example/codes', code: 'E42' }, { system: SPINE, code: 'MSG_RESOURCE_ID_FAIL' }] }, diagnostics: 'Slot no longer available' },
        ],
      },
    });
    expect(error).toMatchObject({ spineCode: 'MSG_RESOURCE_ID_FAIL', issueCode: 'processing', diagnostics: 'Slot no longer available', failureKind: 'slot-unavailable', code: 'slot-taken' });
  });

  it.each<[ProviderFailureKind, ProtocolFailureKind]>([
    ['timeout', 'timeout'],
    ['network', 'provider-unavailable'],
    ['malformed', 'malformed'],
    ['too-large', 'malformed'],
    ['unsafe-endpoint', 'misconfigured'],
  ])('a %s failure without an HTTP error is %s on every call', (kind, expected) => {
    for (const interaction of ['search', 'book', 'read', 'cancel'] as const) expect(classifyFailure(interaction, kind, {})).toBe(expected);
  });

  it('an "http" failure with a success status carries nothing to rely on: malformed', () => {
    expect(classifyFailure('read', 'http', { status: 200 })).toBe('malformed');
  });
});

const OPERATIONS: readonly ProviderOperation[] = ['slot-search', 'book', 'read', 'cancel'];
const KINDS: readonly ProviderFailureKind[] = ['http', 'timeout', 'network', 'malformed', 'too-large', 'unsafe-endpoint'];
const ISSUE_CODES = ['processing', 'conflict', 'business-rule', 'duplicate', 'invalid', 'required', 'value', 'structure', 'not-found', 'forbidden', 'security', 'exception', 'transient', 'not-supported', 'timeout', 'informational'];
const SPINE_CODES = [
  'MSG_RESOURCE_ID_FAIL',
  'DUPLICATE_REJECTED',
  'SLOT_ALREADY_BOOKED',
  'NO_SLOTS_AVAILABLE',
  'REFERENCE_NOT_FOUND',
  'INVALID_RESOURCE',
  'INVALID_PARAMETER',
  'INVALID_NHS_NUMBER',
  'INVALID_PATIENT_DEMOGRAPHICS',
  'NO_RECORD_FOUND',
  'ACCESS_DENIED',
  'PRECONDITION_FAILED',
  'FHIR_CONSTRAINT_VIOLATION',
  'INTERNAL_SERVER_ERROR',
  'BAD_GATEWAY',
  'GATEWAY_TIMEOUT',
];
const DIAGNOSTICS = ['Slot no longer available', 'Appointment is not free', 'Patient.birthDate is required', 'Internal error'];

const maybe = <T,>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

describe('the workflow kind and the user-facing code', () => {
  it('never disagree, for any call, failure, status, issue code, Spine code and diagnostics', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OPERATIONS),
        fc.constantFrom(...KINDS),
        maybe(fc.oneof(fc.constantFrom(400, 401, 403, 404, 405, 408, 409, 410, 412, 415, 422, 429, 500, 501, 502, 503, 504), fc.integer({ min: 100, max: 599 }))),
        maybe(fc.oneof(fc.constantFrom(...ISSUE_CODES), fc.stringMatching(/^[a-z-]{1,20}$/))),
        maybe(fc.oneof(fc.constantFrom(...SPINE_CODES), fc.stringMatching(/^[A-Z][A-Z_]{3,30}$/))),
        maybe(fc.oneof(fc.constantFrom(...DIAGNOSTICS), fc.string({ maxLength: 60 }))),
        (operation, kind, status, issueCode, spineCode, diagnostics) => {
          const answer = { ...(issueCode === undefined ? {} : { issueCode }), ...(spineCode === undefined ? {} : { spineCode }), ...(diagnostics === undefined ? {} : { diagnostics }) };
          const error = new ProviderError({ operation, kind, ...(status === undefined ? {} : { status }), outcome: outcome(answer), requestId: 'r', detail: 'd' });
          const workflowKind = classifyFailure(interactionOf(operation), kind, { ...(status === undefined ? {} : { status }), ...answer });
          expect(error.failureKind).toBe(workflowKind);
          expect(error.code).toBe(ERROR_CODE[workflowKind]);
          // "Slot taken" for the user exactly when the workflow drops the slot; only a booking can say it.
          expect(error.code === 'slot-taken').toBe(workflowKind === 'slot-unavailable');
          if (workflowKind === 'slot-unavailable') expect(operation).toBe('book');
          // Codes are for the logs and the service desk, never for the user.
          if (spineCode !== undefined) expect(`${error.userMessage} ${error.action}`).not.toContain(spineCode);
          expect(`${error.userMessage} ${error.action}`).not.toMatch(/\([a-z]+(-[a-z]+)+\)/);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
