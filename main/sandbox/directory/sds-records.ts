/**
 * SDS-shaped records for the sandbox's Provider systems: one AS entry (`nhsAs`) and its MHS
 * entries (`nhsMhs`) per ASID, including the broken shapes live SDS really holds.
 */
import { PROVIDER_SYSTEMS } from '../seed/catalogue';

export const CARE_CONNECT_INTERACTIONS = [
  'urn:nhs:names:services:careconnect:fhir:rest:read:metadata',
  'urn:nhs:names:services:careconnect:fhir:rest:read:slot',
  'urn:nhs:names:services:careconnect:fhir:rest:create:appointment',
  'urn:nhs:names:services:careconnect:fhir:rest:read:appointment',
  'urn:nhs:names:services:careconnect:fhir:rest:update:appointment',
];

const GP_CONNECT_INTERACTIONS = [
  'urn:nhs:names:services:gpconnect:fhir:rest:read:metadata-1',
  'urn:nhs:names:services:gpconnect:fhir:rest:search:slot-1',
  'urn:nhs:names:services:gpconnect:fhir:rest:create:appointment-1',
];

export interface AsRecord {
  objectClass: 'nhsAs';
  uniqueIdentifier: string;
  nhsMhsPartyKey: string;
  nhsAsSvcIA: string[];
  nhsIDCode: string;
}

export interface MhsRecord {
  objectClass: 'nhsMhs';
  nhsMhsPartyKey: string;
  nhsMhsSvcIA: string;
  nhsMhsEndPoint: string;
}

export interface SdsRecords {
  as: AsRecord[];
  mhs: MhsRecord[];
}

/** Builds the records; `rootFor(key)` is the Provider's real service root URL. */
export function buildSdsRecords(rootFor: (providerKey: string) => string): SdsRecords {
  const as: AsRecord[] = [];
  const mhs: MhsRecord[] = [];
  for (const p of PROVIDER_SYSTEMS) {
    if (p.sds === 'as-missing') continue;
    const interactions = p.sds === 'gp-connect-only' ? GP_CONNECT_INTERACTIONS : CARE_CONNECT_INTERACTIONS;
    as.push({ objectClass: 'nhsAs', uniqueIdentifier: p.asid, nhsMhsPartyKey: p.partyKey, nhsAsSvcIA: interactions, nhsIDCode: p.key.toUpperCase() });
    if (p.sds === 'mhs-missing') continue;
    for (const ia of interactions) {
      const endpoint = p.sds === 'invalid-endpoint' ? 'dental-triage-diary/STU3 (see service desk)' : rootFor(p.key);
      mhs.push({ objectClass: 'nhsMhs', nhsMhsPartyKey: p.partyKey, nhsMhsSvcIA: ia, nhsMhsEndPoint: endpoint });
      if (p.sds === 'several-mhs') mhs.push({ objectClass: 'nhsMhs', nhsMhsPartyKey: p.partyKey, nhsMhsSvcIA: ia, nhsMhsEndPoint: `${rootFor(p.key)}-old` });
    }
  }
  return { as, mhs };
}
