import type { ContactPoint as ContractContactPoint, Patient as ContractPatient } from '../../preload/contract';
import type { Address, Appointment, ContactPoint, DocumentReference, Patient, Slot } from './types';

export const APPOINTMENT_PROFILE = 'https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Appointment-1';
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const NHS_NUMBER_VERIFICATION_URL =
  'https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1';
export const NHS_NUMBER_VERIFICATION_SYSTEM = 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1';
export const RFC4122_SYSTEM = 'https://tools.ietf.org/html/rfc4122';
export const DOCUMENT_TYPE_SYSTEM = 'urn:oid:2.16.840.1.113883.2.1.3.2.4.18.17';
export const V2_0131_SYSTEM = 'http://hl7.org/fhir/v2/0131';

export interface AppointmentInput {
  /** The chosen Slot exactly as the Provider sent it. */
  slot: Slot;
  patient: ContractPatient;
  /** Appointment.description: why, e.g. the disposition. */
  reason: string;
  /** The UUID that becomes the CDA's ClinicalDocument/id/@root. */
  documentId: string;
  created?: Date;
  language?: string;
}

const IDS = { slot: 'slot', patient: 'patient', document: 'document' } as const;

/** Builds the Appointment a Consumer POSTs (digest §3): no id, three contained resources. */
export function buildAppointment(input: AppointmentInput): Appointment {
  const { slot } = input;
  // The contained Slot keeps the chosen Slot's id (digest §3: copied from the chosen slot), so the Provider can find it.
  const slotId = containedSlotId(slot);
  return {
    resourceType: 'Appointment',
    meta: { profile: [APPOINTMENT_PROFILE] },
    contained: [containedSlot(slot), buildPatient(input.patient), documentReference(input.documentId, input.language ?? 'en')],
    status: 'booked',
    description: input.reason,
    start: slot.start,
    end: slot.end,
    created: (input.created ?? new Date()).toISOString(),
    slot: [{ reference: `#${slotId}` }],
    supportingInformation: [{ reference: `#${IDS.document}` }],
    participant: [{ actor: { reference: `#${IDS.patient}` }, status: 'accepted' }],
  };
}

function containedSlotId(slot: Slot): string {
  const id = slot.id ?? IDS.slot;
  // A contained id must not collide with the other contained resources' ids.
  return id === IDS.patient || id === IDS.document ? `slot-${id}` : id;
}

/** The contained Slot: id, identifier, schedule, status, start, end copied from the chosen slot. */
function containedSlot(slot: Slot): Slot {
  return {
    resourceType: 'Slot',
    id: containedSlotId(slot),
    ...(slot.identifier === undefined ? {} : { identifier: slot.identifier }),
    ...(slot.identifier === undefined && slot.id !== undefined ? { identifier: [{ value: slot.id }] } : {}),
    schedule: { reference: slot.schedule.reference ?? '' },
    status: slot.status,
    start: slot.start,
    end: slot.end,
  };
}

function documentReference(documentId: string, language: string): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    id: IDS.document,
    identifier: [{ system: RFC4122_SYSTEM, value: documentId }],
    status: 'current',
    type: { coding: [{ system: DOCUMENT_TYPE_SYSTEM, code: 'POCD_MT200001GB02', display: 'Integrated Urgent Care Report' }] },
    content: [{ attachment: { contentType: 'application/hl7-v3+xml', language } }],
  };
}

/** The contained Patient: NHS number only when known (digest §3), contacts per digest §5. */
export function buildPatient(p: ContractPatient): Patient {
  const patient: Patient = {
    resourceType: 'Patient',
    id: IDS.patient,
    name: [{ use: 'official', family: p.family, given: [p.given], ...(p.title === undefined ? {} : { prefix: [p.title] }) }],
    gender: p.gender,
    birthDate: p.birthDate,
    address: [address(p.address)],
  };
  if (p.nhsNumber !== undefined) {
    patient.identifier = [
      {
        system: NHS_NUMBER_SYSTEM,
        value: p.nhsNumber,
        extension: [
          {
            url: NHS_NUMBER_VERIFICATION_URL,
            valueCodeableConcept: {
              coding: [
                p.nhsNumberVerified === true
                  ? { system: NHS_NUMBER_VERIFICATION_SYSTEM, code: '01', display: 'Number present and verified' }
                  : { system: NHS_NUMBER_VERIFICATION_SYSTEM, code: '02', display: 'Number present but not traced' },
              ],
            },
          },
        ],
      },
    ];
  }
  if (p.telecom.length > 0) patient.telecom = p.telecom.map(telecom);
  if (p.contacts.length > 0) {
    patient.contact = p.contacts.map((c) => ({
      relationship: [
        {
          coding: [{ system: V2_0131_SYSTEM, code: c.relationship }],
          ...(c.relationshipText === undefined ? {} : { text: c.relationshipText }),
        },
      ],
      name: { given: [c.name.given], family: c.name.family },
      telecom: c.telecom.map(telecom),
      ...(c.address === undefined ? {} : { address: address(c.address) }),
    }));
  }
  return patient;
}

function telecom(t: ContractContactPoint): ContactPoint {
  return { system: t.system, value: t.value, use: t.use, rank: t.rank };
}

function address(a: ContractPatient['address']): Address {
  // A restricted record: the home address is withheld; only where the patient is now (temporary) is sent.
  if (a.withheld === true) return { use: 'temp', postalCode: a.postcode };
  return {
    use: 'home',
    line: a.lines,
    ...(a.city === undefined ? {} : { city: a.city }),
    ...(a.district === undefined ? {} : { district: a.district }),
    postalCode: a.postcode,
  };
}
