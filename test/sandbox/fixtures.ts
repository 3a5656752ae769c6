/**
 * Real-shaped messages of the booking standard for the sandbox tests: the Consumer's JWT,
 * the Appointment it posts, and an HTTP helper that speaks to the sandbox like a Consumer.
 */
import { randomUUID } from 'node:crypto';
import type { SandboxHandle } from '../../main/sandbox';

export const UTC = '2000012345';
export const HUB = '2000023456';
export const OOH = '2000034567';
export const ED = '2000045678';
export const NO_SLOTS = '2000001234';

type Json = Record<string, unknown>;

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function claims(aud: string, scope: string, overrides: Json = {}): Json {
  const iat = Math.floor(Date.now() / 1000);
  return {
    iss: 'https://booking-workstation.example.nhs.uk',
    sub: 'user-7f3a',
    aud,
    exp: iat + 300,
    iat,
    reason_for_request: 'directcare',
    requested_scope: scope,
    requesting_device: {
      resourceType: 'Device',
      identifier: [{ system: 'https://booking-workstation.example.nhs.uk/device', value: 'WS-0042' }],
      model: 'Booking Workstation',
      version: '0.1.0',
    },
    requesting_organization: {
      resourceType: 'Organization',
      name: 'Yorkshire Ambulance Service NHS 111',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'RX8' }],
    },
    requesting_practitioner: {
      resourceType: 'Practitioner',
      id: 'user-7f3a',
      name: [{ family: 'Clarke', given: ['Hannah'], prefix: ['Ms'] }],
      identifier: [
        { system: 'https://fhir.nhs.uk/Id/sds-user-id', value: '687227875014' },
        { system: 'https://fhir.nhs.uk/Id/sds-role-profile-id', value: 'UNK' },
        { system: 'https://booking-workstation.example.nhs.uk/user-id', value: 'user-7f3a' },
      ],
    },
    ...overrides,
  };
}

export function jwt(payload: Json, header: Json = { alg: 'none', typ: 'JWT' }): string {
  return `${b64(header)}.${b64(payload)}.`;
}

export const SCOPE = {
  slot: 'organization/slot.read',
  write: 'patient/appointment.write',
  read: 'patient/appointment.read',
} as const;

export function providerRoot(sandbox: SandboxHandle, key: string): string {
  const p = sandbox.providers.find((x) => x.key === key);
  if (!p) throw new Error(`no provider ${key}`);
  return p.serviceRoot;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  scope?: string;
  token?: string | null;
  headers?: Record<string, string>;
  requestId?: string | null;
}

/** Calls a Provider directly, with a valid JWT for `scope` unless told otherwise. */
export async function call(root: string, path: string, options: CallOptions = {}): Promise<{ status: number; headers: Headers; json: Json }> {
  const scope = options.scope ?? (options.method && options.method !== 'GET' ? SCOPE.write : SCOPE.slot);
  const headers: Record<string, string> = { Accept: 'application/fhir+json', ...options.headers };
  const token = options.token === undefined ? jwt(claims(root, scope)) : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (options.requestId !== null) headers['X-Request-ID'] = options.requestId ?? randomUUID();
  if (options.body !== undefined && !options.headers?.['Content-Type']) headers['Content-Type'] = 'application/fhir+json;charset=utf-8';
  const res = await fetch(`${root}${path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Json) : {} };
}

export const ALL_INCLUDES =
  '_include=Slot:schedule&_include:iterate=Schedule:actor:Practitioner&_include:iterate=Schedule:actor:PractitionerRole' +
  '&_include:iterate=Schedule:actor:HealthcareService&_include:iterate=HealthcareService:location&_include:iterate=HealthcareService:providedBy';

export function slotQuery(serviceId: string, hoursAhead = 24 * 7, extra = ALL_INCLUDES): string {
  const now = new Date().toISOString();
  const le = new Date(Date.now() + hoursAhead * 3_600_000).toISOString();
  return `/Slot?schedule.actor:healthcareservice=${serviceId}&status=free&start=ge${now}&start=le${le}${extra ? `&${extra}` : ''}`;
}

export type Entry = { resource: Json & { resourceType: string; id: string }; fullUrl?: string; search?: { mode: string } };
export const entries = (bundle: Json): Entry[] => (bundle.entry as Entry[] | undefined) ?? [];
export const slotsOf = (bundle: Json): Entry['resource'][] => entries(bundle).map((e) => e.resource).filter((r) => r.resourceType === 'Slot');

export async function firstFreeSlot(root: string, serviceId: string): Promise<Entry['resource']> {
  const res = await call(root, slotQuery(serviceId, 24 * 7, ''));
  const slot = slotsOf(res.json)[0];
  if (!slot) throw new Error(`no free slot for ${serviceId}`);
  return slot;
}

/** The Appointment a Consumer posts for a chosen slot (digest §3). */
export function appointmentFor(slot: Json, overrides: { patient?: Json; appointment?: Json } = {}): Json {
  const patient: Json = {
    resourceType: 'Patient',
    id: 'patient',
    identifier: [
      {
        extension: [
          {
            url: 'https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1',
            valueCodeableConcept: { coding: [{ system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1', code: '01', display: 'Number present and verified' }] },
          },
        ],
        system: 'https://fhir.nhs.uk/Id/nhs-number',
        value: '9434765919',
      },
    ],
    name: [{ use: 'official', family: 'Smith', given: ['Jane'] }],
    telecom: [{ system: 'phone', value: '07700900123', use: 'mobile', rank: 1 }],
    gender: 'female',
    birthDate: '1984-03-12',
    address: [{ use: 'home', line: ['12 Acacia Avenue'], city: 'Leeds', postalCode: 'LS6 2AB' }],
    contact: [
      {
        relationship: [{ coding: [{ system: 'http://hl7.org/fhir/v2/0131', code: 'N', display: 'Next-of-Kin' }] }],
        name: { family: 'Smith', given: ['John'] },
        telecom: [{ system: 'phone', value: '07700900456', rank: 2 }],
      },
    ],
    ...overrides.patient,
  };
  return {
    resourceType: 'Appointment',
    meta: { profile: ['https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Appointment-1'] },
    contained: [
      {
        resourceType: 'DocumentReference',
        id: 'docref',
        identifier: [{ system: 'https://tools.ietf.org/html/rfc4122', value: randomUUID() }],
        status: 'current',
        type: { coding: [{ system: 'urn:oid:2.16.840.1.113883.2.1.3.2.4.18.17', code: 'POCD_MT200001GB02', display: 'Integrated Urgent Care Report' }] },
        indexed: new Date().toISOString(),
        content: [{ attachment: { contentType: 'application/hl7-v3+xml', language: 'en' } }],
      },
      patient,
      {
        resourceType: 'Slot',
        id: slot.id,
        identifier: slot.identifier,
        schedule: slot.schedule,
        status: slot.status,
        start: slot.start,
        end: slot.end,
      },
    ],
    status: 'booked',
    description: 'Dx05: speak to a primary care service within 2 hours',
    start: slot.start,
    end: slot.end,
    created: new Date().toISOString(),
    slot: [{ reference: `#${String(slot.id)}` }],
    supportingInformation: [{ reference: '#docref' }],
    participant: [{ actor: { reference: '#patient' }, status: 'accepted' }],
    ...overrides.appointment,
  };
}
