/**
 * Validates a posted Appointment against the booking standard's rules (digest §3, §5) and
 * lists every failing path, as a strict Provider would, rather than stopping at the first.
 */
import { isValidNhsNumber } from '../../../preload/contract/nhs-number';
import { FhirError, invalidResource } from './operation-outcome';

type Json = Record<string, unknown>;

const RFC4122 = 'https://tools.ietf.org/html/rfc4122';
const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
const NHS_VERIFICATION_URL = 'https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1';
const DOCUMENT_TYPE_SYSTEM = 'urn:oid:2.16.840.1.113883.2.1.3.2.4.18.17';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const ref = (v: unknown): string | undefined => (isObject(v) && typeof v.reference === 'string' ? v.reference : undefined);

export interface ValidatedAppointment {
  body: Json;
  /** The Provider's slot id, copied by the Consumer into the contained Slot. */
  slotId: string;
  slotIdentifier: string | undefined;
  scheduleReference: string;
  startMs: number;
  endMs: number;
}

function contained(body: Json, type: string, problems: string[]): Json | undefined {
  const found = list(body.contained).filter((r) => r.resourceType === type);
  if (found.length !== 1) {
    problems.push(`Appointment.contained must hold exactly one ${type} (found ${found.length})`);
    return undefined;
  }
  const resource = found[0];
  if (resource && typeof resource.id !== 'string') problems.push(`contained ${type}.id is required`);
  return resource;
}

function checkDocumentReference(doc: Json, problems: string[]): void {
  const ids = list(doc.identifier);
  if (!ids.some((i) => i.system === RFC4122 && typeof i.value === 'string' && UUID.test(i.value))) {
    problems.push(`DocumentReference.identifier needs system ${RFC4122} and a UUID value`);
  }
  if (doc.status !== 'current') problems.push('DocumentReference.status must be "current"');
  const coding = isObject(doc.type) ? list(doc.type.coding) : [];
  if (!coding.some((c) => c.system === DOCUMENT_TYPE_SYSTEM && typeof c.code === 'string')) {
    problems.push(`DocumentReference.type.coding needs a code from ${DOCUMENT_TYPE_SYSTEM}`);
  }
  const attachment = list(doc.content)[0]?.attachment;
  if (!isObject(attachment) || attachment.contentType !== 'application/hl7-v3+xml') {
    problems.push('DocumentReference.content[0].attachment.contentType must be "application/hl7-v3+xml"');
  }
}

/** Checks telecom ranks across Patient.telecom and contact.telecom: every one ranked, rank 1 exactly once. */
function checkContacts(patient: Json, problems: string[]): void {
  const contacts = list(patient.contact);
  contacts.forEach((c, i) => {
    if (!isObject(c.name)) problems.push(`Patient.contact[${i}].name is required`);
    if (list(c.relationship).length === 0) problems.push(`Patient.contact[${i}].relationship is required`);
  });
  const telecoms = [...list(patient.telecom), ...contacts.flatMap((c) => list(c.telecom))];
  if (telecoms.length === 0) problems.push('at least one telecom is required across Patient.telecom and Patient.contact.telecom');
  const ranks = telecoms.map((t) => t.rank);
  if (ranks.some((r) => !Number.isInteger(r) || (r as number) < 1)) problems.push('every telecom needs a positive integer rank');
  const firsts = ranks.filter((r) => r === 1).length;
  if (telecoms.length > 0 && firsts !== 1) problems.push(`exactly one telecom must have rank 1 (found ${firsts})`);
}

function checkPatient(patient: Json, problems: string[]): void {
  if (list(patient.name).length === 0) problems.push('Patient.name is required');
  if (!['male', 'female', 'other', 'unknown'].includes(String(patient.gender))) problems.push('Patient.gender is required');
  if (typeof patient.birthDate !== 'string' || !DATE.test(patient.birthDate)) problems.push('Patient.birthDate (YYYY-MM-DD) is required');
  if (list(patient.address).length === 0) problems.push('Patient.address is required');
  checkContacts(patient, problems);
  for (const id of list(patient.identifier).filter((i) => i.system === NHS_NUMBER_SYSTEM)) {
    // A wrong check digit has its own Spine code: the Consumer must tell it apart from profile failures.
    if (typeof id.value !== 'string' || !isValidNhsNumber(id.value)) {
      throw new FhirError(422, 'value', 'INVALID_NHS_NUMBER', `NHS number ${String(id.value)} fails the modulus 11 check`);
    }
    if (!list(id.extension).some((e) => e.url === NHS_VERIFICATION_URL)) {
      problems.push(`the NHS number identifier needs the ${NHS_VERIFICATION_URL} extension`);
    }
  }
}

function instant(value: unknown, path: string, problems: string[]): number {
  if (typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  problems.push(`${path} must be a FHIR instant with an offset`);
  return NaN;
}

/** Validates a create body; throws FhirError (400 or 422) with every problem listed. */
export function validateNewAppointment(body: unknown): ValidatedAppointment {
  if (!isObject(body) || body.resourceType !== 'Appointment') {
    throw new FhirError(400, 'invalid', 'BAD_REQUEST', 'Request body must be an Appointment resource');
  }
  const problems: string[] = [];
  if (body.id !== undefined) problems.push('Appointment.id must not be sent on create');
  if (body.status !== 'booked') problems.push('Appointment.status must be "booked"');
  const startMs = instant(body.start, 'Appointment.start', problems);
  const endMs = instant(body.end, 'Appointment.end', problems);
  if (endMs <= startMs) problems.push('Appointment.end must be after Appointment.start');

  const doc = contained(body, 'DocumentReference', problems);
  const patient = contained(body, 'Patient', problems);
  const slot = contained(body, 'Slot', problems);
  if (doc) checkDocumentReference(doc, problems);
  if (patient) checkPatient(patient, problems);

  const slotRefs = list(body.slot).map(ref);
  if (slot && (slotRefs.length !== 1 || slotRefs[0] !== `#${String(slot.id)}`)) problems.push(`Appointment.slot must be one reference to #${String(slot.id)}`);
  if (doc && !list(body.supportingInformation).some((r) => ref(r) === `#${String(doc.id)}`)) {
    problems.push(`Appointment.supportingInformation must reference #${String(doc.id)}`);
  }
  if (patient && !list(body.participant).some((p) => ref(p.actor) === `#${String(patient.id)}`)) {
    problems.push(`Appointment.participant.actor must reference #${String(patient.id)}`);
  }
  let scheduleReference = '';
  if (slot) {
    scheduleReference = ref(slot.schedule) ?? '';
    if (!scheduleReference) problems.push('contained Slot.schedule is required');
    if (typeof slot.status !== 'string') problems.push('contained Slot.status is required');
    const slotStart = instant(slot.start, 'contained Slot.start', problems);
    const slotEnd = instant(slot.end, 'contained Slot.end', problems);
    if (slotStart !== startMs || slotEnd !== endMs) problems.push('Appointment.start and end must equal the Slot\'s');
  }
  if (problems.length > 0) throw invalidResource(problems.join('; '));
  const slotIdentifier = list(slot?.identifier)[0]?.value;
  return {
    body,
    slotId: String(slot?.id),
    slotIdentifier: typeof slotIdentifier === 'string' ? slotIdentifier : undefined,
    scheduleReference,
    startMs,
    endMs,
  };
}
