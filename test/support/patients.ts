import type { PatientInput } from '../../preload/contract';

/** A patient as a health advisor would capture one: an NHS number, a mobile as the primary contact. */
export function patientWithNhsNumber(overrides: Partial<PatientInput> = {}): PatientInput {
  return {
    title: 'Mrs',
    given: 'Amelia',
    family: 'Okonkwo',
    birthDate: '1958-04-17',
    gender: 'female',
    address: { lines: ['14 Chapel Row'], city: 'Leeds', postcode: 'LS6 2QA' },
    nhsNumber: '9434765919',
    nhsNumberVerified: true,
    telecom: [
      { system: 'phone', value: '07700 900123', use: 'mobile', rank: 1 },
      { system: 'phone', value: '0113 496 0000', use: 'home', rank: 2 },
    ],
    contacts: [],
    ...overrides,
  };
}

/** A child with no NHS number, whose mother is the primary contact. */
export function childWithParentContact(): PatientInput {
  return {
    given: 'Leo',
    family: 'Hart',
    birthDate: '2021-09-02',
    gender: 'male',
    address: { lines: ['Flat 3', '22 Quay Street'], city: 'Bristol', postcode: 'BS1 4DJ' },
    telecom: [],
    contacts: [
      {
        relationship: 'N',
        relationshipText: 'Mother',
        name: { given: 'Sophie', family: 'Hart' },
        telecom: [{ system: 'phone', value: '07700 900456', use: 'mobile', rank: 1 }],
      },
    ],
  };
}
