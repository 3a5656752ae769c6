/**
 * The PDS stand-in's test patients, one per case the trace must handle, in the shapes of the
 * official PDS sandbox examples (NHSDigital/personal-demographics-service-api, sandbox/mocks).
 * Search them as the table says; anything else finds no one.
 *
 * | Case            | Search (family, birth date, …)              | Retrieve                      |
 * | --------------- | ------------------------------------------- | ----------------------------- |
 * | normal          | Smith, 2010-10-22 (given Jane)              | 9000000009                    |
 * | restricted      | Smythe, 2005-06-16 (no postcode: see spec)  | 9000000025                    |
 * | superseded      | –                                           | 9000000033 → answers 9000000041 |
 * | deceased        | Grey, 1931-07-02                            | 9000000068                    |
 * | too many        | Taylor, 1990-01-01 (two; add gender for one)| 9000000076, 9000000084        |
 * | no match        | any other                                   | any other valid number        |
 */
type Json = Record<string, unknown>;

const SECURITY_SYSTEM = 'https://www.hl7.org/fhir/valueset-security-labels.html';
const verified = (nhs: string): Json => ({
  extension: [
    {
      url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
      valueCodeableConcept: {
        coding: [{ code: '01', display: 'Number present and verified', system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus', version: '1.0.0' }],
      },
    },
  ],
  system: 'https://fhir.nhs.uk/Id/nhs-number',
  value: nhs,
});
const security = (code: 'U' | 'R'): Json => ({ security: [{ code, display: code === 'U' ? 'unrestricted' : 'restricted', system: SECURITY_SYSTEM }], versionId: '2' });
const name = (given: string[], family: string, prefix: string): Json => ({ family, given, id: '123', period: { start: '2020-01-01' }, prefix: [prefix], use: 'usual' });
const home = (line: string[], postalCode: string): Json => ({ id: '456', line, period: { start: '2020-01-01' }, postalCode, use: 'home' });
const gp = (ods: string): Json[] => [{ id: '254406A3', identifier: { period: { start: '2020-01-01' }, system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: ods }, type: 'Organization' }];
const phone = (value: string): Json[] => [{ id: '789', period: { start: '2020-01-01' }, system: 'phone', use: 'home', value }];
const deathNotification = (at: string): Json => ({
  extension: [
    { url: 'deathNotificationStatus', valueCodeableConcept: { coding: [{ code: '2', display: 'Formal - death notice received from Registrar of Deaths', system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-DeathNotificationStatus', version: '1.0.0' }] } },
    { url: 'systemEffectiveDate', valueDateTime: at },
  ],
  url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeathNotificationStatus',
});

function patient(nhs: string, fields: Json, restricted = false): Json {
  return { resourceType: 'Patient', id: nhs, identifier: [verified(nhs)], meta: security(restricted ? 'R' : 'U'), multipleBirthInteger: 1, ...fields };
}

/** Records by NHS number (the full retrieve; search answers carry the same here). */
export const PDS_PATIENTS: readonly Json[] = [
  patient('9000000009', { name: [name(['Jane'], 'Smith', 'Mrs')], gender: 'female', birthDate: '2010-10-22', address: [home(['1 Trevelyan Square', 'Boar Lane', 'City Centre', 'Leeds', 'West Yorkshire'], 'LS1 6AE')], telecom: phone('01632960587'), generalPractitioner: gp('Y12345') }),
  // As PDS sends a restricted record: no address, telecom, contact or GP.
  patient('9000000025', { name: [name(['Janet'], 'Smythe', 'Mrs')], gender: 'female', birthDate: '2005-06-16' }, true),
  patient('9000000041', { name: [name(['Oliver'], 'Hughes', 'Mr')], gender: 'male', birthDate: '1985-03-14', address: [home(['4 Park Row'], 'LS1 5HD')], telecom: phone('01632960111'), generalPractitioner: gp('B86001') }),
  patient('9000000068', { name: [name(['Arthur'], 'Grey', 'Mr')], gender: 'male', birthDate: '1931-07-02', deceasedDateTime: '2024-03-12T00:00:00+00:00', extension: [deathNotification('2024-03-13T00:00:00+00:00')], address: [home(['9 Mill Lane'], 'LS6 2AA')], generalPractitioner: gp('B86002') }),
  patient('9000000076', { name: [name(['Sam'], 'Taylor', 'Mx')], gender: 'male', birthDate: '1990-01-01', address: [home(['2 Kirkgate'], 'LS2 7DJ')], generalPractitioner: gp('B86003') }),
  patient('9000000084', { name: [name(['Sam'], 'Taylor', 'Ms')], gender: 'female', birthDate: '1990-01-01', address: [home(['30 Briggate'], 'LS1 6HD')], generalPractitioner: gp('B86003') }),
];

/** Numbers PDS has merged into another record: a retrieve of the old one answers with the current one. */
export const SUPERSEDED: Readonly<Record<string, string>> = { '9000000033': '9000000041' };
