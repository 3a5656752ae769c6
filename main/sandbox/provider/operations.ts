/**
 * Which Care Connect operation a request to a Provider is, what JWT scope and SSP interaction
 * it needs, and which DoS service it concerns (for fault scoping). Shared by the Provider and
 * the SSP forwarder so both classify a request the same way.
 */
import type { RequestedScope } from '../fhir/jwt-validator';
import { FhirError } from '../fhir/operation-outcome';
import type { Operation } from '../faults/fault-control';
import { SERVICE_PARAM } from './slot-search';
import { serviceOfBooking } from './appointments';
import type { ProviderContext } from './context';

export interface ClassifiedRequest {
  operation: Operation;
  appointmentId?: string;
  version?: number;
}

export const INTERACTION_PREFIX = 'urn:nhs:names:services:careconnect:fhir:rest:';

export const SCOPE: Record<Operation, RequestedScope> = {
  metadata: 'organization/slot.read',
  search: 'organization/slot.read',
  book: 'patient/appointment.write',
  cancel: 'patient/appointment.write',
  read: 'patient/appointment.read',
};

/** The SSP interaction ids each operation may be sent under (the sources disagree on slot search). */
export const INTERACTIONS: Record<Operation, string[]> = {
  metadata: [`${INTERACTION_PREFIX}read:metadata`],
  search: [`${INTERACTION_PREFIX}read:slot`, `${INTERACTION_PREFIX}search:slot`],
  book: [`${INTERACTION_PREFIX}create:appointment`],
  read: [`${INTERACTION_PREFIX}read:appointment`],
  cancel: [`${INTERACTION_PREFIX}update:appointment`],
};

const notAllowed = (method: string, path: string): FhirError =>
  new FhirError(405, 'not-supported', 'NOT_IMPLEMENTED', `${method} is not supported on ${path}`);

/** Classifies `method` on `subPath` (the part after the service root, e.g. `/Slot`). */
export function classify(method: string, subPath: string): ClassifiedRequest {
  const parts = subPath.split('/').filter(Boolean);
  const [type, id, history, version, ...rest] = parts;
  if (type === 'metadata' && parts.length === 1) {
    if (method !== 'GET') throw notAllowed(method, subPath);
    return { operation: 'metadata' };
  }
  if (type === 'Slot' && parts.length === 1) {
    if (method !== 'GET') throw notAllowed(method, subPath);
    return { operation: 'search' };
  }
  if (type === 'Appointment' && rest.length === 0) {
    if (id === undefined) {
      if (method !== 'POST') throw notAllowed(method, subPath);
      return { operation: 'book' };
    }
    if (history === undefined) {
      if (method === 'GET') return { operation: 'read', appointmentId: id };
      if (method === 'PUT') return { operation: 'cancel', appointmentId: id };
      throw notAllowed(method, subPath);
    }
    if (history === '_history' && version !== undefined && /^\d+$/.test(version)) {
      if (method !== 'GET') throw notAllowed(method, subPath);
      return { operation: 'read', appointmentId: id, version: Number(version) };
    }
  }
  throw new FhirError(404, 'not-found', 'NO_RECORD_FOUND', `${subPath} is not a resource this Provider serves`);
}

/** The DoS service a request concerns, when it can be told; undefined otherwise. */
export function serviceIdOf(ctx: ProviderContext, request: ClassifiedRequest, query: URLSearchParams, bodyText: string): string | undefined {
  switch (request.operation) {
    case 'metadata':
      return undefined;
    case 'search':
      return query.get(SERVICE_PARAM) ?? undefined;
    case 'book':
      try {
        return serviceOfBooking(ctx, JSON.parse(bodyText));
      } catch {
        return undefined;
      }
    case 'read':
    case 'cancel':
      return request.appointmentId === undefined ? undefined : ctx.appointments.serviceOf(ctx.system.key, request.appointmentId);
  }
}
