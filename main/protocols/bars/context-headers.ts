/** The base64 FHIR context headers every routed call carries (digest §1). */
import { DOS_SERVICE_ID_SYSTEM, ODS_SYSTEM } from './codes';

export interface SenderIdentity {
  organisation: { odsCode: string; name: string };
  software: { name: string; version: string };
  /** The user's SDS role profile id and SNOMED role, when known; read on every call (the signed-in user changes). */
  practitioner?: { sdsRoleProfileId: string; roleCode?: string; roleDisplay?: string } | undefined;
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');

export const targetIdentifier = (dosServiceId: string): string => b64({ system: DOS_SERVICE_ID_SYSTEM, value: dosServiceId });

export function contextHeaders(identity: SenderIdentity): Record<string, string> {
  const headers: Record<string, string> = {
    'NHSD-End-User-Organisation': b64({ resourceType: 'Organization', identifier: [{ system: ODS_SYSTEM, value: identity.organisation.odsCode }], name: identity.organisation.name }),
    'NHSD-Requesting-Software': b64({
      resourceType: 'Device',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/Accredited-System', value: identity.software.name }],
      deviceName: [{ name: identity.software.name, type: 'manufacturer-name' }],
      version: [{ value: identity.software.version }],
    }),
  };
  const p = identity.practitioner;
  if (p) {
    headers['NHSD-Requesting-Practitioner'] = b64({
      resourceType: 'PractitionerRole',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/sds-role-profile-id', value: p.sdsRoleProfileId }],
      ...(p.roleCode ? { code: [{ coding: [{ system: 'http://snomed.info/sct', code: p.roleCode, ...(p.roleDisplay ? { display: p.roleDisplay } : {}) }] }] } : {}),
    });
  }
  return headers;
}
