/**
 * `$process-message` at a BaRS receiver (digest §3, §4): booking, referral and their
 * cancellations, synchronous, with the 200 reply echoing the Bundle with the receiver's ids.
 * A request id processed before is 409 duplicate; a slot someone else holds is 409 conflict.
 */
import { randomUUID } from 'node:crypto';
import { newAppointmentNumber } from '../appointment-number';
import type { SlotStore } from '../store/slot-store';
import { readMessageBundle, refOf, type Entry, type Json, type MessageBundle } from './message-bundle';
import { recBadRequest, recConflict, recDuplicate, recNotFound, recUnprocessable } from './outcome';
import { bodyHash, type HeldResource, type ReceiverStore } from './receiver-store';
import type { BarsService } from './seed';
import { USE_CASE_SYSTEM } from './metadata';

export interface ProcessInput {
  service: BarsService;
  bodyText: string;
  requestId: string;
  useContext: { useCase: string; category: string; event: string; reason: string };
  nowMs: number;
}

const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const clone = <T>(v: T): T => structuredClone(v);

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw recBadRequest('The body is not JSON', 'structure');
  }
}

function only(message: MessageBundle, type: string): Entry {
  const found = message.entries.find((e) => e.resource.resourceType === type);
  if (!found) throw recBadRequest(`The Bundle has no ${type}`, 'required');
  return found;
}

function nhsNumberOf(message: MessageBundle): string | undefined {
  const patient = only(message, 'Patient').resource;
  const id = arr(patient.identifier).map(obj).find((i) => i?.system === 'https://fhir.nhs.uk/Id/nhs-number');
  return typeof id?.value === 'string' ? id.value : undefined;
}

/** `use-context` must say what the Bundle says. */
function checkUseContext(message: MessageBundle, input: ProcessInput): void {
  const { useCase, category, event, reason } = input.useContext;
  if (!input.service.useCases.includes(useCase)) throw recUnprocessable(`Use case ${useCase} is not supported by ${input.service.name}`, 'not-supported');
  const expectedCategory = message.definition === 'booking' ? 'booked' : message.definition === 'referral' ? 'referral' : 'cancelled';
  if (event !== message.event || reason !== message.reason || category !== expectedCategory) {
    throw recBadRequest(`use-context ${useCase}|${category}|${event}|${reason} does not match the Bundle (${expectedCategory}|${message.event}|${message.reason})`, 'invariant');
  }
}

/** Processes one message; returns the 200 reply body. */
export function processMessage(slots: SlotStore, store: ReceiverStore, input: ProcessInput): Json {
  const message = readMessageBundle(parseBody(input.bodyText), input.service.id);
  checkUseContext(message, input);
  const hash = bodyHash(input.bodyText);
  const seen = store.processedWith(input.service.id, input.requestId);
  if (seen !== undefined) {
    if (seen === hash) throw recDuplicate(`Request ${input.requestId} has already been processed`);
    throw recUnprocessable(`X-Request-Id ${input.requestId} was already used for a different message`, 'business-rule');
  }
  const reply = run(slots, store, message, input);
  store.markProcessed(input.service.id, input.requestId, hash);
  return reply;
}

function run(slots: SlotStore, store: ReceiverStore, message: MessageBundle, input: ProcessInput): Json {
  switch (message.definition) {
    case 'booking': return book(slots, store, message, input);
    case 'bookingCancelled': return cancelBooking(slots, store, message, input);
    case 'referral': return refer(store, message, input);
    case 'referralCancelled': return revokeReferral(store, message, input);
  }
}

function echo(message: MessageBundle, replace: Map<string, Json>, extra: Entry[] = []): Json {
  const out = clone(message.bundle);
  out.entry = [...message.entries.map((e) => ({ fullUrl: e.fullUrl, resource: replace.get(e.fullUrl) ?? e.resource })), ...extra];
  return out;
}

function book(slots: SlotStore, store: ReceiverStore, message: MessageBundle, input: ProcessInput): Json {
  const appointment = message.focus.resource;
  if (appointment.id !== undefined) throw recBadRequest('A new Appointment must not carry an id: the receiver assigns it', 'invariant');
  if (appointment.status !== 'booked') throw recBadRequest('Appointment.status must be booked', 'value');
  const categories = arr(appointment.serviceCategory).flatMap((c) => arr(obj(c)?.coding)).map(obj);
  if (!categories.some((c) => c?.system === USE_CASE_SYSTEM && c.code === input.useContext.useCase)) {
    throw recBadRequest(`Appointment.serviceCategory must carry the use case ${input.useContext.useCase}`, 'required');
  }
  const slotEntry = message.byFullUrl.get(refOf(arr(appointment.slot)[0]) ?? '');
  if (slotEntry?.resource.resourceType !== 'Slot') throw recBadRequest('Appointment.slot must refer to the Slot entry', 'invalid');
  const patientRef = refOf(obj(arr(appointment.participant).map(obj).find((p) => message.byFullUrl.get(refOf(p?.actor) ?? '')?.resource.resourceType === 'Patient'))?.actor);
  if (patientRef === undefined) throw recBadRequest('Appointment.participant must include the Patient entry', 'required');
  const slotId = typeof slotEntry.resource.id === 'string' ? slotEntry.resource.id : '';
  const held = slots.get(slotId);
  if (!held || held.serviceId !== input.service.id) throw recNotFound(`Slot ${slotId} is not a slot of ${input.service.name}`);
  // "Exactly as received": the receiver recognises its own Slot and Schedule.
  if (slotEntry.resource.start !== new Date(held.startMs).toISOString() || slotEntry.resource.end !== new Date(held.endMs).toISOString()) {
    throw recBadRequest(`Slot ${slotId} does not match the slot this receiver returned`, 'value');
  }
  const schedule = message.byFullUrl.get(refOf(slotEntry.resource.schedule) ?? '');
  // A Schedule the search did not include has no id to echo: the receiver knows it from its Slot.
  if (schedule?.resource.resourceType !== 'Schedule' || (schedule.resource.id !== undefined && schedule.resource.id !== held.scheduleId)) throw recBadRequest('Slot.schedule must refer to the Schedule entry as received', 'invalid');
  const service = message.entries.find((e) => e.resource.resourceType === 'HealthcareService');
  if (service?.resource.id !== input.service.id) throw recBadRequest('HealthcareService.id must be the id from the slot search', 'value');
  if (appointment.start !== slotEntry.resource.start || appointment.end !== slotEntry.resource.end) throw recBadRequest('Appointment.start/end must be the Slot\'s', 'value');
  const basedOn = refOf(arr(appointment.basedOn)[0]);
  if (basedOn !== undefined && !store.serviceRequests.has(basedOn.replace(/^ServiceRequest\//, ''))) throw recNotFound(`${basedOn} is not a referral held here`);
  if (!slots.transition(slotId, 'free', 'busy')) throw recConflict(`Slot ${slotId} is no longer free`);

  const id = newAppointmentNumber((candidate) => store.appointments.has(candidate));
  const stored = { ...clone(appointment), id, meta: { ...obj(appointment.meta), lastUpdated: new Date(input.nowMs).toISOString() } };
  const nhsNumber = nhsNumberOf(message);
  store.appointments.set(id, { id, targetId: input.service.id, fullUrl: message.focus.fullUrl, resource: stored, slotId, ...(nhsNumber ? { nhsNumber } : {}) });
  return echo(message, new Map([[message.focus.fullUrl, stored]]));
}

function heldFor(map: Map<string, HeldResource>, message: MessageBundle, type: string, targetId: string): HeldResource {
  const focus = message.focus;
  const id = typeof focus.resource.id === 'string' ? focus.resource.id : [...map.values()].find((h) => h.fullUrl === focus.fullUrl)?.id;
  const held = id === undefined ? undefined : map.get(id);
  if (!held || held.targetId !== targetId) throw recNotFound(`No ${type} ${id ?? focus.fullUrl} is held for this service`);
  // Receivers match entries by fullUrl: a cancellation must reuse the original one.
  if (held.fullUrl !== focus.fullUrl) throw recBadRequest(`The ${type} entry must reuse its original fullUrl ${held.fullUrl}`, 'invariant');
  return held;
}

function cancelBooking(slots: SlotStore, store: ReceiverStore, message: MessageBundle, input: ProcessInput): Json {
  if (message.reason !== 'update') throw recBadRequest('A cancellation is reason "update"', 'value');
  const held = heldFor(store.appointments, message, 'Appointment', input.service.id);
  const status = message.focus.resource.status;
  if (status !== 'cancelled' && status !== 'entered-in-error') throw recBadRequest('A cancellation sets Appointment.status to cancelled or entered-in-error', 'value');
  if (held.resource.status !== 'booked') throw recConflict(`Appointment ${held.id} is ${String(held.resource.status)}, not booked`);
  held.resource = { ...held.resource, status, meta: { ...obj(held.resource.meta), lastUpdated: new Date(input.nowMs).toISOString() }, ...(message.focus.resource.cancelationReason ? { cancelationReason: message.focus.resource.cancelationReason } : {}) };
  if (held.slotId !== undefined) slots.transition(held.slotId, 'busy', 'free');
  return echo(message, new Map([[message.focus.fullUrl, held.resource]]));
}

function refer(store: ReceiverStore, message: MessageBundle, input: ProcessInput): Json {
  const request = message.focus.resource;
  if (request.id !== undefined) throw recBadRequest('A new ServiceRequest must not carry an id: the receiver assigns it', 'invariant');
  if (request.status !== 'active' || request.intent !== 'plan') throw recBadRequest('ServiceRequest must be status active, intent plan', 'value');
  const categories = arr(request.category).flatMap((c) => arr(obj(c)?.coding)).map((c) => obj(c)?.code);
  if (!categories.includes('referral') || !categories.includes(input.useContext.useCase)) throw recBadRequest('ServiceRequest.category must carry "referral" and the use case', 'required');
  const resolves = (what: string, reference: string | undefined, type: string): void => {
    if (message.byFullUrl.get(reference ?? '')?.resource.resourceType !== type) throw recBadRequest(`${what} must refer to the ${type} entry`, 'invalid');
  };
  resolves('ServiceRequest.subject', refOf(request.subject), 'Patient');
  resolves('ServiceRequest.encounter', refOf(request.encounter), 'Encounter');
  resolves('ServiceRequest.basedOn', refOf(arr(request.basedOn)[0]), 'CarePlan');
  // REFREQ01: performer → the receiving Organization (the digest reads HealthcareService; either is taken), requester → the Practitioner.
  const performers = arr(request.performer).map((p) => message.byFullUrl.get(refOf(p) ?? '')?.resource.resourceType);
  if (!performers.some((t) => t === 'HealthcareService' || t === 'Organization')) throw recBadRequest('ServiceRequest.performer must refer to the HealthcareService or Organization entry', 'invalid');
  resolves('ServiceRequest.requester', refOf(request.requester), 'Practitioner');
  for (const info of arr(request.supportingInfo).map(refOf)) {
    if (info?.startsWith('Appointment/') && !store.appointments.has(info.slice('Appointment/'.length))) throw recNotFound(`${info} is not an appointment held here`);
  }
  if (!arr(message.header.extension).some((x) => obj(x)?.url === 'https://fhir.nhs.uk/StructureDefinition/CDSSExtension')) {
    throw recBadRequest('The MessageHeader needs the CDSS extension (https://fhir.nhs.uk/StructureDefinition/CDSSExtension)', 'required');
  }
  checkSafeguardingFlags(message);
  const consent = message.entries.find((e) => e.resource.resourceType === 'Consent')?.resource;
  const consentCodes = arr(consent?.category).flatMap((c) => arr(obj(c)?.coding)).map((c) => obj(c)?.code);
  if (!consentCodes.includes('DRC')) throw recBadRequest('Consent must be for direct care (DRC)', 'required');

  const id = randomUUID();
  const lastUpdated = new Date(input.nowMs).toISOString();
  const stored = { ...clone(request), id, meta: { ...obj(request.meta), lastUpdated } };
  const nhsNumber = nhsNumberOf(message);
  store.serviceRequests.set(id, { id, targetId: input.service.id, fullUrl: message.focus.fullUrl, resource: stored, ...(nhsNumber ? { nhsNumber } : {}) });
  // The receiver's own case reference, shown to the clinician (digest §2).
  const planned = {
    fullUrl: `urn:uuid:${randomUUID()}`,
    resource: {
      resourceType: 'Encounter',
      id: randomUUID(),
      meta: { lastUpdated },
      status: 'planned',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER' },
      identifier: [{ system: `https://fhir.nhs.uk/Id/bars-receiver-case/${input.service.id}`, value: store.nextReference(input.service.organization.odsCode) }],
      basedOn: [{ reference: `ServiceRequest/${id}` }],
    },
  };
  return echo(message, new Map([[message.focus.fullUrl, stored]]), [planned]);
}

const FLAG_CATEGORIES = 'https://fhir.nhs.uk/CodeSystem/flag-categories-bars';
const SAFEGUARDING_CODES = 'https://fhir.nhs.uk/CodeSystem/safeguarding-codes-bars';

/** REFREQ01's safeguarding Flag: a code of safeguarding-codes-bars, about the Patient entry; a receiver files it with the patient. */
function checkSafeguardingFlags(message: MessageBundle): void {
  const flags = message.entries.filter((e) => e.resource.resourceType === 'Flag' && arr(e.resource.category).flatMap((c) => arr(obj(c)?.coding)).some((c) => obj(c)?.system === FLAG_CATEGORIES && obj(c)?.code === 'SG'));
  for (const { resource: flag } of flags) {
    if (flag.status !== 'active') throw recBadRequest('A safeguarding Flag must be status active', 'value');
    if (!arr(obj(flag.code)?.coding).some((c) => obj(c)?.system === SAFEGUARDING_CODES && typeof obj(c)?.code === 'string')) throw recBadRequest(`A safeguarding Flag needs a code from ${SAFEGUARDING_CODES}`, 'required');
    if (message.byFullUrl.get(refOf(flag.subject) ?? '')?.resource.resourceType !== 'Patient') throw recBadRequest('A safeguarding Flag\'s subject must refer to the Patient entry', 'invalid');
  }
}

function revokeReferral(store: ReceiverStore, message: MessageBundle, input: ProcessInput): Json {
  if (message.reason !== 'update') throw recBadRequest('A cancellation is reason "update"', 'value');
  const held = heldFor(store.serviceRequests, message, 'ServiceRequest', input.service.id);
  const status = message.focus.resource.status;
  if (status !== 'revoked' && status !== 'entered-in-error') throw recBadRequest('A referral cancellation sets ServiceRequest.status to revoked or entered-in-error', 'value');
  if (held.resource.status !== 'active') throw recConflict(`ServiceRequest ${held.id} is ${String(held.resource.status)}, not active`);
  held.resource = { ...held.resource, status, meta: { ...obj(held.resource.meta), lastUpdated: new Date(input.nowMs).toISOString() } };
  return echo(message, new Map([[message.focus.fullUrl, held.resource]]));
}

/** `GET /Appointment/{id}` or `/ServiceRequest/{id}`: only resources held for the routed service. */
export function readHeld(store: ReceiverStore, type: 'Appointment' | 'ServiceRequest', id: string, targetId: string): Json {
  const held = (type === 'Appointment' ? store.appointments : store.serviceRequests).get(id);
  if (!held || held.targetId !== targetId) throw recNotFound(`No ${type} ${id} here`);
  return held.resource;
}

const URI_IDENTIFIER = /^urn:ietf:rfc:3986\|(urn:uuid:[0-9a-f-]{36})$/i;

/**
 * `GET /Appointment?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|<NHS number>` (the patient's
 * appointments at this service) or `?identifier=urn:ietf:rfc:3986|urn:uuid:…` (the sender's own identifier).
 */
export function searchAppointments(store: ReceiverStore, query: URLSearchParams, targetId: string, nowMs: number): Json {
  const byIdentifier = URI_IDENTIFIER.exec(query.get('identifier') ?? '')?.[1];
  const nhsNumber = /^https:\/\/fhir\.nhs\.uk\/Id\/nhs-number\|(\d{10})$/.exec(query.get('patient:identifier') ?? '')?.[1];
  if (byIdentifier === undefined && nhsNumber === undefined) {
    throw recBadRequest('patient:identifier=https://fhir.nhs.uk/Id/nhs-number|<NHS number> or identifier=urn:ietf:rfc:3986|urn:uuid:<id> is required', 'required');
  }
  const carries = (h: HeldResource): boolean => arr(h.resource.identifier).map(obj).some((i) => i?.system === 'urn:ietf:rfc:3986' && i.value === byIdentifier);
  const found = [...store.appointments.values()].filter((h) => h.targetId === targetId && (nhsNumber === undefined || h.nhsNumber === nhsNumber) && (byIdentifier === undefined || carries(h)));
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated: new Date(nowMs).toISOString() },
    type: 'searchset',
    total: found.length,
    entry: found.map((h) => ({ fullUrl: `Appointment/${h.id}`, resource: h.resource, search: { mode: 'match' } })),
  };
}
