import { describe, expect, it } from 'vitest';
import type { Patient as ContractPatient } from '../../preload/contract';
import { buildAppointment, type Patient, type Slot } from '../../main/fhir';

const slot: Slot = {
  resourceType: 'Slot',
  id: 'slot-1',
  identifier: [{ system: 'https://provider.example.nhs.uk/slot', value: 'S-0001' }],
  schedule: { reference: 'Schedule/sched-1' },
  status: 'free',
  start: '2026-01-05T10:30:00+00:00',
  end: '2026-01-05T10:40:00+00:00',
};

const patient: ContractPatient = {
  title: 'Ms',
  given: 'Ada',
  family: 'Lovelace',
  birthDate: '1990-12-10',
  gender: 'female',
  address: { lines: ['1 High Street'], city: 'Leeds', postcode: 'LS1 1AA' },
  nhsNumber: '9434765919',
  nhsNumberVerified: true,
  telecom: [{ system: 'phone', value: '07700 900123', use: 'mobile', rank: 2 }],
  contacts: [
    {
      relationship: 'N',
      relationshipText: 'Mother',
      name: { given: 'Mary', family: 'Lovelace' },
      telecom: [{ system: 'phone', value: '0113 496 0000', use: 'home', rank: 1 }],
    },
  ],
};

const DOC = '0b1c2d3e-4f50-4617-8899-aabbccddeeff';

function contained<T extends { resourceType: string }>(a: ReturnType<typeof buildAppointment>, type: T['resourceType']): T {
  return a.contained?.find((r) => r.resourceType === type) as unknown as T;
}

describe('buildAppointment (digest §3)', () => {
  const appointment = buildAppointment({ slot, patient, reason: 'Dx05 contact a primary care service within 2 hours', documentId: DOC, created: new Date('2026-01-05T10:01:02Z') });

  it('has no id, status booked, slot times, references to the three contained resources', () => {
    expect(appointment.id).toBeUndefined();
    expect(appointment).toMatchObject({
      resourceType: 'Appointment',
      meta: { profile: ['https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Appointment-1'] },
      status: 'booked',
      start: slot.start,
      end: slot.end,
      created: '2026-01-05T10:01:02.000Z',
      description: 'Dx05 contact a primary care service within 2 hours',
      slot: [{ reference: `#${slot.id ?? ''}` }],
      supportingInformation: [{ reference: '#document' }],
      participant: [{ actor: { reference: '#patient' }, status: 'accepted' }],
    });
    expect(appointment.contained?.map((r) => r.id).sort()).toEqual(['document', 'patient', slot.id].sort());
  });

  it('copies the chosen Slot, keeping its id so the Provider can find it', () => {
    expect(contained<Slot>(appointment, 'Slot')).toEqual(slot);
  });

  it('links the CDA through the DocumentReference identifier', () => {
    expect(contained(appointment, 'DocumentReference')).toEqual({
      resourceType: 'DocumentReference',
      id: 'document',
      identifier: [{ system: 'https://tools.ietf.org/html/rfc4122', value: DOC }],
      status: 'current',
      type: { coding: [{ system: 'urn:oid:2.16.840.1.113883.2.1.3.2.4.18.17', code: 'POCD_MT200001GB02', display: 'Integrated Urgent Care Report' }] },
      content: [{ attachment: { contentType: 'application/hl7-v3+xml', language: 'en' } }],
    });
  });

  it('writes the NHS number with its verification status', () => {
    const p = contained<Patient>(appointment, 'Patient');
    expect(p.identifier).toEqual([
      {
        system: 'https://fhir.nhs.uk/Id/nhs-number',
        value: '9434765919',
        extension: [
          {
            url: 'https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1',
            valueCodeableConcept: {
              coding: [{ system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1', code: '01', display: 'Number present and verified' }],
            },
          },
        ],
      },
    ]);
    expect(p.name).toEqual([{ use: 'official', family: 'Lovelace', given: ['Ada'], prefix: ['Ms'] }]);
    expect(p.address).toEqual([{ use: 'home', line: ['1 High Street'], city: 'Leeds', postalCode: 'LS1 1AA' }]);
  });

  it('puts own numbers in telecom and third parties in contact, with ranks', () => {
    const p = contained<Patient>(appointment, 'Patient');
    expect(p.telecom).toEqual([{ system: 'phone', value: '07700 900123', use: 'mobile', rank: 2 }]);
    expect(p.contact).toEqual([
      {
        relationship: [{ coding: [{ system: 'http://hl7.org/fhir/v2/0131', code: 'N' }], text: 'Mother' }],
        name: { given: ['Mary'], family: 'Lovelace' },
        telecom: [{ system: 'phone', value: '0113 496 0000', use: 'home', rank: 1 }],
      },
    ]);
  });

  it('sends no identifier at all without an NHS number', () => {
    const { nhsNumber: _n, nhsNumberVerified: _v, ...unknownPatient } = patient;
    const p = contained<Patient>(buildAppointment({ slot, patient: unknownPatient, reason: 'r', documentId: DOC }), 'Patient');
    expect(p).not.toHaveProperty('identifier');
  });

  it('marks an unverified NHS number as not traced', () => {
    const p = contained<Patient>(buildAppointment({ slot, patient: { ...patient, nhsNumberVerified: false }, reason: 'r', documentId: DOC }), 'Patient');
    expect(JSON.stringify(p.identifier)).toContain('"code":"02"');
  });
});
