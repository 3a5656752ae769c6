/**
 * OperationOutcome bodies and the one error type the Provider and the SSP throw. Every 4xx/5xx
 * the sandbox produces goes through here, so each carries severity, an issue type, a Spine
 * error code from Spine-ErrorOrWarningCode-1 and diagnostics, as the standard requires.
 */

export const SPINE_ERROR_SYSTEM = 'https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1';
const OUTCOME_PROFILE = 'https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1';

/** The Spine codes the sandbox uses, with the display text the value set gives them. */
export const SPINE_CODES = {
  BAD_REQUEST: 'Bad request',
  INVALID_REQUEST_MESSAGE: 'Invalid request message',
  INVALID_PARAMETER: 'Invalid parameter',
  INVALID_RESOURCE: 'Invalid validation of resource',
  INVALID_NHS_NUMBER: 'Invalid NHS number',
  INVALID_IDENTIFIER_SYSTEM: 'Invalid identifier system',
  REFERENCE_NOT_FOUND: 'Reference not found',
  NO_RECORD_FOUND: 'No record found',
  DUPLICATE_REJECTED: 'Create would lead to creation of a duplicate resource',
  FHIR_CONSTRAINT_VIOLATION: 'FHIR constraint violated',
  PRECONDITION_FAILED: 'Precondition failed',
  ACCESS_DENIED: 'Access denied',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  NOT_IMPLEMENTED: 'Not implemented',
  INTERNAL_SERVER_ERROR: 'Internal server error',
  BAD_GATEWAY: 'Bad gateway',
  GATEWAY_TIMEOUT: 'Gateway timeout',
  NO_SLOTS_AVAILABLE: 'No slots available',
} as const;
export type SpineCode = keyof typeof SPINE_CODES;

/** STU3 IssueType codes the sandbox emits. */
export type IssueType =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'security'
  | 'forbidden'
  | 'not-found'
  | 'not-supported'
  | 'duplicate'
  | 'conflict'
  | 'business-rule'
  | 'processing'
  | 'exception'
  | 'timeout'
  | 'transient'
  | 'informational'
  | 'too-costly';

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  meta: { profile: string[] };
  issue: {
    severity: 'fatal' | 'error' | 'warning' | 'information';
    code: IssueType;
    details: { coding: { system: string; code: SpineCode; display: string }[] };
    diagnostics: string;
  }[];
}

export function operationOutcome(
  code: IssueType,
  spineCode: SpineCode,
  diagnostics: string,
  severity: OperationOutcome['issue'][number]['severity'] = 'error',
): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    meta: { profile: [OUTCOME_PROFILE] },
    issue: [
      {
        severity,
        code,
        details: { coding: [{ system: SPINE_ERROR_SYSTEM, code: spineCode, display: SPINE_CODES[spineCode] }] },
        diagnostics,
      },
    ],
  };
}

/** A failure that becomes one HTTP status and one OperationOutcome. */
export class FhirError extends Error {
  override readonly name = 'FhirError';
  constructor(
    readonly status: number,
    readonly issueType: IssueType,
    readonly spineCode: SpineCode,
    readonly diagnostics: string,
  ) {
    super(`${status} ${spineCode}: ${diagnostics}`);
  }

  toOutcome(): OperationOutcome {
    return operationOutcome(this.issueType, this.spineCode, this.diagnostics);
  }
}

export const badRequest = (why: string): FhirError => new FhirError(400, 'invalid', 'BAD_REQUEST', why);
export const invalidParameter = (why: string): FhirError => new FhirError(400, 'invalid', 'INVALID_PARAMETER', why);
export const invalidResource = (why: string): FhirError => new FhirError(422, 'invalid', 'INVALID_RESOURCE', why);
export const forbidden = (why: string): FhirError => new FhirError(403, 'forbidden', 'ACCESS_DENIED', why);
export const notFound = (why: string): FhirError => new FhirError(404, 'not-found', 'NO_RECORD_FOUND', why);
