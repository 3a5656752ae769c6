import type { Address, ContactPoint, Patient, ThirdPartyContact } from '../../../../preload/contract';
import { RELATIONSHIPS } from '../../../../preload/contract';
import { OID } from './oids';
import { xmlText, type XmlNode } from './xml';

/** HL7 TS: YYYYMMDDHHMMSS+0000, always in UTC (the digest: send UTC). */
export function hl7Time(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+0000`;
}

/** `{ '#text': … }` with the text made safe for XML; the builder escapes it. */
export const text = (value: string): XmlNode => ({ '#text': xmlText(value) });

const TELECOM_USE: Record<ContactPoint['use'], string> = { home: 'HP', work: 'WP', mobile: 'MC', temp: 'TMP' };

/** A telecom URL: tel: for phones and SMS, mailto: for email; the rank is kept so the primary contact is known. */
export function telecom(t: ContactPoint): XmlNode {
  const scheme = t.system === 'email' ? 'mailto:' : 'tel:';
  return { '@use': TELECOM_USE[t.use], '@value': xmlText(`${scheme}${t.value.replace(/\s+/g, '')}`) };
}

export function addr(a: Address, use = 'H'): XmlNode {
  // A restricted record's home address is withheld: the postcode of where the patient is now, as a temporary address.
  if (a.withheld === true) return { '@use': 'TMP', postalCode: text(a.postcode.toUpperCase()) };
  return {
    '@use': use,
    streetAddressLine: [...(a.noFixedAbode === true ? ['No fixed abode'] : []), ...a.lines, a.district, a.city].filter((l): l is string => l !== undefined && l !== '').map(text),
    postalCode: text(a.postcode.toUpperCase()),
  };
}

const GENDER: Record<Patient['gender'], { code: string; displayName: string }> = {
  male: { code: '1', displayName: 'Male' },
  female: { code: '2', displayName: 'Female' },
  other: { code: '9', displayName: 'Indeterminate' },
  unknown: { code: '0', displayName: 'Not Known' },
};

/** The patient's identifier: a verified or unverified NHS number, or, without one, our case id as a local id. */
function patientIds(p: Patient, caseId: string, orgOds: string): XmlNode {
  if (p.nhsNumber === undefined) return { '@root': OID.localIdentifier, '@extension': caseId, '@assigningAuthorityName': orgOds };
  return { '@root': p.nhsNumberVerified === true ? OID.nhsNumberVerified : OID.nhsNumberUnverified, '@extension': p.nhsNumber };
}

/** Numbers sorted by rank, so the primary contact (rank 1) comes first for whoever reads the document. */
const byRank = (list: readonly ContactPoint[]): ContactPoint[] => [...list].sort((a, b) => a.rank - b.rank);

export function recordTarget(p: Patient, caseId: string, orgOds: string): XmlNode {
  return {
    '@typeCode': 'RCT',
    '@contextControlCode': 'OP',
    patientRole: {
      '@classCode': 'PAT',
      id: patientIds(p, caseId, orgOds),
      addr: addr(p.address),
      telecom: byRank(p.telecom).map(telecom),
      patient: {
        '@classCode': 'PSN',
        '@determinerCode': 'INSTANCE',
        name: { '@use': 'L', prefix: p.title !== undefined ? text(p.title) : undefined, given: text(p.given), family: text(p.family) },
        administrativeGenderCode: { '@codeSystem': OID.gender, ...prefixed(GENDER[p.gender]) },
        birthTime: { '@value': p.birthDate.replace(/-/g, '') },
      },
    },
  };
}

function prefixed(o: Record<string, string>): XmlNode {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [`@${k}`, v]));
}

/** A third party to call (a parent, a carer): an "indirect target" participant with its relationship. */
export function contactParticipant(c: ThirdPartyContact): XmlNode {
  return {
    '@typeCode': 'IND',
    associatedEntity: {
      '@classCode': c.relationship === 'N' ? 'NOK' : 'ECON',
      code: { '@code': c.relationship, '@codeSystem': OID.contactRole, '@displayName': xmlText(c.relationshipText ?? RELATIONSHIPS[c.relationship]) },
      addr: c.address !== undefined ? addr(c.address) : undefined,
      telecom: byRank(c.telecom).map(telecom),
      associatedPerson: { name: { given: text(c.name.given), family: text(c.name.family) } },
    },
  };
}

/** The patient's registered GP practice, so the service can copy the report to it. */
export function practiceParticipant(odsCode: string, name: string | undefined): XmlNode {
  return {
    '@typeCode': 'PART',
    associatedEntity: {
      '@classCode': 'PROV',
      scopingOrganization: { '@classCode': 'ORG', '@determinerCode': 'INSTANCE', id: { '@root': OID.ods, '@extension': xmlText(odsCode) }, name: name !== undefined ? text(name) : undefined },
    },
  };
}

/** One narrative section of the structured body. */
export function section(id: string, title: string, narrative: XmlNode): XmlNode {
  return { section: { id: { '@root': id }, title: text(title), text: narrative } };
}
