/**
 * Validates the Consumer's unsigned JWT the way a strict Provider does (digest §2). A token
 * that cannot be decoded is a 400; any claim that fails is a 403, which the booking API
 * prescribes for "no valid JWT supplied or the JWT failed validation".
 */
import { FhirError, forbidden } from './operation-outcome';

export type RequestedScope = 'organization/slot.read' | 'patient/appointment.write' | 'patient/appointment.read';

const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
const SDS_USER_SYSTEM = 'https://fhir.nhs.uk/Id/sds-user-id';
const SDS_ROLE_SYSTEM = 'https://fhir.nhs.uk/Id/sds-role-profile-id';
/** Allowed clock difference between Consumer and Provider: both are assumed NTP-synchronised. */
const SKEW_SECONDS = 60;
const MAX_LIFETIME_SECONDS = 300;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function decodeSegment(segment: string, what: string): Json {
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    if (isObject(value)) return value;
  } catch {
    // fall through to the error below
  }
  throw new FhirError(400, 'invalid', 'BAD_REQUEST', `JWT ${what} is not base64url-encoded JSON`);
}

function identifiers(resource: Json): { system?: unknown; value?: unknown }[] {
  const ids = resource.identifier;
  return Array.isArray(ids) ? ids.filter(isObject) : [];
}

function hasIdentifier(resource: Json, system: string): boolean {
  return identifiers(resource).some((i) => i.system === system && typeof i.value === 'string' && i.value.length > 0);
}

function checkPractitioner(claims: Json): void {
  const practitioner = claims.requesting_practitioner;
  if (practitioner === undefined) return;
  if (!isObject(practitioner) || practitioner.resourceType !== 'Practitioner') throw forbidden('requesting_practitioner must be a Practitioner');
  if (practitioner.id !== claims.sub) throw forbidden('requesting_practitioner.id must equal sub');
  if (!hasIdentifier(practitioner, SDS_USER_SYSTEM)) throw forbidden(`requesting_practitioner needs an identifier with system ${SDS_USER_SYSTEM}`);
  if (!hasIdentifier(practitioner, SDS_ROLE_SYSTEM)) throw forbidden(`requesting_practitioner needs an identifier with system ${SDS_ROLE_SYSTEM}`);
}

export interface JwtCheck {
  audience: string;
  scope: RequestedScope;
  nowMs: number;
}

/** Checks `Authorization: Bearer <jwt>` for one operation; returns the claims when valid. */
export function validateJwt(authorization: string | undefined, check: JwtCheck): Json {
  if (!authorization) throw forbidden('Authorization header with a Bearer JWT is required');
  const match = /^Bearer (\S+)$/.exec(authorization);
  if (!match?.[1]) throw forbidden('Authorization must be "Bearer <JWT>"');
  const parts = match[1].split('.');
  if (parts.length !== 3) throw new FhirError(400, 'invalid', 'BAD_REQUEST', 'JWT must have three dot-separated parts');
  const [headerPart = '', claimsPart = '', signature = ''] = parts;
  const header = decodeSegment(headerPart, 'header');
  if (header.alg !== 'none') throw forbidden('JWT header alg must be "none"');
  if (header.typ !== 'JWT') throw forbidden('JWT header typ must be "JWT"');
  if (signature !== '') throw forbidden('JWT must be unsigned: the signature part must be empty');
  const claims = decodeSegment(claimsPart, 'payload');

  for (const name of ['iss', 'sub', 'aud'] as const) {
    if (typeof claims[name] !== 'string' || claims[name] === '') throw forbidden(`JWT claim ${name} is required`);
  }
  if (claims.aud !== check.audience) throw forbidden(`JWT aud must be this Provider's service root ${check.audience}`);
  const { iat, exp } = claims;
  if (!Number.isInteger(iat) || !Number.isInteger(exp)) throw forbidden('JWT iat and exp must be integer seconds');
  const now = Math.floor(check.nowMs / 1000);
  const issued = iat as number;
  const expires = exp as number;
  if (expires - issued > MAX_LIFETIME_SECONDS) throw forbidden('JWT exp must be no more than 300 seconds after iat');
  if (expires <= issued) throw forbidden('JWT exp must be after iat');
  if (issued > now + SKEW_SECONDS) throw forbidden('JWT iat is in the future');
  if (expires < now - SKEW_SECONDS) throw forbidden('JWT has expired');
  if (claims.reason_for_request !== 'directcare') throw forbidden('JWT reason_for_request must be "directcare"');
  if (claims.requested_scope !== check.scope) throw forbidden(`JWT requested_scope must be "${check.scope}" for this operation`);

  const device = claims.requesting_device;
  if (!isObject(device) || device.resourceType !== 'Device' || identifiers(device).length === 0) {
    throw forbidden('JWT requesting_device must be a Device with an identifier');
  }
  const org = claims.requesting_organization;
  if (!isObject(org) || org.resourceType !== 'Organization' || !hasIdentifier(org, ODS_SYSTEM)) {
    throw forbidden(`JWT requesting_organization must be an Organization with an identifier of system ${ODS_SYSTEM}`);
  }
  checkPractitioner(claims);
  return claims;
}
