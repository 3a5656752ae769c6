/**
 * The parts of a PDS FHIR R4 answer the trace reads (Patient, searchset Bundle, OperationOutcome),
 * as the API specification and its sandbox examples shape them. Unknown elements are allowed (PDS
 * adds them over time); what the trace relies on is required, so a malformed answer is refused.
 */
import { z } from 'zod';

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
/** PDS writes the verification extension under both the R4 and the UK Core URL forms across its examples. */
export const VERIFICATION_EXTENSION = /\/StructureDefinition\/Extension-UKCore-NHSNumberVerificationStatus$/;

const Coding = z.looseObject({ system: z.string().optional(), code: z.string().optional(), display: z.string().optional() });
const Extension = z.looseObject({ url: z.string(), valueCodeableConcept: z.looseObject({ coding: z.array(Coding).optional() }).optional() });
const Period = z.looseObject({ start: z.string().optional(), end: z.string().optional() }).optional();

export const PdsName = z.looseObject({
  use: z.string().optional(),
  family: z.string().max(200).optional(),
  given: z.array(z.string().max(200)).max(10).optional(),
  prefix: z.array(z.string().max(50)).max(5).optional(),
  period: Period,
});

export const PdsAddress = z.looseObject({
  use: z.string().optional(),
  line: z.array(z.string().max(200)).max(10).optional(),
  city: z.string().max(100).optional(),
  district: z.string().max(100).optional(),
  postalCode: z.string().max(20).optional(),
  period: Period,
});

export const PdsPatient = z.looseObject({
  resourceType: z.literal('Patient'),
  id: z.string().regex(/^\d{10}$/),
  meta: z.looseObject({ versionId: z.string().optional(), security: z.array(Coding).optional() }).optional(),
  identifier: z
    .array(z.looseObject({ system: z.string(), value: z.string(), extension: z.array(Extension).optional() }))
    .max(10)
    .optional(),
  name: z.array(PdsName).min(1).max(20),
  gender: z.enum(['male', 'female', 'other', 'unknown']).optional(),
  birthDate: z.iso.date().optional(),
  deceasedDateTime: z.string().optional(),
  address: z.array(PdsAddress).max(20).optional(),
  telecom: z.array(z.looseObject({ system: z.string().optional(), value: z.string().optional() })).max(20).optional(),
  contact: z.array(z.unknown()).max(20).optional(),
  generalPractitioner: z
    .array(z.looseObject({ identifier: z.looseObject({ system: z.string().optional(), value: z.string() }).optional() }))
    .max(5)
    .optional(),
  extension: z.array(z.unknown()).max(50).optional(),
});
export type PdsPatient = z.infer<typeof PdsPatient>;

export const PdsSearchset = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.literal('searchset'),
  total: z.number().int().min(0).optional(),
  entry: z.array(z.looseObject({ fullUrl: z.string().optional(), search: z.looseObject({ score: z.number().optional() }).optional(), resource: PdsPatient })).max(50).optional(),
});

/** PDS errors: `issue[].details.coding[].code` is the API's error code (e.g. TOO_MANY_MATCHES, INVALIDATED_RESOURCE). */
export const PdsOperationOutcome = z.looseObject({
  resourceType: z.literal('OperationOutcome'),
  issue: z
    .array(z.looseObject({ severity: z.string().optional(), code: z.string().optional(), details: z.looseObject({ coding: z.array(Coding).optional() }).optional(), diagnostics: z.string().optional() }))
    .min(1),
});
export type PdsOperationOutcome = z.infer<typeof PdsOperationOutcome>;

/** The API error codes in an OperationOutcome. */
export function errorCodes(outcome: PdsOperationOutcome): string[] {
  return outcome.issue.flatMap((i) => (i.details?.coding ?? []).map((c) => c.code ?? '')).filter((c) => c !== '');
}
