/**
 * The app's patient as an R4 UK Core Patient for BaRS (digest §3: NHS-number status, ranked
 * contacts). App1 puts every call-back number in `Patient.contact`, as BOOKREQ01 and REFREQ01
 * do: the patient's own numbers under relationship ONESELF, each third party under its own
 * relationship, every contact ranked by the UK Core ContactRank extension (exactly one rank 1).
 */
import type { ContactPoint, Patient, ThirdPartyContact } from '../../../preload/contract';
import { NHS_NUMBER_SYSTEM } from './codes';

/** ONESELF is v3-RoleCode (BOOKREQ01, REFREQ01); third parties keep their v2-0131 code (REFREQ01's "C"). */
export const ROLE_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
export const RELATIONSHIP_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0131';
/** HL7 v2-0131's displays for the codes the app records. */
const RELATIONSHIP_DISPLAY: Readonly<Record<ThirdPartyContact['relationship'], string>> = { C: 'Emergency Contact', N: 'Next-of-Kin', E: 'Employer', S: 'State Agency', O: 'Other', U: 'Unknown' };
const STATUS_DISPLAY = { 'number-present-and-verified': 'Number present and verified', 'number-present-but-not-traced': 'Number present but not traced' } as const;
export const CONTACT_RANK_EXT = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactRank';
const VERIFICATION_EXT = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';
const VERIFICATION_SYSTEM = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus';

type Json = Record<string, unknown>;

interface ContactDraft {
  /** The best (lowest) rank the caller gave any of its numbers: the contacts are ordered by it. */
  best: number;
  telecom: ContactPoint[];
  build: (rank: number, telecom: Json[]) => Json;
}

/** A contact's numbers in the caller's order, ranked 1..n within the contact (each contact has its own rank 1, as in the examples). */
function rankedTelecom(points: readonly ContactPoint[]): Json[] {
  return [...points].sort((a, b) => a.rank - b.rank).map((t, i) => ({ system: t.system, value: t.value, use: t.use, rank: i + 1 }));
}

const rankExtension = (rank: number): Json[] => [{ url: CONTACT_RANK_EXT, valuePositiveInt: rank }];

function thirdParty(c: ThirdPartyContact): ContactDraft {
  return {
    best: Math.min(...c.telecom.map((t) => t.rank)),
    telecom: c.telecom,
    build: (rank, telecom) => ({
      extension: rankExtension(rank),
      relationship: [{ coding: [{ system: RELATIONSHIP_SYSTEM, code: c.relationship, display: RELATIONSHIP_DISPLAY[c.relationship] }], ...(c.relationshipText ? { text: c.relationshipText } : {}) }],
      name: { family: c.name.family, given: [c.name.given] },
      telecom,
      ...(c.address === undefined ? {} : { address: { line: c.address.lines, ...(c.address.city ? { city: c.address.city } : {}), postalCode: c.address.postcode } }),
    }),
  };
}

/** Patient.contact as App1 wants it: the contact holding the caller's rank-1 number is ContactRank 1, the rest follow. */
export function patientContacts(p: Pick<Patient, 'telecom' | 'contacts'>): Json[] {
  const drafts: ContactDraft[] = [];
  if (p.telecom.length > 0) {
    drafts.push({
      best: Math.min(...p.telecom.map((t) => t.rank)),
      telecom: p.telecom,
      build: (rank, telecom) => ({
        extension: rankExtension(rank),
        relationship: [{ coding: [{ system: ROLE_CODE_SYSTEM, code: 'ONESELF', display: 'self' }] }],
        telecom,
      }),
    });
  }
  drafts.push(...p.contacts.filter((c) => c.telecom.length > 0).map(thirdParty));
  // A stable sort: equal best ranks keep the patient first, then the third parties as entered.
  return drafts
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.best - b.d.best || a.i - b.i)
    .map(({ d }, i) => d.build(i + 1, rankedTelecom(d.telecom)));
}

/** A restricted record's home address is withheld: only the postcode of where the patient is now, as a temporary address. */
function homeOrWithheld(a: Patient['address']): Json {
  if (a.withheld === true) return { use: 'temp', postalCode: a.postcode };
  return { use: 'home', text: [...a.lines, a.city, a.district, a.postcode].filter((s) => s !== undefined && s !== '').join(', '), line: a.lines, ...(a.city ? { city: a.city } : {}), ...(a.district ? { district: a.district } : {}), postalCode: a.postcode };
}

/** `generalPractitioner`: the fullUrl of the registered practice's Organization entry, when the message carries one. */
export function patientR4(p: Patient, lastUpdated: string, generalPractitioner?: string): Record<string, unknown> {
  // Only the two statuses BaRS allows are ever sent: traced, or given but not traced.
  const status = p.nhsNumberVerified === true ? 'number-present-and-verified' : 'number-present-but-not-traced';
  const contact = patientContacts(p);
  return {
    resourceType: 'Patient',
    meta: { lastUpdated, profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'] },
    ...(p.nhsNumber === undefined
      ? {}
      : {
          identifier: [{
            extension: [{ url: VERIFICATION_EXT, valueCodeableConcept: { coding: [{ system: VERIFICATION_SYSTEM, code: status, display: STATUS_DISPLAY[status] }] } }],
            system: NHS_NUMBER_SYSTEM,
            value: p.nhsNumber,
          }],
        }),
    name: [{ use: 'official', text: [p.title, p.given, p.family].filter((s) => s !== undefined && s !== '').join(' '), family: p.family, given: [p.given], ...(p.title ? { prefix: [p.title] } : {}) }],
    gender: p.gender,
    birthDate: p.birthDate,
    address: [homeOrWithheld(p.address)],
    ...(contact.length === 0 ? {} : { contact }),
    ...(generalPractitioner === undefined ? {} : { generalPractitioner: [{ reference: generalPractitioner }] }),
  };
}
