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

/** A valid NHS number (Modulus 11), a different one for each eight-digit `n`: for tests and benches that need many different people. */
export function nhsNumberFrom(n: number): string {
  const prefix = String(n).padStart(8, '0').slice(-8);
  for (let ninth = 0; ninth <= 9; ninth++) {
    const digits = `${prefix}${String(ninth)}`;
    const sum = Array.from({ length: 9 }, (_, i) => Number(digits.charAt(i)) * (10 - i)).reduce((a, b) => a + b, 0);
    const check = 11 - (sum % 11);
    if (check !== 10) return `${digits}${String(check === 11 ? 0 : check)}`;
  }
  throw new Error(`no valid NHS number starts ${prefix}`);
}

let people = 0;
/** Another person each call (their own NHS number): no case of theirs is a second booking for the one before. */
export function anotherPatient(overrides: Partial<PatientInput> = {}): PatientInput {
  people += 1;
  return patientWithNhsNumber({ nhsNumber: nhsNumberFrom(40_200_000 + people), ...overrides });
}
