/**
 * BaRS message Bundles (digest §3, §4): booking request, its cancellation, the referral and its
 * revocation. Every entry has a urn:uuid fullUrl derived from the request id (same input, same
 * bytes), every resource a meta.lastUpdated, and the Bundle the Application version.
 */
import type { Patient } from '../../../preload/contract';
import { BUNDLE_PROFILE, DEFINITION, DOS_SERVICE_ID_SYSTEM, EVENT_SYSTEM, ODS_SYSTEM, REASON_SYSTEM, URI_SYSTEM, useCaseCoding } from './codes';
import { uuidFrom } from './ids';
import { patientR4 } from './patient-resource';
import { bookingEntries } from './received-entries';
import type { BarsRawSlot } from './slot-bundle';

export type Json = Record<string, unknown>;
export interface MessageEntry {
  fullUrl: string;
  resource: Json & { resourceType: string };
}

export interface Sender {
  odsCode: string;
  name: string;
  /** Our own endpoint id, for replies (MessageHeader.source.endpoint). */
  sourceEndpoint: string;
  software: { name: string; version: string };
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const urn = (seed: string, role: string): string => `urn:uuid:${uuidFrom(seed, role)}`;

function organisation(odsCode: string | undefined, name: string, lastUpdated: string): Json {
  return { resourceType: 'Organization', meta: { lastUpdated }, ...(odsCode ? { identifier: [{ system: ODS_SYSTEM, value: odsCode }] } : {}), name };
}

export interface HeaderInput {
  seed: string;
  event: 'booking-request' | 'servicerequest-request';
  reason: 'new' | 'update';
  definition: string;
  dosServiceId: string;
  receiverUrl: string;
  senderUrl: string;
  focusUrl: string;
  sender: Sender;
  lastUpdated: string;
}

/** The CDSS extension App1 asks for (REFREQ01's URL and sub-extension names): our software stands in for the CDSS that triaged. */
export const CDSS_EXTENSION = 'https://fhir.nhs.uk/StructureDefinition/CDSSExtension';

/** The MessageHeader as BOOKREQ01 and REFREQ01 set it out, under the profile of its event. */
export function messageHeader(h: HeaderInput): MessageEntry {
  return {
    fullUrl: urn(h.seed, 'MessageHeader'),
    resource: {
      resourceType: 'MessageHeader',
      meta: { lastUpdated: h.lastUpdated, profile: [`https://fhir.nhs.uk/StructureDefinition/BARSMessageHeader-${h.event}`] },
      extension: [{
        url: CDSS_EXTENSION,
        extension: [
          { url: 'RequesterCDSSsoftware', valueString: h.sender.software.name },
          { url: 'RequesterCDSSversion', valueString: h.sender.software.version },
        ],
      }],
      eventCoding: { system: EVENT_SYSTEM, code: h.event },
      destination: [{ endpoint: `${DOS_SERVICE_ID_SYSTEM}|${h.dosServiceId}`, receiver: { reference: h.receiverUrl } }],
      sender: { reference: h.senderUrl },
      source: { name: h.sender.name, software: h.sender.software.name, version: h.sender.software.version, endpoint: h.sender.sourceEndpoint },
      reason: { coding: [{ system: REASON_SYSTEM, code: h.reason }] },
      focus: [{ reference: h.focusUrl }],
      definition: h.definition,
    },
  };
}

export function bundle(seed: string, version: string, timestamp: string, entries: MessageEntry[]): Json {
  return { resourceType: 'Bundle', id: uuidFrom(seed, 'Bundle'), meta: { versionId: version, lastUpdated: timestamp, profile: [BUNDLE_PROFILE] }, type: 'message', timestamp, entry: entries };
}

export interface BookingMessageInput {
  requestId: string;
  created: Date;
  dosServiceId: string;
  raw: BarsRawSlot;
  patient: Patient;
  reason: string;
  sender: Sender;
  /** The referral this booking follows, when the referral went first (digest §4). */
  basedOnServiceRequestId?: string;
}

/** Booking request: MessageHeader, Appointment, Patient, the Slot and what it references as received, Organizations. */
export function bookingMessage(input: BookingMessageInput): Json {
  const seed = input.requestId;
  const lastUpdated = input.created.toISOString();
  const { slot, receiver, entries: received } = bookingEntries(seed, input.raw.entries, input.dosServiceId, lastUpdated);
  const sender: MessageEntry = { fullUrl: urn(seed, 'Organization-sender'), resource: organisation(input.sender.odsCode, input.sender.name, lastUpdated) as MessageEntry['resource'] };
  const patient: MessageEntry = { fullUrl: urn(seed, 'Patient'), resource: patientR4(input.patient, lastUpdated) as MessageEntry['resource'] };
  const appointment: MessageEntry = {
    fullUrl: urn(seed, 'Appointment'),
    resource: {
      resourceType: 'Appointment',
      meta: { lastUpdated, profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Appointment'] },
      // Our own identifier for the booking: after a 409 duplicate it finds the appointment even for a patient without an NHS number.
      identifier: [bookingIdentifier(input.requestId)],
      status: 'booked',
      serviceCategory: [{ coding: [useCaseCoding(input.raw.negotiated.useCase)] }],
      description: input.reason,
      start: slot.resource.start,
      end: slot.resource.end,
      slot: [{ reference: slot.fullUrl }],
      created: lastUpdated,
      ...(input.basedOnServiceRequestId ? { basedOn: [{ reference: `ServiceRequest/${input.basedOnServiceRequestId}` }] } : {}),
      participant: [{ actor: { reference: patient.fullUrl }, status: 'accepted' }],
    },
  };
  const header = messageHeader({
    seed, event: 'booking-request', reason: 'new', definition: DEFINITION.booking, dosServiceId: input.dosServiceId,
    receiverUrl: receiver.fullUrl, senderUrl: sender.fullUrl, focusUrl: appointment.fullUrl, sender: input.sender, lastUpdated,
  });
  return bundle(seed, input.raw.negotiated.version, lastUpdated, [header, appointment, patient, ...received, sender]);
}

/** The identifier the sender puts on its Appointment: the booking's X-Request-Id as a URI. */
export function bookingIdentifier(requestId: string): { system: string; value: string } {
  return { system: URI_SYSTEM, value: `urn:uuid:${requestId}` };
}

export interface CancellationInput {
  requestId: string;
  now: Date;
  dosServiceId: string;
  /** The booking message as first sent: its fullUrls are reused (receivers match by them). */
  original: Json;
  appointmentId: string;
  sender: Sender;
}

function entriesOf(message: Json): MessageEntry[] {
  return (Array.isArray(message.entry) ? message.entry : []).map(obj).filter((e): e is Json => e !== undefined).map((e) => e as unknown as MessageEntry);
}

/** Booking cancellation: `booking-request` / `update`, the Appointment `cancelled` under its original fullUrl and id. */
export function bookingCancellation(input: CancellationInput): Json {
  return cancellation(input, 'Appointment', DEFINITION.bookingCancelled, 'booking-request', { status: 'cancelled', cancelationReason: { text: 'Cancelled by the referring clinician' } });
}

/** Referral revocation: `servicerequest-request` / `update`, the ServiceRequest `revoked`. */
export function referralRevocation(input: CancellationInput & { reason: string }): Json {
  return cancellation(input, 'ServiceRequest', DEFINITION.referralCancelled, 'servicerequest-request', { status: 'revoked', reasonCode: [{ text: input.reason }] });
}

function cancellation(input: CancellationInput, focusType: 'Appointment' | 'ServiceRequest', definition: string, event: 'booking-request' | 'servicerequest-request', change: Json): Json {
  const seed = input.requestId;
  const lastUpdated = input.now.toISOString();
  const original = entriesOf(input.original);
  const oldHeader = original.find((e) => e.resource.resourceType === 'MessageHeader')?.resource;
  const focus = original.find((e) => e.resource.resourceType === focusType);
  const patient = original.find((e) => e.resource.resourceType === 'Patient');
  const receiverUrl = str(obj(obj((oldHeader?.destination as unknown[] | undefined)?.[0])?.receiver)?.reference);
  const senderUrl = str(obj(oldHeader?.sender)?.reference);
  const receiver = original.find((e) => e.fullUrl === receiverUrl);
  const sender = original.find((e) => e.fullUrl === senderUrl);
  if (!focus || !patient || !receiver || !sender) throw new Error(`The original message lacks its ${focusType}, Patient or Organizations`);
  // Only what changed gets a new lastUpdated; references to entries not resent point at the receiver's copy.
  const changed: MessageEntry = {
    fullUrl: focus.fullUrl,
    resource: { ...stripLocal(focus.resource, new Set([patient.fullUrl])), resourceType: focusType, id: input.appointmentId, ...change, meta: { ...obj(focus.resource.meta), lastUpdated } },
  };
  const header = messageHeader({
    seed, event, reason: 'update', definition, dosServiceId: input.dosServiceId,
    receiverUrl, senderUrl, focusUrl: focus.fullUrl, sender: input.sender, lastUpdated,
  });
  // The Patient goes as first sent: the Organizations it refers to (its GP practice) go with it, so its references resolve.
  const patientRefs = new Set(JSON.stringify(patient.resource).match(/urn:uuid:[0-9a-f-]{36}/gi) ?? []);
  const practices = original.filter((e) => e.resource.resourceType === 'Organization' && patientRefs.has(e.fullUrl) && e !== receiver && e !== sender);
  return bundle(seed, str(obj(input.original.meta)?.versionId), lastUpdated, [header, changed, patient, receiver, sender, ...practices]);
}

/** Drops references to entries the cancellation does not resend (Slot, CarePlan…): the receiver holds them. */
function stripLocal(resource: Json, kept: ReadonlySet<string>): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(resource)) {
    if (Array.isArray(value)) {
      const items = value.filter((v) => { const r = obj(v)?.reference; return typeof r !== 'string' || !r.startsWith('urn:uuid:') || kept.has(r); });
      if (key === 'participant') out[key] = value;
      else if (items.length > 0) out[key] = items;
    } else {
      const r = obj(value)?.reference;
      if (typeof r === 'string' && r.startsWith('urn:uuid:') && !kept.has(r)) continue;
      out[key] = value;
    }
  }
  return out;
}
