/**
 * Negotiation answers (digest §1, §2): the proxy's own CapabilityStatement (no target), the
 * receiver's CapabilityStatement, and its MessageDefinitions filtered by the use-case context.
 */
import { randomUUID } from 'node:crypto';
import type { BarsService } from './seed';
import { recBadRequest } from './outcome';

/** The API version the proxy and receivers speak (Accept: …; version=). */
export const API_VERSION = '1.0.0';
/** The Application 1 version the receivers' MessageDefinitions carry; `Bundle.meta.versionId` must match its major. */
export const APP1_VERSION = '2.1.0';
export const USE_CASE_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/usecases-categories-bars';
const DOS_CONTEXT = 'https://fhir.nhs.uk/Id/dos-service-id';

export const DEFINITIONS = {
  booking: 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request',
  bookingCancelled: 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request-cancelled',
  referral: 'https://fhir.nhs.uk/MessageDefinition/bars-message-servicerequest-request-referral',
  referralCancelled: 'https://fhir.nhs.uk/MessageDefinition/bars-message-servicerequest-request-cancelled',
} as const;

const EVENT: Record<keyof typeof DEFINITIONS, string> = {
  booking: 'booking-request',
  bookingCancelled: 'booking-request',
  referral: 'servicerequest-request',
  referralCancelled: 'servicerequest-request',
};

export function proxyCapabilityStatement(nowMs: number): Record<string, unknown> {
  return {
    resourceType: 'CapabilityStatement',
    id: 'bars-proxy',
    version: API_VERSION,
    name: 'BaRS proxy',
    status: 'active',
    date: new Date(nowMs).toISOString(),
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    rest: [{ mode: 'server', resource: [] }],
  };
}

export function receiverCapabilityStatement(service: BarsService, nowMs: number): Record<string, unknown> {
  return {
    resourceType: 'CapabilityStatement',
    id: `bars-receiver-${service.id}`,
    version: API_VERSION,
    name: `${service.name} BaRS receiver`,
    status: 'active',
    date: new Date(nowMs).toISOString(),
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    rest: [{
      mode: 'server',
      resource: [
        { type: 'Slot', interaction: [{ code: 'search-type' }], searchInclude: ['Slot:schedule', 'Schedule:actor:HealthcareService', 'Schedule:actor:Practitioner', 'Schedule:actor:PractitionerRole', 'HealthcareService:location', 'HealthcareService:providedBy'] },
        { type: 'Appointment', interaction: [{ code: 'read' }] },
        { type: 'ServiceRequest', interaction: [{ code: 'read' }] },
        { type: 'MessageDefinition', interaction: [{ code: 'search-type' }] },
      ],
      operation: [{ name: 'process-message', definition: 'http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message' }],
    }],
    messaging: [{ supportedMessage: Object.values(DEFINITIONS).map((definition) => ({ mode: 'receiver', definition })) }],
  };
}

function definition(key: keyof typeof DEFINITIONS, service: BarsService, nowMs: number): Record<string, unknown> {
  return {
    resourceType: 'MessageDefinition',
    id: `${service.id}-${key}`,
    url: DEFINITIONS[key],
    version: APP1_VERSION,
    status: 'active',
    date: new Date(nowMs).toISOString(),
    useContext: service.useCases.map((code) => ({
      code: { system: 'http://terminology.hl7.org/CodeSystem/usage-context-type', code: 'focus' },
      valueCodeableConcept: { coding: [{ system: USE_CASE_SYSTEM, code }] },
    })),
    eventCoding: { system: 'https://fhir.nhs.uk/CodeSystem/message-events-bars', code: EVENT[key] },
    category: 'notification',
  };
}

/** `GET /MessageDefinition?context=…`: the receiver's definitions for the asked use case, or none. */
export function messageDefinitions(service: BarsService, query: URLSearchParams, nowMs: number): Record<string, unknown> {
  const contexts = query.getAll('context');
  const dos = contexts.find((c) => c.startsWith(`${DOS_CONTEXT}|`));
  if (dos !== undefined && dos !== `${DOS_CONTEXT}|${service.id}`) throw recBadRequest(`context ${dos} is not the service named in NHSD-Target-Identifier`, 'value');
  const useCase = contexts.find((c) => c.startsWith(`${USE_CASE_SYSTEM}|`))?.slice(USE_CASE_SYSTEM.length + 1).toLowerCase();
  const supported = useCase === undefined || service.useCases.includes(useCase);
  const entries = supported
    ? (Object.keys(DEFINITIONS) as (keyof typeof DEFINITIONS)[]).map((key) => ({ fullUrl: `MessageDefinition/${service.id}-${key}`, resource: definition(key, service, nowMs), search: { mode: 'match' } }))
    : [];
  return { resourceType: 'Bundle', id: randomUUID(), type: 'searchset', total: entries.length, entry: entries };
}
