/** The base64 FHIR context headers every routed call carries (digest §1). */
import { DOS_SERVICE_ID_SYSTEM, ODS_SYSTEM } from './codes';

export interface SenderIdentity {
  organisation: { odsCode: string; name: string };
  software: { name: string; version: string };
  /**
   * The user's SDS role profile id, and their role when known: a SNOMED code, and/or the national
   * RBAC job role (e.g. R8000) selected at CIS2 sign-in. Read on every call (the signed-in user changes).
   */
  practitioner?: { sdsRoleProfileId: string; roleCode?: string; roleDisplay?: string; jobRole?: { code: string; display?: string } } | undefined;
}

/** UK Core's code system for SDS (national RBAC) job roles, as NHS England's own APIs send R8000 in PractitionerRole.code. */
export const SDS_JOB_ROLE_SYSTEM = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-SDSJobRoleName';

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
    // BaRS API spec (NHSD-Requesting-Practitioner): a PractitionerRole with the SDS role profile id and
    // the role's code, to be sent whenever known. CIS2 gives the RBAC job role, not a SNOMED concept:
    // it goes under its own code system, never passed off as SNOMED.
    const coding = [
      ...(p.roleCode ? [{ system: 'http://snomed.info/sct', code: p.roleCode, ...(p.roleDisplay ? { display: p.roleDisplay } : {}) }] : []),
      ...(p.jobRole ? [{ system: SDS_JOB_ROLE_SYSTEM, code: p.jobRole.code, ...(p.jobRole.display ? { display: p.jobRole.display } : {}) }] : []),
    ];
    headers['NHSD-Requesting-Practitioner'] = b64({
      resourceType: 'PractitionerRole',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/sds-role-profile-id', value: p.sdsRoleProfileId }],
      ...(coding.length > 0 ? { code: [{ coding }] } : {}),
    });
  }
  return headers;
}
