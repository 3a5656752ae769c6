/** The app's patient as an R4 UK Core Patient for BaRS (digest §3: NHS-number status, ranked contacts). */
import type { Patient } from '../../../preload/contract';
import { NHS_NUMBER_SYSTEM } from './codes';

const RELATIONSHIP_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0131';
const VERIFICATION_EXT = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';
const VERIFICATION_SYSTEM = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus';

export function patientR4(p: Patient, lastUpdated: string): Record<string, unknown> {
  // Only the two statuses BaRS allows are ever sent: traced, or given but not traced.
  const status = p.nhsNumberVerified === true ? 'number-present-and-verified' : 'number-present-but-not-traced';
  return {
    resourceType: 'Patient',
    meta: { lastUpdated, profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'] },
    ...(p.nhsNumber === undefined
      ? {}
      : {
          identifier: [{
            extension: [{ url: VERIFICATION_EXT, valueCodeableConcept: { coding: [{ system: VERIFICATION_SYSTEM, code: status }] } }],
            system: NHS_NUMBER_SYSTEM,
            value: p.nhsNumber,
          }],
        }),
    name: [{ use: 'official', family: p.family, given: [p.given], ...(p.title ? { prefix: [p.title] } : {}) }],
    telecom: p.telecom.map((t) => ({ system: t.system, value: t.value, use: t.use, rank: t.rank })),
    gender: p.gender,
    birthDate: p.birthDate,
    address: [{ use: 'home', line: p.address.lines, ...(p.address.city ? { city: p.address.city } : {}), ...(p.address.district ? { district: p.address.district } : {}), postalCode: p.address.postcode }],
    ...(p.contacts.length === 0
      ? {}
      : {
          contact: p.contacts.map((c) => ({
            relationship: [{ coding: [{ system: RELATIONSHIP_SYSTEM, code: c.relationship }], ...(c.relationshipText ? { text: c.relationshipText } : {}) }],
            name: { family: c.name.family, given: [c.name.given] },
            telecom: c.telecom.map((t) => ({ system: t.system, value: t.value, use: t.use, rank: t.rank })),
          })),
        }),
  };
}
