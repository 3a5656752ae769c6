/**
 * The BaRS referral (digest §3 "Referral request"): ServiceRequest (focus) with Encounter,
 * CarePlan carrying the Pathways disposition, Practitioner and PractitionerRole, Consent for
 * direct care, Patient and contacts, a safeguarding Flag when the assessment recorded a concern; linked to a booking by `supportingInfo` → Appointment.
 */
import type { Patient, SafeguardingConcern } from '../../../preload/contract';
import { DEFINITION, DOS_SERVICE_ID_SYSTEM, ODS_SYSTEM, useCaseCoding } from './codes';
import { uuidFrom } from './ids';
import { bundle, messageHeader, type Json, type MessageEntry, type Sender } from './message-builders';
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
  /** The Pathways symptom group and discriminator the assessment reached, when the case records them. */
  symptomGroup?: { code: string; text?: string };
  symptomDiscriminator?: { code: string; text?: string };
  /** A safeguarding concern the assessment recorded, and when: sent as a Flag (App1 MUST). Absent: none recorded. */
  safeguarding?: SafeguardingConcern & { recordedAt: string };
  /** The patient's registered GP practice (Patient.generalPractitioner → Organization, as REFREQ01). */
  registeredPractice?: { odsCode: string; name?: string };
  /** When the call began (Encounter.period.start). */
  startedAt?: string;
  /** When the patient should be seen by, from the disposition's timeframe (ServiceRequest.occurrencePeriod.end). */
  attendBy?: string;
}

/** REFREQ01's Pathways code systems (CarePlan.activity.outcomeCodeableConcept). */
export const PATHWAYS = {
  sg: 'https://fhir.nhs.uk/CodeSystem/pathways-sg-codes',
  sd: 'https://fhir.nhs.uk/CodeSystem/pathways-sd-codes',
  dx: 'https://fhir.nhs.uk/CodeSystem/pathways-dx-codes',
} as const;

/** Pathways writes Dx02; REFREQ01 writes the code DX02 in pathways-dx-codes, and the artefact wins. */
export const dxCode = (code: string): string => code.replace(/^dx/i, 'DX');

/**
 * The CarePlan's outcomes in REFREQ01's order and texts: SD, DX, SG when known, then the
 * clinical narrative on its own (App1: outcomeCodeableConcept.text MUST carry the narrative).
 */
export function pathwaysOutcomes(f: Pick<ReferralFacts, 'disposition' | 'notes' | 'symptomGroup' | 'symptomDiscriminator'>): Json[] {
  const coded = (system: string, c: { code: string; text?: string }, text: string): Json => ({ coding: [{ system, code: c.code, ...(c.text ? { display: c.text } : {}) }], text });
  return [
    ...(f.symptomDiscriminator ? [coded(PATHWAYS.sd, f.symptomDiscriminator, 'Pathways Assessment SD Code')] : []),
    coded(PATHWAYS.dx, { code: dxCode(f.disposition.code), text: f.disposition.text }, 'Pathways Assessment DX Code'),
    ...(f.symptomGroup ? [coded(PATHWAYS.sg, f.symptomGroup, 'Pathways Assessment SG Code - Chief Complaint')] : []),
    { text: clinicalNarrative(f.disposition, f.notes) },
  ];
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

/** flag-categories-bars SG and the safeguarding-codes-bars code for whom the concern is about (REFREQ01's safeguarding Flag). */
export const SAFEGUARDING = {
  category: { system: 'https://fhir.nhs.uk/CodeSystem/flag-categories-bars', code: 'SG', display: 'Safeguarding Concern' },
  system: 'https://fhir.nhs.uk/CodeSystem/safeguarding-codes-bars',
  child: { code: '836881000000105', display: 'Child is cause for safeguarding concern (finding)' },
  // The CodeSystem has no code for an adult: its unspecified concern, with code.text saying who.
  adult: { code: 'U', display: 'Unspecified Safeguarding Concern Identified' },
} as const;

/** The concern in the clinician's words with whom it is about: R4 Flag has no note, so this is code.text. */
export function safeguardingText(concern: SafeguardingConcern): string {
  return `Safeguarding concern about ${concern.about === 'child' ? 'a child' : 'an adult'}: ${concern.detail}`;
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

  const practice = f.registeredPractice === undefined ? undefined : e('Organization-practice', { resourceType: 'Organization', meta: meta(), identifier: [{ system: ODS_SYSTEM, value: f.registeredPractice.odsCode }], ...(f.registeredPractice.name ? { name: f.registeredPractice.name } : {}) });
  const patient = e('Patient', patientR4(f.patient, at, practice?.fullUrl));
  const sender = e('Organization-sender', { resourceType: 'Organization', meta: meta(), identifier: [{ system: ODS_SYSTEM, value: input.sender.odsCode }], name: input.sender.name });
  const receiver = e('Organization-receiver', { resourceType: 'Organization', meta: meta(), name: f.serviceName });
  const service = e('HealthcareService', { resourceType: 'HealthcareService', id: input.dosServiceId, meta: meta(), identifier: [{ system: DOS_SERVICE_ID_SYSTEM, value: input.dosServiceId }], active: true, name: f.serviceName, providedBy: { reference: receiver.fullUrl } });
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
    // REFREQ01 refers to the journey as EpisodeOfCare/{id}; the identifier says what the id is.
    episodeOfCare: [{ reference: `EpisodeOfCare/${f.journeyId}`, identifier: { system: 'https://fhir.nhs.uk/Id/nhs-journey-id', value: f.journeyId } }],
    ...(f.startedAt ? { period: { start: f.startedAt } } : {}),
    serviceProvider: { reference: sender.fullUrl },
  });
  const concern = f.safeguarding;
  const flag = concern === undefined ? undefined : e('Flag-safeguarding', {
    // The MessageDefinition's plain Flag row (the other is scene safety), as REFREQ01's safeguarding Flag claims it.
    resourceType: 'Flag', meta: meta('http://hl7.org/fhir/StructureDefinition/Flag'), status: 'active',
    category: [{ coding: [SAFEGUARDING.category] }],
    code: { coding: [{ system: SAFEGUARDING.system, ...SAFEGUARDING[concern.about] }], text: safeguardingText(concern) },
    subject: { reference: patient.fullUrl },
    period: { start: concern.recordedAt },
    encounter: { reference: encounter.fullUrl },
  });
  const carePlan = e('CarePlan', {
    resourceType: 'CarePlan', meta: meta(), status: 'completed', intent: 'plan',
    subject: { reference: patient.fullUrl },
    encounter: { reference: encounter.fullUrl },
    // REFREQ01 points the CarePlan at its safeguarding Flag, so a reader of the plan finds it.
    ...(flag === undefined ? {} : { supportingInfo: [{ reference: flag.fullUrl, display: 'Safeguarding Concerns Flag' }] }),
    activity: [{ outcomeCodeableConcept: pathwaysOutcomes(f) }],
  });
  const consent = e('Consent', {
    resourceType: 'Consent', meta: meta(), status: 'active',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/consent-categories-bars', code: 'DRC', display: 'Direct Care' }] }],
    patient: { reference: patient.fullUrl },
    dateTime: at,
    // App1 (CONS01, REFREQ01): consent to share for direct care is implied.
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMPLIED', display: 'implied consent' }] },
  });
  const request = e('ServiceRequest', {
    resourceType: 'ServiceRequest',
    meta: meta('https://fhir.nhs.uk/StructureDefinition/BARSServiceRequest-request-referral'),
    basedOn: [{ reference: carePlan.fullUrl }],
    status: 'active',
    intent: 'plan',
    category: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/message-category-servicerequest', code: 'referral', display: 'Transfer of Care' }, useCaseCoding(input.useCase)] }],
    subject: { reference: patient.fullUrl },
    encounter: { reference: encounter.fullUrl },
    occurrencePeriod: { start: at, ...(f.attendBy ? { end: f.attendBy } : {}) },
    authoredOn: at,
    // REFREQ01: the requester is the Practitioner; the PractitionerRole says for which organisation.
    requester: { reference: practitioner.fullUrl },
    // REFREQ01 names the receiving Organization; the digest the HealthcareService: both are here, the same place.
    performer: [{ reference: receiver.fullUrl }, { reference: service.fullUrl }],
    ...(input.appointmentId ? { supportingInfo: [{ reference: `Appointment/${input.appointmentId}` }] } : {}),
  });
  const header = messageHeader({
    seed, event: 'servicerequest-request', reason: 'new', definition: DEFINITION.referral, dosServiceId: input.dosServiceId,
    receiverUrl: receiver.fullUrl, senderUrl: sender.fullUrl, focusUrl: request.fullUrl, sender: input.sender, lastUpdated: at,
  });
  return bundle(seed, input.version, at, [header, request, patient, encounter, carePlan, practitioner, role, consent, service, receiver, sender, ...(practice === undefined ? [] : [practice]), ...(flag === undefined ? [] : [flag])]);
}
