/**
 * The slot search's resources as a booking message carries them (digest §3 "Booking request"):
 * the Slot and Schedule as received, the HealthcareService under its search id, and only the
 * types and counts the booking MessageDefinition takes. What the search left out and the
 * definition requires (Schedule, HealthcareService, the receiving Organization) is stood in for
 * with no invented ids, and every reference is made to resolve inside the Bundle.
 */
import { uuidFrom } from './ids';
import type { ReceivedEntry } from './slot-bundle';

type Json = Record<string, unknown>;
export interface Entry {
  fullUrl: string;
  resource: Json & { resourceType: string };
}

const URN_UUID = /^urn:uuid:[0-9a-f-]{36}$/i;
const TYPE_ID = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9.-]{1,64})$/;
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const urn = (seed: string, role: string): string => `urn:uuid:${uuidFrom(seed, role)}`;

/** What a booking message may hold of a search's includes, and how many (MD-booking-request). */
const TAKEN: Record<string, number> = { Slot: 1, Schedule: 1, HealthcareService: 1, Location: 1, Organization: Infinity, Practitioner: Infinity, PractitionerRole: Infinity };

const withMeta = (resource: Json, lastUpdated: string): Json => {
  const meta = obj(resource.meta);
  return { ...resource, meta: { ...meta, lastUpdated: typeof meta?.lastUpdated === 'string' ? meta.lastUpdated : lastUpdated } };
};

export interface BookingEntries {
  slot: Entry;
  service: Entry;
  receiver: Entry;
  /** Slot first, then the rest in received order, stand-ins last. */
  entries: Entry[];
}

/** `raw` starts with the Slot (slot-bundle keeps it so). */
export function bookingEntries(seed: string, raw: readonly ReceivedEntry[], dosServiceId: string, lastUpdated: string): BookingEntries {
  const counts = new Map<string, number>();
  const entries: Entry[] = [];
  raw.forEach((e, i) => {
    const type = e.resource.resourceType;
    const n = counts.get(type) ?? 0;
    if (n >= (TAKEN[type] ?? 0)) return;
    counts.set(type, n + 1);
    entries.push({ fullUrl: e.fullUrl !== undefined && URN_UUID.test(e.fullUrl) ? e.fullUrl : urn(seed, `received-${i}`), resource: withMeta(e.resource, lastUpdated) as Entry['resource'] });
  });
  const slot = entries[0];
  if (slot?.resource.resourceType !== 'Slot') throw new Error('The raw slot does not start with its Slot');
  // Which received entry each `Type/id` names: receivers may refer relatively when they give fullUrls.
  const byTypeId = (type: string, id: string): Entry | undefined => entries.find((e) => e.resource.resourceType === type && e.resource.id === id);

  let service = entries.find((e) => e.resource.resourceType === 'HealthcareService');
  if (service === undefined) {
    // Left out of the search: its id is the DoS service id (the search asked by it).
    service = { fullUrl: urn(seed, 'HealthcareService'), resource: { resourceType: 'HealthcareService', id: dosServiceId, meta: { lastUpdated }, identifier: [{ system: 'https://fhir.nhs.uk/Id/dos-service-id', value: dosServiceId }] } };
    entries.push(service);
  }
  const scheduleRef = str(obj(slot.resource.schedule)?.reference);
  if (!entries.some((e) => e.resource.resourceType === 'Schedule')) {
    // Left out of the search: the Slot's own reference says which. A receiver knows its Slot, so an id is given only when the reference named one.
    const named = TYPE_ID.exec(scheduleRef);
    entries.push({
      fullUrl: URN_UUID.test(scheduleRef) ? scheduleRef : urn(seed, 'Schedule'),
      resource: { resourceType: 'Schedule', ...(named?.[1] === 'Schedule' ? { id: named[2] } : {}), meta: { lastUpdated }, actor: [{ reference: service.fullUrl }] },
    });
  }
  let receiver = entries.find((e) => e.fullUrl === str(obj(service.resource.providedBy)?.reference) && e.resource.resourceType === 'Organization');
  if (receiver === undefined) {
    receiver = { fullUrl: urn(seed, 'Organization-receiver'), resource: { resourceType: 'Organization', meta: { lastUpdated }, name: str(service.resource.name, `DoS service ${dosServiceId}`) } };
    entries.push(receiver);
  }
  const urls = new Set(entries.map((e) => e.fullUrl));
  const schedule = entries.find((e) => e.resource.resourceType === 'Schedule');
  const resolve = (reference: string): string | undefined => {
    if (urls.has(reference)) return reference;
    const named = TYPE_ID.exec(reference);
    if (named?.[1] !== undefined && named[2] !== undefined) return byTypeId(named[1], named[2])?.fullUrl;
    return undefined;
  };
  for (const e of entries) e.resource = relink(e.resource, resolve) as Entry['resource'];
  // The Slot always points at the one Schedule carried, and the Schedule at an actor that is here.
  if (schedule !== undefined) {
    slot.resource = { ...slot.resource, schedule: { reference: schedule.fullUrl } };
    const actors = Array.isArray(schedule.resource.actor) ? schedule.resource.actor : [];
    if (actors.length === 0) schedule.resource = { ...schedule.resource, actor: [{ reference: service.fullUrl }] };
  }
  return { slot, service, receiver, entries };
}

/** References rewritten to the entry they name; those naming nothing carried are dropped (the receiver holds its own). */
function relink(value: unknown, resolve: (reference: string) => string | undefined): unknown {
  if (Array.isArray(value)) {
    return value.filter((v) => { const r = obj(v)?.reference; return typeof r !== 'string' || resolve(r) !== undefined; }).map((v) => relink(v, resolve));
  }
  const o = obj(value);
  if (o === undefined) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'reference' && typeof v === 'string') {
      out[k] = resolve(v) ?? v;
      continue;
    }
    const r = obj(v)?.reference;
    if (typeof r === 'string' && resolve(r) === undefined) continue;
    out[k] = relink(v, resolve);
  }
  return out;
}
