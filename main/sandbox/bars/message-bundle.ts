/**
 * The receiver's structural checks on a `$process-message` Bundle (digest §3): message type,
 * Application version, urn:uuid fullUrls, meta.lastUpdated everywhere, every reference
 * resolvable, the MessageHeader's codes and routing, and each definition's cardinalities.
 */
import { recBadRequest, recUnprocessable } from './outcome';
import { APP1_VERSION, DEFINITIONS } from './metadata';
import { DOS_SERVICE_ID_SYSTEM } from './resources';

export type Json = Record<string, unknown>;
export interface Entry {
  fullUrl: string;
  resource: Json & { resourceType: string };
}

export type DefinitionKey = keyof typeof DEFINITIONS;

export interface MessageBundle {
  bundle: Json;
  entries: Entry[];
  header: Json;
  event: 'booking-request' | 'servicerequest-request';
  reason: 'new' | 'update';
  definition: DefinitionKey;
  focus: Entry;
  byFullUrl: Map<string, Entry>;
}

const URN_UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
// EpisodeOfCare: REFREQ01 refers to the 111 journey by its id, held by no one in the Bundle.
const RECEIVER_HELD = /^(Appointment|ServiceRequest|Slot|Schedule|HealthcareService|EpisodeOfCare)\/[A-Za-z0-9.-]{1,64}$/;
const EVENTS = 'https://fhir.nhs.uk/CodeSystem/message-events-bars';
const REASONS = 'https://fhir.nhs.uk/CodeSystem/message-reason-bars';

/** Resources each definition requires, with their [min, max] counts. */
const CARDINALITY: Record<DefinitionKey, Record<string, [number, number]>> = {
  booking: { MessageHeader: [1, 1], Appointment: [1, 1], Patient: [1, 1], HealthcareService: [1, 1], Slot: [1, 1], Schedule: [1, 1], Organization: [2, Infinity] },
  bookingCancelled: { MessageHeader: [1, 1], Appointment: [1, 1], Patient: [1, 1], Organization: [2, Infinity] },
  referral: {
    MessageHeader: [1, 1], ServiceRequest: [1, 1], Patient: [1, 1], Encounter: [1, 1], CarePlan: [1, 1], Organization: [2, Infinity],
    Practitioner: [1, Infinity], PractitionerRole: [1, Infinity], Consent: [1, Infinity], HealthcareService: [1, Infinity],
  },
  referralCancelled: { MessageHeader: [1, 1], ServiceRequest: [1, 1], Patient: [1, 1], Organization: [2, Infinity] },
};

const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const refOf = (v: unknown): string | undefined => {
  const r = obj(v)?.reference;
  return typeof r === 'string' ? r : undefined;
};

/** Every `reference` string anywhere inside a resource. */
function references(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) references(v, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else references(v, out);
    }
  }
  return out;
}

function definitionKey(url: unknown): DefinitionKey {
  const found = (Object.keys(DEFINITIONS) as DefinitionKey[]).find((k) => DEFINITIONS[k] === url);
  if (found === undefined) throw recUnprocessable(`MessageHeader.definition ${String(url)} is not a message this receiver supports`, 'not-supported');
  return found;
}

/** Parses and checks the Bundle; `targetId` is the DoS service id the proxy routed to. */
export function readMessageBundle(body: unknown, targetId: string): MessageBundle {
  const bundle = obj(body);
  if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'message') throw recBadRequest('The body must be a Bundle of type "message"', 'structure');
  const version = obj(bundle.meta)?.versionId;
  if (typeof version !== 'string' || version === '') throw recBadRequest('Bundle.meta.versionId (the Application version) is required', 'invariant');
  if (version.split('.')[0] !== APP1_VERSION.split('.')[0]) throw recUnprocessable(`Application version ${version} is not supported; this receiver supports ${APP1_VERSION}`, 'not-supported');
  if (typeof bundle.timestamp !== 'string' || !INSTANT.test(bundle.timestamp)) throw recBadRequest('Bundle.timestamp (an instant) is required', 'required');

  const entries: Entry[] = [];
  const byFullUrl = new Map<string, Entry>();
  arr(bundle.entry).forEach((raw, i) => {
    const e = obj(raw);
    const resource = obj(e?.resource);
    if (!e || !resource || typeof resource.resourceType !== 'string') throw recBadRequest(`entry[${i}] has no resource`, 'structure');
    if (typeof e.fullUrl !== 'string' || !URN_UUID.test(e.fullUrl)) throw recBadRequest(`entry[${i}].fullUrl must be urn:uuid:<uuid>`, 'value');
    if (byFullUrl.has(e.fullUrl)) throw recBadRequest(`entry[${i}].fullUrl ${e.fullUrl} is used twice`, 'value');
    const lastUpdated = obj(resource.meta)?.lastUpdated;
    if (typeof lastUpdated !== 'string' || !INSTANT.test(lastUpdated)) throw recBadRequest(`entry[${i}] ${resource.resourceType}.meta.lastUpdated is required`, 'required');
    const entry = { fullUrl: e.fullUrl, resource: resource as Entry['resource'] };
    entries.push(entry);
    byFullUrl.set(e.fullUrl, entry);
  });
  const header = entries[0]?.resource;
  if (header?.resourceType !== 'MessageHeader') throw recBadRequest('The first entry must be the MessageHeader', 'structure');

  for (const entry of entries) {
    // Resources with an id are the receiver's own, echoed as received (Slot, Schedule, the
    // HealthcareService…): their references are to the receiver's records. The sender's must resolve.
    if (typeof entry.resource.id === 'string' && entry.resource.resourceType !== 'Appointment' && entry.resource.resourceType !== 'ServiceRequest') continue;
    for (const reference of references(entry.resource)) {
      if (!byFullUrl.has(reference) && !RECEIVER_HELD.test(reference)) {
        throw recBadRequest(`${entry.resource.resourceType} refers to ${reference}, which is neither an entry's fullUrl nor a receiver-held resource`, 'invalid');
      }
    }
  }

  const eventCoding = obj(header.eventCoding);
  if (eventCoding?.system !== EVENTS || (eventCoding.code !== 'booking-request' && eventCoding.code !== 'servicerequest-request')) {
    throw recBadRequest(`MessageHeader.eventCoding must be ${EVENTS} booking-request or servicerequest-request`, 'value');
  }
  const reasonCoding = obj(arr(obj(header.reason)?.coding)[0]);
  if (reasonCoding?.system !== REASONS || (reasonCoding.code !== 'new' && reasonCoding.code !== 'update')) {
    throw recBadRequest(`MessageHeader.reason must be ${REASONS} new or update`, 'value');
  }
  const destination = obj(arr(header.destination)[0]);
  if (destination?.endpoint !== `${DOS_SERVICE_ID_SYSTEM}|${targetId}`) throw recBadRequest(`MessageHeader.destination.endpoint must be ${DOS_SERVICE_ID_SYSTEM}|${targetId}`, 'value');
  const mustResolve = (what: string, reference: string | undefined, type: string): Entry => {
    const found = reference === undefined ? undefined : byFullUrl.get(reference);
    if (found?.resource.resourceType !== type) throw recBadRequest(`${what} must refer to the ${type} entry`, 'invalid');
    return found;
  };
  mustResolve('MessageHeader.destination.receiver', refOf(destination.receiver), 'Organization');
  mustResolve('MessageHeader.sender', refOf(header.sender), 'Organization');
  const source = obj(header.source);
  if (typeof source?.endpoint !== 'string' || source.endpoint === '') throw recBadRequest('MessageHeader.source.endpoint (our endpoint id) is required', 'required');

  const definition = definitionKey(header.definition);
  const event = eventCoding.code;
  const expectedEvent = definition.startsWith('booking') ? 'booking-request' : 'servicerequest-request';
  if (event !== expectedEvent) throw recBadRequest(`MessageHeader.eventCoding ${event} does not match its definition`, 'invariant');
  const focusType = definition.startsWith('booking') ? 'Appointment' : 'ServiceRequest';
  const focus = mustResolve('MessageHeader.focus', refOf(arr(header.focus)[0]), focusType);

  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.resource.resourceType, (counts.get(e.resource.resourceType) ?? 0) + 1);
  for (const [type, [min, max]] of Object.entries(CARDINALITY[definition])) {
    const n = counts.get(type) ?? 0;
    if (n < min || n > max) throw recBadRequest(`${DEFINITIONS[definition]} needs ${max === Infinity ? `at least ${min}` : min === max ? `exactly ${min}` : `${min}..${max}`} ${type}; this Bundle has ${n}`, 'invariant');
  }
  checkPatient(entries.find((e) => e.resource.resourceType === 'Patient')?.resource);
  return { bundle, entries, header, event, reason: reasonCoding.code, definition, focus, byFullUrl };
}

const NHS_NUMBER = 'https://fhir.nhs.uk/Id/nhs-number';
const CONTACT_RANK = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactRank';
const SENDABLE_STATUS = ['number-present-and-verified', 'number-present-but-not-traced'];

/** Patient rules of App1: NHS number only with an allowed status; ranked contacts, one rank 1; a phone. */
function checkPatient(patient: Json | undefined): void {
  if (!patient) return;
  for (const id of arr(patient.identifier).map(obj)) {
    if (id?.system !== NHS_NUMBER) continue;
    const status = arr(id.extension).map(obj).flatMap((x) => arr(obj(x?.valueCodeableConcept)?.coding)).map((c) => obj(c)?.code);
    if (!status.some((s) => typeof s === 'string' && SENDABLE_STATUS.includes(s))) {
      throw recBadRequest('Patient NHS number sent without a verification status of number-present-and-verified or -but-not-traced', 'business-rule');
    }
  }
  // App1 as BOOKREQ01 and REFREQ01 show it: call-back numbers are Patient.contact entries (ONESELF
  // for the patient), each ranked by the ContactRank extension, exactly one rank 1, each with a number.
  const contacts = arr(patient.contact).map(obj);
  if (contacts.length === 0) throw recBadRequest('Patient.contact must hold the call-back numbers (relationship ONESELF for the patient\'s own)', 'required');
  const ranks = contacts.map((c) => arr(c?.extension).map(obj).find((x) => x?.url === CONTACT_RANK)?.valuePositiveInt);
  if (ranks.some((r) => typeof r !== 'number')) throw recBadRequest(`Every Patient.contact needs the ${CONTACT_RANK} extension`, 'required');
  if (ranks.filter((r) => r === 1).length !== 1) throw recBadRequest('Exactly one Patient.contact must have ContactRank 1', 'invariant');
  if (contacts.some((c) => arr(c?.telecom).length === 0)) throw recBadRequest('Every Patient.contact needs a telecom', 'required');
  if (!contacts.flatMap((c) => arr(c?.telecom)).some((t) => obj(t)?.system === 'phone')) throw recBadRequest('Patient.contact must hold at least one phone number', 'required');
}
