/** The operations a Consumer performs, each with the scope the standard assigns it (digest §2). */
export type JwtOperation = 'metadata' | 'slot-search' | 'book' | 'cancel' | 'read-appointment';

/** requested_scope per operation: slot reads are organisation-scoped, bookings patient-scoped. */
export const REQUESTED_SCOPE: Record<JwtOperation, string> = {
  metadata: 'organization/slot.read',
  'slot-search': 'organization/slot.read',
  book: 'patient/appointment.write',
  cancel: 'patient/appointment.write',
  'read-appointment': 'patient/appointment.read',
};

export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const SDS_USER_SYSTEM = 'https://fhir.nhs.uk/Id/sds-user-id';
export const SDS_ROLE_SYSTEM = 'https://fhir.nhs.uk/Id/sds-role-profile-id';

/** Our system: the device and organisation every token names. */
export interface JwtSystem {
  /** iss: our system's URL. */
  issuer: string;
  device: { system: string; value: string; model: string; version: string };
  organisation: { name: string; odsCode: string };
  /** System for the local user id identifier (e.g. our own namespace URL). */
  localUserSystem: string;
}

/** The logged-on user: the token describes this real person, never a generic system user. */
export interface JwtUser {
  /** sub and requesting_practitioner.id. */
  id: string;
  displayName: string;
  /** From the smartcard; `UNK` without one. */
  sdsUserId: string;
  sdsRoleProfileId: string;
  localUserId: string;
}

export interface JwtClaims {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  exp: number;
  reason_for_request: 'directcare';
  requested_scope: string;
  requesting_device: Record<string, unknown>;
  requesting_organization: Record<string, unknown>;
  requesting_practitioner: Record<string, unknown>;
  [claim: string]: unknown;
}

/** Builds the claim set of digest §2 for one request; `nowSeconds` is injectable for tests. */
export function buildClaims(
  system: JwtSystem,
  user: JwtUser,
  audience: string,
  operation: JwtOperation,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): JwtClaims {
  const iat = Math.floor(nowSeconds);
  return {
    iss: system.issuer,
    sub: user.id,
    aud: audience,
    iat,
    exp: iat + 300,
    reason_for_request: 'directcare',
    requested_scope: REQUESTED_SCOPE[operation],
    requesting_device: {
      resourceType: 'Device',
      identifier: [{ system: system.device.system, value: system.device.value }],
      model: system.device.model,
      version: system.device.version,
    },
    requesting_organization: {
      resourceType: 'Organization',
      name: system.organisation.name,
      identifier: [{ system: ODS_SYSTEM, value: system.organisation.odsCode }],
    },
    requesting_practitioner: {
      resourceType: 'Practitioner',
      id: user.id,
      name: [{ text: user.displayName }],
      identifier: [
        { system: SDS_USER_SYSTEM, value: user.sdsUserId || 'UNK' },
        { system: SDS_ROLE_SYSTEM, value: user.sdsRoleProfileId || 'UNK' },
        { system: system.localUserSystem, value: user.localUserId },
      ],
    },
  };
}
