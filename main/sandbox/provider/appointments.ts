/**
 * Book (`POST [base]/Appointment`), read (`GET [base]/Appointment/{id}[/_history/{v}]`) and
 * cancel (`PUT [base]/Appointment/{id}` with If-Match) as the booking API defines them.
 */
import { validateNewAppointment, isObject } from '../fhir/appointment-validation';
import { FhirError, badRequest, invalidResource, notFound } from '../fhir/operation-outcome';
import type { StoredVersion } from '../store/appointment-store';
import { seedService } from '../seed/catalogue';
import { jsonReply, type ProviderContext, type Reply } from './context';

const APPOINTMENT_PROFILE = 'https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Appointment-1';
const CANCELLATION_REASON_URL = 'https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-AppointmentCancellationReason-1';

function versionHeaders(ctx: ProviderContext, a: StoredVersion): Record<string, string> {
  const location = `${ctx.root}/Appointment/${a.id}/_history/${a.version}`;
  return {
    Location: location,
    'Content-Location': location,
    ETag: `W/"${a.version}"`,
    'Last-Modified': new Date(a.lastUpdated).toUTCString(),
  };
}

const withMeta = (body: Record<string, unknown>, id: string, version: number, lastUpdated: string): Record<string, unknown> => ({
  ...body,
  resourceType: 'Appointment',
  id,
  meta: { versionId: String(version), lastUpdated, profile: [APPOINTMENT_PROFILE] },
});

/** The DoS service whose slot a create body names, if the slot is this Provider's. */
export function serviceOfBooking(ctx: Pick<ProviderContext, 'slots'>, body: unknown): string | undefined {
  if (!isObject(body) || !Array.isArray(body.contained)) return undefined;
  const slot = body.contained.find((r: unknown) => isObject(r) && r.resourceType === 'Slot') as Record<string, unknown> | undefined;
  return typeof slot?.id === 'string' ? ctx.slots.get(slot.id)?.serviceId : undefined;
}

export function bookAppointment(ctx: ProviderContext, body: unknown, requestId: string): Reply {
  const appointment = validateNewAppointment(body);
  const slot = ctx.slots.get(appointment.slotId);
  if (!slot || seedService(slot.serviceId)?.provider !== ctx.system.key) {
    throw new FhirError(422, 'invalid', 'REFERENCE_NOT_FOUND', `Slot ${appointment.slotId} does not exist at this Provider`);
  }
  if (!appointment.scheduleReference.endsWith(`Schedule/${slot.scheduleId}`)) {
    throw invalidResource(`contained Slot.schedule must reference Schedule/${slot.scheduleId}`);
  }
  if (appointment.startMs !== slot.startMs || appointment.endMs !== slot.endMs) {
    throw invalidResource(`Appointment start/end must equal Slot ${slot.id} (${new Date(slot.startMs).toISOString()}–${new Date(slot.endMs).toISOString()})`);
  }
  const nowIso = ctx.now().toISOString();
  const result = ctx.appointments.book({
    providerKey: ctx.system.key,
    requestId,
    slotId: slot.id,
    serviceId: slot.serviceId,
    nowIso,
    build: (id, version, lastUpdated) => withMeta(appointment.body, id, version, lastUpdated),
  });
  switch (result.kind) {
    case 'created':
    case 'replayed':
      return jsonReply(201, result.appointment.body, versionHeaders(ctx, result.appointment));
    case 'request-id-reused':
      throw new FhirError(409, 'duplicate', 'DUPLICATE_REJECTED', `X-Request-ID ${requestId} was already used to book Appointment ${result.appointmentId} into another slot`);
    case 'slot-busy':
      throw new FhirError(422, 'business-rule', 'DUPLICATE_REJECTED', `Slot ${slot.id} is no longer available: it has been booked`);
  }
}

export function readAppointment(ctx: ProviderContext, id: string, version?: number): Reply {
  const stored = ctx.appointments.read(ctx.system.key, id, version);
  if (!stored) throw notFound(version === undefined ? `No Appointment ${id}` : `No version ${version} of Appointment ${id}`);
  return jsonReply(200, stored.body, versionHeaders(ctx, stored));
}

/** `W/"3"` or `"3"` → 3. */
function parseIfMatch(value: string | undefined): number {
  if (value === undefined) throw new FhirError(412, 'processing', 'PRECONDITION_FAILED', 'If-Match: W/"<version>" is required to update an Appointment');
  const match = /^(?:W\/)?"(\d+)"$/.exec(value.trim());
  if (!match?.[1]) throw badRequest(`If-Match ${value} is not an ETag like W/"1"`);
  return Number(match[1]);
}

/** A JSON form that ignores key order, for comparing what the Consumer sent with what we hold. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

/** What may not change on cancel: everything but status, meta, text and a cancellation reason. */
function unchangeable(body: Record<string, unknown>): string {
  const { meta: _meta, status: _status, text: _text, extension, ...rest } = body;
  const kept = Array.isArray(extension) ? extension.filter((e: unknown) => !(isObject(e) && e.url === CANCELLATION_REASON_URL)) : [];
  return canonical({ ...rest, extension: kept });
}

export function cancelAppointment(ctx: ProviderContext, id: string, ifMatchHeader: string | undefined, body: unknown): Reply {
  const ifMatch = parseIfMatch(ifMatchHeader);
  if (!isObject(body) || body.resourceType !== 'Appointment') throw badRequest('Request body must be an Appointment resource');
  if (body.id !== id) throw badRequest(`Appointment.id must equal the id in the URL (${id})`);
  const current = ctx.appointments.read(ctx.system.key, id);
  if (!current) throw notFound(`No Appointment ${id}`);
  if (current.version !== ifMatch) {
    throw new FhirError(409, 'conflict', 'FHIR_CONSTRAINT_VIOLATION', `Version conflict: If-Match is ${ifMatch}, the current version is ${current.version}`);
  }
  if (body.status !== 'cancelled') throw new FhirError(422, 'business-rule', 'INVALID_RESOURCE', 'Only a change of status to "cancelled" is allowed');
  if (unchangeable(body) !== unchangeable(current.body)) {
    throw new FhirError(422, 'business-rule', 'INVALID_RESOURCE', 'Only Appointment.status may change: the body differs from the stored version in other elements');
  }
  const result = ctx.appointments.cancel(
    ctx.system.key,
    id,
    ifMatch,
    (version, lastUpdated) => withMeta({ ...current.body, extension: body.extension, status: 'cancelled' }, id, version, lastUpdated),
    ctx.now().toISOString(),
  );
  switch (result.kind) {
    case 'cancelled':
      return jsonReply(200, result.appointment.body, versionHeaders(ctx, result.appointment));
    case 'not-found':
      throw notFound(`No Appointment ${id}`);
    case 'version-conflict':
      throw new FhirError(409, 'conflict', 'FHIR_CONSTRAINT_VIOLATION', `Version conflict: the current version is ${result.current}`);
    case 'already-cancelled':
      throw new FhirError(422, 'business-rule', 'INVALID_RESOURCE', `Appointment ${id} is already cancelled`);
  }
}
