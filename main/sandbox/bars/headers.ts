/**
 * What the BaRS proxy checks on every routed request before the receiver sees it (digest §1):
 * the target identifier, the request and correlation ids, the base64 FHIR context headers and
 * the Accept version.
 */
import type { IncomingMessage } from 'node:http';
import { header } from '../http/respond';
import { BarsRefusal, proxyBadRequest } from './outcome';
import { API_VERSION } from './metadata';
import { DOS_SERVICE_ID_SYSTEM } from './resources';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface RoutedHeaders {
  targetId: string;
  requestId: string;
  correlationId: string;
}

function decodeJson(name: string, value: string): Record<string, unknown> {
  if (!BASE64.test(value)) throw proxyBadRequest(`${name} is not base64`, 'value');
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw proxyBadRequest(`${name} is not base64-encoded JSON`, 'value');
  }
}

const identifiers = (resource: Record<string, unknown>): { system?: unknown; value?: unknown }[] =>
  Array.isArray(resource.identifier) ? (resource.identifier as { system?: unknown; value?: unknown }[]) : [];

/** The DoS service id the request is for, or undefined when there is no target header. */
export function targetOf(req: IncomingMessage): string | undefined {
  const raw = header(req, 'nhsd-target-identifier');
  if (raw === undefined) return undefined;
  const target = decodeJson('NHSD-Target-Identifier', raw);
  if (target.system !== DOS_SERVICE_ID_SYSTEM || typeof target.value !== 'string' || !/^\d+$/.test(target.value)) {
    throw proxyBadRequest(`NHSD-Target-Identifier must be {"system":"${DOS_SERVICE_ID_SYSTEM}","value":"<DoS service id>"}`, 'value');
  }
  return target.value;
}

/** The Accept header's version must share our major version (406 otherwise). */
export function checkAccept(req: IncomingMessage): void {
  const accept = header(req, 'accept') ?? '';
  if (!/application\/fhir\+json/i.test(accept)) throw new BarsRefusal(406, 'PROXY_NOT_ACCEPTABLE', 'not-supported', 'Accept must be application/fhir+json with a version');
  const version = /version=([0-9][0-9A-Za-z.-]*)/.exec(accept)?.[1] ?? API_VERSION;
  if (version.split('.')[0] !== API_VERSION.split('.')[0]) throw new BarsRefusal(406, 'PROXY_NOT_ACCEPTABLE', 'not-supported', `Version ${version} is not supported; this API speaks ${API_VERSION}`);
}

/** Every header a routed call must carry; throws the proxy's refusal for the first one wrong. */
export function checkRoutedHeaders(req: IncomingMessage, targetId: string): RoutedHeaders {
  const requestId = header(req, 'x-request-id');
  const correlationId = header(req, 'x-correlation-id');
  if (requestId === undefined || !UUID.test(requestId)) throw proxyBadRequest('X-Request-Id (a UUID) is required', 'required');
  if (correlationId === undefined || !UUID.test(correlationId)) throw proxyBadRequest('X-Correlation-Id (a UUID) is required', 'required');

  const org = header(req, 'nhsd-end-user-organisation');
  if (org === undefined) throw proxyBadRequest('NHSD-End-User-Organisation is required', 'required');
  const organisation = decodeJson('NHSD-End-User-Organisation', org);
  if (organisation.resourceType !== 'Organization' || !identifiers(organisation).some((i) => i.system === 'https://fhir.nhs.uk/Id/ods-organization-code' && typeof i.value === 'string' && i.value !== '')) {
    throw proxyBadRequest('NHSD-End-User-Organisation must be an Organization with an ODS code identifier', 'value');
  }

  const software = header(req, 'nhsd-requesting-software');
  if (software === undefined) throw proxyBadRequest('NHSD-Requesting-Software is required', 'required');
  const device = decodeJson('NHSD-Requesting-Software', software);
  const names = Array.isArray(device.deviceName) ? (device.deviceName as { name?: unknown }[]) : [];
  if (device.resourceType !== 'Device' || !names.some((n) => typeof n.name === 'string' && n.name !== '')) {
    throw proxyBadRequest('NHSD-Requesting-Software must be a Device with a deviceName', 'value');
  }

  const practitioner = header(req, 'nhsd-requesting-practitioner');
  if (practitioner !== undefined) {
    const role = decodeJson('NHSD-Requesting-Practitioner', practitioner);
    if (role.resourceType !== 'PractitionerRole') throw proxyBadRequest('NHSD-Requesting-Practitioner must be a PractitionerRole', 'value');
  }
  checkAccept(req);
  return { targetId, requestId, correlationId };
}

const USE_CONTEXT = /^(a\d+t\d+)\|(booked|referral|cancelled)\|(booking-request|servicerequest-request)\|(new|update)$/;

/** `use-context` on `$process-message`: `<use case>|<category>|<event>|<reason>`. */
export function useContextOf(req: IncomingMessage): { useCase: string; category: string; event: string; reason: string } {
  const value = header(req, 'use-context');
  if (value === undefined) throw proxyBadRequest('use-context is required on $process-message', 'required');
  const match = USE_CONTEXT.exec(value.trim().toLowerCase());
  if (!match) throw proxyBadRequest(`use-context "${value}" must be <use case>|<booked|referral|cancelled>|<event>|<new|update>`, 'value');
  return { useCase: match[1] ?? '', category: match[2] ?? '', event: match[3] ?? '', reason: match[4] ?? '' };
}
