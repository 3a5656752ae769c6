import { z } from 'zod';
import type {
  Appointment,
  BundleEntry,
  HealthcareService,
  Location,
  OperationOutcome,
  Organization,
  Practitioner,
  PractitionerRole,
  Schedule,
  Slot,
} from './types';

// Every object schema is loose: unknown elements pass through untouched (digest §10).
const coding = z.looseObject({ system: z.string().optional(), code: z.string().optional(), display: z.string().optional() });
const codeableConcept = z.looseObject({ coding: z.array(coding).optional(), text: z.string().optional() });
const extension: z.ZodType<{ url: string; valueCode?: string; valueString?: string; valueCoding?: z.infer<typeof coding> }> =
  z.looseObject({
    url: z.string(),
    valueCode: z.string().optional(),
    valueString: z.string().optional(),
    valueCoding: coding.optional(),
  });
const reference = z.looseObject({ reference: z.string().optional(), display: z.string().optional() });
const identifier = z.looseObject({ system: z.string().optional(), value: z.string().optional() });
const humanName = z.looseObject({
  text: z.string().optional(),
  family: z.string().optional(),
  given: z.array(z.string()).optional(),
  prefix: z.array(z.string()).optional(),
});
const address = z.looseObject({
  text: z.string().optional(),
  line: z.array(z.string()).optional(),
  city: z.string().optional(),
  district: z.string().optional(),
  postalCode: z.string().optional(),
});
const meta = z.looseObject({ versionId: z.string().optional(), lastUpdated: z.string().optional(), profile: z.array(z.string()).optional() });
const base = { id: z.string().optional(), meta: meta.optional(), extension: z.array(extension).optional() };

export const SlotSchema: z.ZodType<Slot> = z.looseObject({
  ...base,
  resourceType: z.literal('Slot'),
  identifier: z.array(identifier).optional(),
  schedule: reference,
  status: z.enum(['busy', 'free', 'busy-unavailable', 'busy-tentative', 'entered-in-error']),
  start: z.string(),
  end: z.string(),
});
const SLOT_STATUSES: ReadonlySet<unknown> = new Set(['busy', 'free', 'busy-unavailable', 'busy-tentative', 'entered-in-error']);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalText = (v: unknown): boolean => v === undefined || typeof v === 'string';
const optionalList = (v: unknown, item: (x: unknown) => boolean): boolean => v === undefined || (Array.isArray(v) && v.every(item));
const isCoding = (v: unknown): boolean => isRecord(v) && optionalText(v.system) && optionalText(v.code) && optionalText(v.display);
// Item checks are named here, not written inline: an inline arrow is a new closure for every Slot (under tsx also a keepNames call).
const isText = (v: unknown): boolean => typeof v === 'string';
const isIdentifier = (v: unknown): boolean => isRecord(v) && optionalText(v.system) && optionalText(v.value);
const isExtension = (v: unknown): boolean =>
  isRecord(v) && typeof v.url === 'string' && optionalText(v.valueCode) && optionalText(v.valueString) && (v.valueCoding === undefined || isCoding(v.valueCoding));

/**
 * What SlotSchema accepts, checked by hand: most Slots of a big reply are only counted (outside
 * the window), and zod costs more than the rest of reading them. Never true where SlotSchema would
 * fail; when it is false the caller asks SlotSchema, which gives the problems by path.
 */
export function passesSlotSchema(v: unknown): v is Slot {
  if (!isRecord(v) || v.resourceType !== 'Slot' || !SLOT_STATUSES.has(v.status) || typeof v.start !== 'string' || typeof v.end !== 'string') return false;
  const schedule = v.schedule;
  if (!isRecord(schedule) || !optionalText(schedule.reference) || !optionalText(schedule.display) || !optionalText(v.id)) return false;
  const meta = v.meta;
  if (meta !== undefined && !(isRecord(meta) && optionalText(meta.versionId) && optionalText(meta.lastUpdated) && optionalList(meta.profile, isText))) return false;
  return optionalList(v.extension, isExtension) && optionalList(v.identifier, isIdentifier);
}
export const ScheduleSchema: z.ZodType<Schedule> = z.looseObject({
  ...base,
  resourceType: z.literal('Schedule'),
  actor: z.array(reference).optional(),
});
export const PractitionerSchema: z.ZodType<Practitioner> = z.looseObject({
  ...base,
  resourceType: z.literal('Practitioner'),
  name: z.array(humanName).optional(),
  gender: z.string().optional(),
});
export const PractitionerRoleSchema: z.ZodType<PractitionerRole> = z.looseObject({
  ...base,
  resourceType: z.literal('PractitionerRole'),
  practitioner: reference.optional(),
  code: z.array(codeableConcept).optional(),
});
export const HealthcareServiceSchema: z.ZodType<HealthcareService> = z.looseObject({
  ...base,
  resourceType: z.literal('HealthcareService'),
  name: z.string().optional(),
  providedBy: reference.optional(),
  location: z.array(reference).optional(),
});
export const LocationSchema: z.ZodType<Location> = z.looseObject({
  ...base,
  resourceType: z.literal('Location'),
  name: z.string().optional(),
  address: address.optional(),
});
export const OrganizationSchema: z.ZodType<Organization> = z.looseObject({
  ...base,
  resourceType: z.literal('Organization'),
  name: z.string().optional(),
});
export const OperationOutcomeSchema: z.ZodType<OperationOutcome> = z.looseObject({
  ...base,
  resourceType: z.literal('OperationOutcome'),
  issue: z.array(
    z.looseObject({
      severity: z.enum(['fatal', 'error', 'warning', 'information']),
      code: z.string(),
      details: codeableConcept.optional(),
      diagnostics: z.string().optional(),
    }),
  ),
});
export const AppointmentSchema: z.ZodType<Appointment> = z.looseObject({
  ...base,
  resourceType: z.literal('Appointment'),
  status: z.enum(['proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow', 'entered-in-error']),
  description: z.string().optional(),
  start: z.string().optional(),
  end: z.string().optional(),
  created: z.string().optional(),
  slot: z.array(reference).optional(),
  supportingInformation: z.array(reference).optional(),
  participant: z.array(z.looseObject({ actor: reference.optional(), status: z.enum(['accepted', 'declined', 'tentative', 'needs-action']) })),
});
/**
 * Only the envelope: entries are checked one by one (rows.ts) so one bad include does not sink the
 * reply, and a 10,000-slot Bundle is not copied twice.
 */
export const BundleSchema = z.looseObject({
  ...base,
  resourceType: z.literal('Bundle'),
  type: z.string(),
  total: z.number().optional(),
  entry: z.array(z.unknown()).optional(),
});

/** A Bundle entry as far as joining needs it; anything else is skipped. */
export function asBundleEntry(value: unknown): BundleEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entry = value as { fullUrl?: unknown; resource?: unknown };
  const resource = entry.resource as { resourceType?: unknown; id?: unknown } | undefined;
  if (typeof resource !== 'object' || resource === null || typeof resource.resourceType !== 'string') return undefined;
  if (resource.id !== undefined && typeof resource.id !== 'string') return undefined;
  if (entry.fullUrl !== undefined && typeof entry.fullUrl !== 'string') return undefined;
  return value;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Parses untrusted FHIR and lists every missing or wrong element by path (STYLE §6). */
export function parseFhir<T>(schema: z.ZodType<T>, input: unknown): Parsed<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => `${issue.path.length === 0 ? '(root)' : issue.path.join('.')}: ${issue.message}`),
  };
}
