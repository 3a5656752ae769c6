/**
 * The BaRS referral (digest §3 "Referral request"): ServiceRequest (focus) with Encounter,
 * CarePlan carrying the Pathways disposition, Practitioner and PractitionerRole, Consent for
 * direct care, Patient and contacts; linked to a booking by `supportingInfo` → Appointment.
 */
import type { Patient } from '../../../preload/contract';
import { BUNDLE_PROFILE, DEFINITION, DOS_SERVICE_ID_SYSTEM, EVENT_SYSTEM, ODS_SYSTEM, REASON_SYSTEM, USE_CASE_SYSTEM } from './codes';
import { uuidFrom } from './ids';
import type { Json, MessageEntry, Sender } from './message-builders';
import { patientR4 } from './patient-resource';

export interface ReferralFacts {
  patient: Patient;
  disposition: { code: string; text: string };
  /** The clinician making the referral. */
  clinician: { name: string; sdsUserId?: string; sdsRoleProfileId?: string; role?: string };
  /** The 111/CAS journey id (Encounter.episodeOfCare). */
  journeyId: string;
  /** The receiving service's name, for its HealthcareService and Organization. */
  serviceName: string;
  /** The clinician's notes of the call, as typed; they join the CarePlan's clinical narrative. */
  notes?: string;
}

/**
 * CarePlan.activity.outcomeCodeableConcept.text "MUST be populated with the clinical narrative"
 * (App1 Referral-Payload): the outcome reached, then the call's notes under their own heading,
 * the way a Pathways consultation summary sets them out.
 */
export function clinicalNarrative(disposition: ReferralFacts['disposition'], notes: string | undefined): string {
  const outcome = `ASSESSMENT OUTCOME: ${disposition.code} ${disposition.text}`;
  const written = notes?.trim() ?? '';
  return written === '' ? outcome : `${outcome}\nNOTES:\n${written}`;
}

export interface ReferralMessageInput {
  requestId: string;
  created: Date;
  dosServiceId: string;
  useCase: string;
  version: string;
  facts: ReferralFacts;
  sender: Sender;
  /** The receiver's id of the booked Appointment, when a booking went first. */
  appointmentId?: string;
}

export function referralMessage(input: ReferralMessageInput): Json {
  const seed = input.requestId;
  const at = input.created.toISOString();
  const meta = (profile?: string): Json => ({ lastUpdated: at, ...(profile ? { profile: [profile] } : {}) });
  const url = (role: string): string => `urn:uuid:${uuidFrom(seed, role)}`;
  const e = (role: string, resource: Json): MessageEntry => ({ fullUrl: url(role), resource: resource as MessageEntry['resource'] });
  const f = input.facts;

  const patient = e('Patient', patientR4(f.patient, at));
  const sender = e('Organization-sender', { resourceType: 'Organization', meta: meta(), identifier: [{ system: ODS_SYSTEM, value: input.sender.odsCode }], name: input.sender.name });
  const receiver = e('Organization-receiver', { resourceType: 'Organization', meta: meta(), name: f.serviceName });
  const service = e('HealthcareService', { resourceType: 'HealthcareService', id: input.dosServiceId, meta: meta(), identifier: [{ system: DOS_SERVICE_ID_SYSTEM, value: input.dosServiceId }], name: f.serviceName, providedBy: { reference: receiver.fullUrl } });
  const practitioner = e('Practitioner', {
    resourceType: 'Practitioner', meta: meta(),
    ...(f.clinician.sdsUserId ? { identifier: [{ system: 'https://fhir.nhs.uk/Id/sds-user-id', value: f.clinician.sdsUserId }] } : {}),
    name: [{ text: f.clinician.name }],
  });
  const role = e('PractitionerRole', {
    resourceType: 'PractitionerRole', meta: meta(),
    ...(f.clinician.sdsRoleProfileId ? { identifier: [{ system: 'https://fhir.nhs.uk/Id/sds-role-profile-id', value: f.clinician.sdsRoleProfileId }] } : {}),
    practitioner: { reference: practitioner.fullUrl },
    organization: { reference: sender.fullUrl },
    ...(f.clinician.role ? { code: [{ text: f.clinician.role }] } : {}),
  });
  const encounter = e('Encounter', {
    resourceType: 'Encounter', meta: meta(), status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER', display: 'emergency' },
    subject: { reference: patient.fullUrl },
    episodeOfCare: [{ identifier: { system: 'https://fhir.nhs.uk/Id/nhs-journey-id', value: f.journeyId } }],
    serviceProvider: { reference: sender.fullUrl },
  });
  const carePlan = e('CarePlan', {
    resourceType: 'CarePlan', meta: meta(), status: 'completed', intent: 'plan',
    subject: { reference: patient.fullUrl },
    encounter: { reference: encounter.fullUrl },
    // The Pathways disposition (Dx code) the assessment reached, with the clinical narrative and the call's notes.
    activity: [{ outcomeCodeableConcept: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/UEC-Disposition', code: f.disposition.code, display: f.disposition.text }], text: clinicalNarrative(f.disposition, f.notes) }] }],
  });
  const consent = e('Consent', {
    resourceType: 'Consent', meta: meta(), status: 'active',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/consent-categories-bars', code: 'DRC', display: 'Direct Care' }] }],
    patient: { reference: patient.fullUrl },
    dateTime: at,
  });
  const request = e('ServiceRequest', {
    resourceType: 'ServiceRequest',
    meta: meta('https://fhir.nhs.uk/StructureDefinition/BARSServiceRequest-request-referral'),
    identifier: [{ system: 'https://fhir.nhs.uk/Id/UEC-ServiceRequest', value: uuidFrom(seed, 'identifier') }],
    basedOn: [{ reference: carePlan.fullUrl }],
    status: 'active',
    intent: 'plan',
    category: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/message-category-servicerequest', code: 'referral' }] }, { coding: [{ system: USE_CASE_SYSTEM, code: input.useCase }] }],
    priority: 'routine',
    subject: { reference: patient.fullUrl },
    encounter: { reference: encounter.fullUrl },
    occurrencePeriod: { start: at },
    authoredOn: at,
    requester: { reference: role.fullUrl },
    performer: [{ reference: service.fullUrl }],
    reasonCode: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/UEC-Disposition', code: f.disposition.code, display: f.disposition.text }] }],
    ...(input.appointmentId ? { supportingInfo: [{ reference: `Appointment/${input.appointmentId}` }] } : {}),
  });
  const header: MessageEntry = {
    fullUrl: url('MessageHeader'),
    resource: {
      resourceType: 'MessageHeader', meta: meta(),
      extension: [{ url: 'https://fhir.nhs.uk/StructureDefinition/Extension-BaRS-CDSS', extension: [{ url: 'RequesterCDSSsoftware', valueString: input.sender.software.name }, { url: 'RequesterCDSSversion', valueString: input.sender.software.version }] }],
      eventCoding: { system: EVENT_SYSTEM, code: 'servicerequest-request' },
      destination: [{ endpoint: `${DOS_SERVICE_ID_SYSTEM}|${input.dosServiceId}`, receiver: { reference: receiver.fullUrl } }],
      sender: { reference: sender.fullUrl },
      source: { name: input.sender.name, software: input.sender.software.name, version: input.sender.software.version, endpoint: input.sender.sourceEndpoint },
      reason: { coding: [{ system: REASON_SYSTEM, code: 'new' }] },
      focus: [{ reference: request.fullUrl, type: 'ServiceRequest' }],
      definition: DEFINITION.referral,
    },
  };
  return {
    resourceType: 'Bundle', id: uuidFrom(seed, 'Bundle'), meta: { versionId: input.version, lastUpdated: at, profile: [BUNDLE_PROFILE] }, type: 'message', timestamp: at,
    entry: [header, request, patient, encounter, carePlan, practitioner, role, consent, service, receiver, sender],
  };
}
