/**
 * App1's MUSTs as /work/shared/spec/bars-digest.md states them (section in each name), one test
 * each, over every message the app builds (capture.ts). The MUSTs about retries and 409 duplicate
 * recovery need a receiver that misbehaves: they are in test/protocols/bars/adapter.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { arr, at, entriesOf, obj, official, type Entry, type Json } from './artefacts';
import { captureMessages, officialSearchBookings, sender, type Captured, type Kind } from './capture';
import { APPROVAL, BookingApp } from '../../workflow/support/booking-app';
import { watchBarsArrivals } from '../../workflow/support/receiver-order';

let flows: Captured[] = [];
let all: Captured[] = [];
/** Flows the receiver refused: the MUSTs are still judged on what was sent, and the refusal fails below. */
const refused: string[] = [];
beforeAll(async () => {
  flows = await captureMessages(refused);
  all = [...flows, ...officialSearchBookings()];
}, 120_000);

const of = (...kinds: Kind[]): Captured[] => all.filter((m) => kinds.includes(m.kind));
const sent = (...kinds: Kind[]): Captured[] => flows.filter((m) => kinds.includes(m.kind));
const resources = (m: Captured, type: string): Json[] => entriesOf(m.body).filter((e) => e.resource.resourceType === type).map((e) => e.resource);
const one = (m: Captured, type: string): Json => {
  const [r] = resources(m, type);
  if (r === undefined) throw new Error(`${m.name}: no ${type}`);
  return r;
};
const header = (m: Captured): Json => one(m, 'MessageHeader');
const entryAt = (m: Captured, reference: unknown): Entry | undefined => entriesOf(m.body).find((e) => e.fullUrl === reference);
const codes = (concepts: unknown): { system?: unknown; code?: unknown }[] => arr(concepts).flatMap((c) => arr(obj(c)?.coding)).map((c) => obj(c) ?? {});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const base64Json = (v: string | undefined): Json | undefined => (v === undefined ? undefined : obj(JSON.parse(Buffer.from(v, 'base64').toString('utf8'))));
const USE_CASE = 'https://fhir.nhs.uk/CodeSystem/usecases-categories-bars';
const DOS = 'https://fhir.nhs.uk/Id/dos-service-id';

it('every flow runs to its end: the receiver, built from the official artefacts, refused none of our messages', () => {
  expect(refused).toEqual([]);
});

describe('App1 MUSTs: transport (digest §1)', () => {
  it('MUST send NHSD-Target-Identifier as base64 {system: dos-service-id, value: the DoS id}', () => {
    for (const m of sent('book', 'cancel', 'rebook', 'refer', 're-refer', 'revoke')) {
      const endpoint = String(obj(arr(header(m).destination)[0])?.endpoint);
      expect(base64Json(m.headers['nhsd-target-identifier']), m.name).toEqual({ system: DOS, value: endpoint.split('|')[1] });
    }
  });

  it('MUST send X-Request-Id and X-Correlation-Id as UUIDs', () => {
    for (const m of flows) {
      expect(m.headers['x-request-id'], m.name).toMatch(UUID);
      expect(m.headers['x-correlation-id'], m.name).toMatch(UUID);
    }
  });

  it('MUST send NHSD-End-User-Organisation (ODS code) and NHSD-Requesting-Software (Device) as base64 FHIR', () => {
    for (const m of flows) {
      expect(base64Json(m.headers['nhsd-end-user-organisation']), m.name).toMatchObject({ resourceType: 'Organization', identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: sender.odsCode }] });
      expect(base64Json(m.headers['nhsd-requesting-software']), m.name).toMatchObject({ resourceType: 'Device', deviceName: [{ type: 'manufacturer-name' }], version: [{ value: sender.software.version }] });
    }
  });

  it('MUST send Accept application/fhir+json with the API version, and Content-Type application/fhir+json', () => {
    for (const m of flows) {
      expect(m.headers.accept, m.name).toMatch(/^application\/fhir\+json; version=1\.\d+\.\d+$/);
      expect(m.headers['content-type'], m.name).toBe('application/fhir+json');
    }
  });

  it('MUST send use-context as <use case>|<category>|<event>|<reason>, saying what the message says', () => {
    const category: Record<Kind, string> = { book: 'booked', rebook: 'booked', cancel: 'cancelled', revoke: 'cancelled', refer: 'referral', 're-refer': 'referral' };
    for (const m of flows) {
      const h = header(m);
      const focus = entryAt(m, obj(arr(h.focus)[0])?.reference)?.resource;
      const useCase = codes([...arr(focus?.serviceCategory), ...arr(focus?.category)]).find((c) => c.system === USE_CASE)?.code;
      expect(m.headers['use-context'], m.name).toBe(`${String(useCase)}|${category[m.kind]}|${String(obj(h.eventCoding)?.code)}|${String(codes([h.reason])[0]?.code)}`);
    }
  });
});

describe('App1 MUSTs: slot search (digest §2)', () => {
  it('MUST search slots with status=free, start=ge…&start=le… with a UTC offset, Schedule.actor:HealthcareService and the includes', () => {
    const searches = sent('book', 'rebook').flatMap((m) => m.before.filter((c) => c.startsWith('GET /Slot?')));
    expect(searches.length).toBeGreaterThanOrEqual(8);
    for (const s of searches) {
      const q = new URLSearchParams(s.slice('GET /Slot?'.length));
      expect(q.get('status')).toBe('free');
      expect(q.getAll('start').map((v) => v.slice(0, 2)).sort()).toEqual(['ge', 'le']);
      for (const v of q.getAll('start')) expect(v).toMatch(/T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
      expect(q.getAll('Schedule.actor:HealthcareService')).toHaveLength(1);
      expect(q.getAll('_include')).toEqual(expect.arrayContaining(['Slot:schedule', 'Schedule:actor:HealthcareService']));
    }
  });
});

describe('App1 MUSTs: the message Bundle (digest §3)', () => {
  it('MUST send a Bundle of type message with the BARSBundleMessage profile and a timestamp', () => {
    for (const m of all) expect(m.body, m.name).toMatchObject({ resourceType: 'Bundle', type: 'message', meta: { profile: ['https://fhir.nhs.uk/StructureDefinition/BARSBundleMessage'] }, timestamp: expect.any(String) as unknown });
  });

  it('MUST set Bundle.meta.versionId to the Application version negotiated', () => {
    for (const m of all) expect(obj(m.body.meta)?.versionId, m.name).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('MUST give every resource meta.lastUpdated', () => {
    for (const m of all) for (const e of entriesOf(m.body)) expect(obj(e.resource.meta)?.lastUpdated, `${m.name}: ${e.resource.resourceType}`).toEqual(expect.any(String));
  });

  it('MUST give every entry a urn:uuid fullUrl, each used once', () => {
    for (const m of all) {
      const urls = entriesOf(m.body).map((e) => e.fullUrl);
      for (const u of urls) expect(u, m.name).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(new Set(urls).size, m.name).toBe(urls.length);
    }
  });

  it('MUST NOT set .id, except on Slot, Schedule and HealthcareService as received, and the receiver\'s id in a cancellation', () => {
    // BOOKREQ01 echoes the search's Practitioner, PractitionerRole and Location with their ids too: received, not set by the sender.
    const echoed = new Set(at(official('BOOKREQ01.json'), 'entry.resource').map(obj).filter((r) => r?.id !== undefined).map((r) => r?.resourceType));
    expect([...echoed].sort()).toEqual(['HealthcareService', 'Location', 'Practitioner', 'PractitionerRole', 'Schedule', 'Slot']);
    for (const m of all) {
      for (const e of entriesOf(m.body)) {
        if (e.resource.id === undefined) continue;
        const cancelled = (m.kind === 'cancel' && e.resource.resourceType === 'Appointment') || (m.kind === 'revoke' && e.resource.resourceType === 'ServiceRequest');
        // The search's providedBy Organization is echoed the same way, and resent so in a cancellation (ours, the sender, has no id).
        const received = (m.kind === 'book' || m.kind === 'rebook' || m.kind === 'cancel') && (echoed.has(e.resource.resourceType) || (e.resource.resourceType === 'Organization' && e.fullUrl !== obj(header(m).sender)?.reference));
        expect(e.resource.resourceType === 'HealthcareService' || received || cancelled, `${m.name}: ${e.resource.resourceType}.id`).toBe(true);
      }
    }
  });

  it('MUST code MessageHeader.eventCoding in message-events-bars: booking-request or servicerequest-request', () => {
    for (const m of all) {
      const event = of('book', 'rebook', 'cancel').includes(m) ? 'booking-request' : 'servicerequest-request';
      expect(header(m).eventCoding, m.name).toEqual({ system: 'https://fhir.nhs.uk/CodeSystem/message-events-bars', code: event });
    }
  });

  it('MUST code MessageHeader.reason in message-reason-bars: new for a booking or referral, update for a cancellation', () => {
    for (const m of all) expect(header(m).reason, m.name).toEqual({ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/message-reason-bars', code: m.kind === 'cancel' || m.kind === 'revoke' ? 'update' : 'new' }] });
  });

  it('MUST address MessageHeader.destination to dos-service-id|<id> with the receiving Organization', () => {
    for (const m of all) {
      const d = obj(arr(header(m).destination)[0]);
      expect(d?.endpoint, m.name).toMatch(/^https:\/\/fhir\.nhs\.uk\/Id\/dos-service-id\|\d+$/);
      expect(entryAt(m, obj(d?.receiver)?.reference)?.resource.resourceType, m.name).toBe('Organization');
    }
  });

  it('MUST point MessageHeader.sender at our Organization, with our ODS code', () => {
    for (const m of all) expect(entryAt(m, obj(header(m).sender)?.reference)?.resource, m.name).toMatchObject({ resourceType: 'Organization', identifier: [{ value: sender.odsCode }] });
  });

  it('MUST set MessageHeader.source.endpoint to our own id, for replies', () => {
    for (const m of all) expect(obj(header(m).source)?.endpoint, m.name).toBe(sender.sourceEndpoint);
  });

  it('MUST point MessageHeader.focus at the Appointment or ServiceRequest and name the MessageDefinition', () => {
    const definition: Record<Kind, string> = { book: 'booking-request', rebook: 'booking-request', cancel: 'booking-request-cancelled', refer: 'servicerequest-request-referral', 're-refer': 'servicerequest-request-referral', revoke: 'servicerequest-request-cancelled' };
    for (const m of all) {
      expect(header(m).definition, m.name).toBe(`https://fhir.nhs.uk/MessageDefinition/bars-message-${definition[m.kind]}`);
      const focus = entryAt(m, obj(arr(header(m).focus)[0])?.reference)?.resource.resourceType;
      expect(focus, m.name).toBe(definition[m.kind].startsWith('booking') ? 'Appointment' : 'ServiceRequest');
    }
  });

  it('MUST carry the CDSS extension (CDSSExtension: RequesterCDSSsoftware, RequesterCDSSversion)', () => {
    const url = String(at(official('REFREQ01.json'), 'entry.resource.extension.url')[0]);
    expect(url).toBe('https://fhir.nhs.uk/StructureDefinition/CDSSExtension');
    for (const m of all) {
      const cdss = arr(header(m).extension).map(obj).find((x) => x?.url === url);
      expect(at(cdss, 'extension.url'), m.name).toEqual(['RequesterCDSSsoftware', 'RequesterCDSSversion']);
      expect(at(cdss, 'extension.valueString').every((v) => typeof v === 'string' && v !== ''), m.name).toBe(true);
    }
  });

  it('MUST write times as FHIR instants in UTC', () => {
    const instants = (v: unknown, out: string[] = []): string[] => {
      if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) out.push(v);
      else for (const x of Array.isArray(v) ? v : Object.values(obj(v) ?? {})) instants(x, out);
      return out;
    };
    for (const m of sent('book', 'cancel', 'rebook', 'refer', 're-refer', 'revoke')) {
      for (const t of instants(m.body)) expect(t, m.name).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$/);
    }
  });
});

describe('App1 MUSTs: booking (digest §3 Booking request, §4)', () => {
  it('MUST book with Appointment booked, the use case, start and end, slot → Slot, participant Patient accepted', () => {
    for (const m of of('book', 'rebook')) {
      const a = one(m, 'Appointment');
      expect(a.status, m.name).toBe('booked');
      expect(codes(a.serviceCategory).some((c) => c.system === USE_CASE && typeof c.code === 'string'), m.name).toBe(true);
      const slot = entryAt(m, obj(arr(a.slot)[0])?.reference)?.resource;
      expect(slot?.resourceType, m.name).toBe('Slot');
      expect([a.start, a.end], m.name).toEqual([slot?.start, slot?.end]);
      const participant = arr(a.participant).map(obj).find((p) => entryAt(m, obj(p?.actor)?.reference)?.resource.resourceType === 'Patient');
      expect(participant?.status, m.name).toBe('accepted');
    }
  });

  it('MUST send the Slot and Schedule exactly as received', () => {
    const [asSearched] = of('book').filter((m) => m.name === 'book from the official searchset');
    if (asSearched === undefined) throw new Error('no booking from the official searchset');
    const searchset = entriesOf(official('slots-GET-success.json'));
    for (const type of ['Slot', 'Schedule']) {
      const sentEntry = entriesOf(asSearched.body).find((e) => e.resource.resourceType === type);
      const received = searchset.find((e) => e.resource.resourceType === type && e.resource.id === sentEntry?.resource.id);
      expect(sentEntry, type).toEqual(received === undefined ? undefined : { fullUrl: received.fullUrl, resource: received.resource });
    }
  });

  it('MUST send the HealthcareService under the id the slot search gave it', () => {
    for (const m of of('book', 'rebook')) {
      const endpoint = String(obj(arr(header(m).destination)[0])?.endpoint);
      expect(one(m, 'HealthcareService').id, m.name).toBe(endpoint.split('|')[1]);
    }
  });

  it('MUST send exactly one Schedule that the Slot refers to, even when the search returned Slots only', () => {
    for (const m of of('book', 'rebook')) {
      const slot = one(m, 'Slot');
      expect(resources(m, 'Schedule'), m.name).toHaveLength(1);
      expect(entryAt(m, obj(slot.schedule)?.reference)?.resource.resourceType, m.name).toBe('Schedule');
    }
  });

  it('MUST link a booking made after its referral: Appointment.basedOn ServiceRequest/{id}', () => {
    expect(sent('book').length).toBeGreaterThan(0);
    for (const m of sent('book')) {
      // The referral sent first is the one later revoked: the revocation carries its receiver id.
      const revoked = sent('revoke').find((r) => r.variant === m.variant);
      expect(arr(one(m, 'Appointment').basedOn), m.name).toEqual([{ reference: `ServiceRequest/${String(revoked === undefined ? 'none' : one(revoked, 'ServiceRequest').id)}` }]);
    }
  });

  it('MUST NOT link a rebooking to the referral the cancelled booking was linked to: a new referral is made and the original revoked', () => {
    expect(sent('rebook').length).toBeGreaterThan(0);
    for (const m of sent('rebook')) {
      expect(one(m, 'Appointment').basedOn, m.name).toBeUndefined();
      // The new referral links to the rebooked appointment instead, after the original is revoked.
      const after = flows.slice(flows.indexOf(m) + 1).filter((o) => o.variant === m.variant).map((o) => o.kind);
      expect(after.slice(0, 2), m.name).toEqual(['revoke', 're-refer']);
    }
  });

  it('MUST cancel a booking with booking-request, reason update, Appointment cancelled or entered-in-error, and only MessageHeader, Appointment, Patient, Organizations', () => {
    for (const m of of('cancel')) {
      expect(['cancelled', 'entered-in-error'], m.name).toContain(one(m, 'Appointment').status);
      expect(new Set(entriesOf(m.body).map((e) => e.resource.resourceType)), m.name).toEqual(new Set(['MessageHeader', 'Appointment', 'Patient', 'Organization']));
    }
  });

  it('MUST read the Appointment or ServiceRequest before cancelling it', () => {
    for (const m of of('cancel')) expect(m.before.some((c) => c.startsWith(`GET /Appointment/${String(one(m, 'Appointment').id)}`)), m.name).toBe(true);
    for (const m of of('revoke')) expect(m.before.some((c) => c.startsWith(`GET /ServiceRequest/${String(one(m, 'ServiceRequest').id)}`)), m.name).toBe(true);
  });

  it('MUST reuse the original fullUrls in a cancellation', () => {
    for (const m of of('cancel', 'revoke')) {
      const original = flows.slice(0, flows.indexOf(m)).reverse().find((o) => o.variant === m.variant && (m.kind === 'cancel' ? o.kind === 'book' : o.kind === 'refer'));
      if (original === undefined) throw new Error(`${m.name}: no original`);
      const originalUrls = new Set(entriesOf(original.body).map((e) => e.fullUrl));
      for (const e of entriesOf(m.body)) if (e.resource.resourceType !== 'MessageHeader') expect(originalUrls.has(e.fullUrl), `${m.name}: ${e.resource.resourceType}`).toBe(true);
    }
  });

  it('MUST keep each resource\'s original meta.lastUpdated in a cancellation, and give the cancelled focus a later one', () => {
    for (const m of of('cancel', 'revoke')) {
      const original = flows.slice(0, flows.indexOf(m)).reverse().find((o) => o.variant === m.variant && (m.kind === 'cancel' ? o.kind === 'book' : o.kind === 'refer'));
      if (original === undefined) throw new Error(`${m.name}: no original`);
      const focus = obj(arr(header(m).focus)[0])?.reference;
      for (const e of entriesOf(m.body)) {
        if (e.resource.resourceType === 'MessageHeader') continue;
        const was = obj(entriesOf(original.body).find((o) => o.fullUrl === e.fullUrl)?.resource.meta)?.lastUpdated;
        const now = obj(e.resource.meta)?.lastUpdated;
        if (e.fullUrl === focus) expect(Date.parse(String(now)), `${m.name}: ${e.resource.resourceType}`).toBeGreaterThan(Date.parse(String(was)));
        else expect(now, `${m.name}: ${e.resource.resourceType}`).toBe(was);
      }
    }
  });

  // The app's own rebook through its workflow (not the order capture.ts drives), judged on the receiver.
  it('MUST rebook by cancelling first, then booking again', async () => {
    const app = await new BookingApp().open();
    try {
      const { caseId, service } = await app.openCase('Eastfield Same Day Emergency Care');
      expect(service.via).toBe('via BaRS');
      const [first, second] = await app.slots(caseId);
      if (first === undefined || second === undefined) throw new Error('needs two free slots');
      const oldId = (await app.book(caseId, first.slotId)).bookingId;
      const watch = watchBarsArrivals(app);
      try {
        await app.ok('booking:rebook', { bookingId: oldId, slotId: second.slotId, reason: 'Patient asked for a later time', ...APPROVAL });
      } finally {
        watch.stop();
      }
      const held = app.sandbox().bars.store.appointments;
      const original = [...held.values()].find((h) => h.slotId === first.slotId);
      // One new appointment arrived, for the new slot, and the receiver already held the original as cancelled.
      expect(watch.arrivals.map((a) => a.slotId)).toEqual([second.slotId]);
      expect(watch.arrivals[0]?.heldThen.get(original?.id ?? '')).toBe('cancelled');
      expect([...held.values()].filter((h) => h.slotId === second.slotId).map((h) => h.resource.status)).toEqual(['booked']);
    } finally {
      await app.close();
    }
  }, 60_000);
});

describe('App1 MUSTs: referral (digest §3 Referral request, §4)', () => {
  it('MUST send the ServiceRequest active, intent plan, under BARSServiceRequest-request-referral, with category referral and the use case', () => {
    for (const m of of('refer', 're-refer')) {
      const r = one(m, 'ServiceRequest');
      expect(r, m.name).toMatchObject({ status: 'active', intent: 'plan', meta: { profile: ['https://fhir.nhs.uk/StructureDefinition/BARSServiceRequest-request-referral'] } });
      expect(codes(r.category).map((c) => c.code), m.name).toEqual(expect.arrayContaining(['referral', expect.stringMatching(/^a1t\d+$/)]));
    }
  });

  it('MUST base the ServiceRequest on the CarePlan, with the Practitioner as requester and the receiver as performer', () => {
    for (const m of of('refer', 're-refer')) {
      const r = one(m, 'ServiceRequest');
      expect(entryAt(m, obj(arr(r.basedOn)[0])?.reference)?.resource.resourceType, m.name).toBe('CarePlan');
      expect(entryAt(m, obj(r.requester)?.reference)?.resource.resourceType, m.name).toBe('Practitioner');
      expect(arr(r.performer).map((p) => entryAt(m, obj(p)?.reference)?.resource.resourceType), m.name).toEqual(expect.arrayContaining(['HealthcareService']));
    }
  });

  it('MUST send the Encounter finished or triaged, class EMER, with the journey id in episodeOfCare', () => {
    for (const m of of('refer', 're-refer')) {
      const e = one(m, 'Encounter');
      expect(['finished', 'triaged'], m.name).toContain(e.status);
      expect(obj(e.class)?.code, m.name).toBe('EMER');
      expect(at(e, 'episodeOfCare.identifier.value'), m.name).toEqual(['c1a2b3c4-0000-4000-8000-000000000001']);
    }
  });

  it('MUST send the CarePlan completed with the Pathways SG, SD and DX codes and the report text', () => {
    // Each code system as REFREQ01 labels its outcome.
    const systemOf = (label: string): string => String(at(official('REFREQ01.json'), `entry.resource.ofType(CarePlan).activity.outcomeCodeableConcept.where(text = '${label}').coding.system`)[0]);
    const [sg, sd, dx] = ['Pathways Assessment SG Code - Chief Complaint', 'Pathways Assessment SD Code', 'Pathways Assessment DX Code'].map(systemOf);
    const codes = (plan: Json, system: string | undefined): unknown[] => at(plan, `activity.outcomeCodeableConcept.coding.where(system = '${String(system)}').code`);
    for (const m of of('refer', 're-refer')) {
      const plan = one(m, 'CarePlan');
      expect(plan.status, m.name).toBe('completed');
      expect(codes(plan, dx), m.name).toEqual(['DX02']);
      // SG and SD are the case's, from its Pathways assessment; a case without one (a CAS call) sends DX alone.
      expect(codes(plan, sg), m.name).toEqual(arr(m.variant.pathways?.symptomGroup?.code));
      expect(codes(plan, sd), m.name).toEqual(arr(m.variant.pathways?.symptomDiscriminator?.code));
      expect(at(plan, 'activity.outcomeCodeableConcept.text').some((t) => typeof t === 'string' && t.includes('Dx02')), m.name).toBe(true);
    }
    expect(of('refer').filter((m) => codes(one(m, 'CarePlan'), sg).length > 0 && codes(one(m, 'CarePlan'), sd).length > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('MUST send Consent for direct care (consent-categories-bars DRC)', () => {
    const policy = at(official('CONS01.json'), 'policyRule');
    for (const m of of('refer', 're-refer')) {
      expect(codes(one(m, 'Consent').category), m.name).toContainEqual(expect.objectContaining({ system: 'https://fhir.nhs.uk/CodeSystem/consent-categories-bars', code: 'DRC' }));
      // Implied consent to share for direct care, as CONS01 codes it (REFREQ01 the same, without the display).
      expect(at(one(m, 'Consent'), 'policyRule'), m.name).toEqual(policy);
    }
  });

  it('MUST include a safeguarding concern recorded in the assessment as a Flag: active, category SG, a safeguarding-codes-bars code and the clinician\'s words, about the Patient and the Encounter', () => {
    // REFREQ01's safeguarding Flag: its category and, for a child, its very coding.
    const example = entriesOf(official('REFREQ01.json')).find((e) => at(e.resource, "category.coding.where(code = 'SG')").length > 0)?.resource;
    const category = at(example, 'category.coding')[0];
    const safeguarding = (m: Captured): Entry[] => entriesOf(m.body).filter((e) => e.resource.resourceType === 'Flag' && at(e.resource, "category.coding.where(code = 'SG')").length > 0);
    for (const m of of('refer', 're-refer')) {
      const concern = m.variant.safeguarding;
      const flags = safeguarding(m);
      // None recorded, none sent: a Flag is never made up for a case without a concern.
      expect(flags, m.name).toHaveLength(concern === undefined ? 0 : 1);
      if (concern === undefined) continue;
      const [flag] = flags as [Entry];
      expect(flag.resource, m.name).toMatchObject({ status: 'active', category: [{ coding: [category] }], period: { start: concern.recordedAt } });
      const coding = at(flag.resource, 'code.coding')[0];
      expect(coding, m.name).toEqual(concern.about === 'child' ? at(example, 'code.coding')[0] : { system: 'https://fhir.nhs.uk/CodeSystem/safeguarding-codes-bars', code: 'U', display: 'Unspecified Safeguarding Concern Identified' });
      // R4 Flag has no note: the clinician's words and whom they are about are in code.text.
      expect(at(flag.resource, 'code.text')[0], m.name).toBe(`Safeguarding concern about ${concern.about === 'child' ? 'a child' : 'an adult'}: ${concern.detail}`);
      expect(entryAt(m, obj(flag.resource.subject)?.reference)?.resource.resourceType, m.name).toBe('Patient');
      expect(obj(flag.resource.subject)?.reference, m.name).toBe(obj(one(m, 'ServiceRequest').subject)?.reference);
      expect(entryAt(m, obj(flag.resource.encounter)?.reference)?.resource.resourceType, m.name).toBe('Encounter');
      // As REFREQ01, the CarePlan points at it.
      expect(at(one(m, 'CarePlan'), 'supportingInfo.reference'), m.name).toContain(flag.fullUrl);
    }
    expect(of('refer').map((m) => m.variant.safeguarding?.about)).toEqual(expect.arrayContaining(['child', 'adult', undefined]));
  });

  it('MUST link a referral made after its booking: ServiceRequest.supportingInfo Appointment/{id}', () => {
    for (const m of sent('re-refer')) expect(at(one(m, 'ServiceRequest'), 'supportingInfo.reference'), m.name).toEqual([expect.stringMatching(/^Appointment\/[A-Za-z0-9.-]+$/)]);
  });

  it('MUST cancel a referral with servicerequest-request, reason update, status revoked or entered-in-error, the reason in reasonCode.text', () => {
    for (const m of of('revoke')) {
      const r = one(m, 'ServiceRequest');
      expect(['revoked', 'entered-in-error'], m.name).toContain(r.status);
      expect(at(r, 'reasonCode.text').some((t) => typeof t === 'string' && t !== ''), m.name).toBe(true);
    }
  });

  it('MUST re-refer by revoking the old referral first, then referring again', () => {
    for (const m of sent('re-refer')) {
      const before = flows.slice(0, flows.indexOf(m)).filter((o) => o.variant === m.variant).map((o) => o.kind);
      expect(before.at(-1), m.name).toBe('revoke');
    }
  });

  it('MUST use one X-Correlation-Id for a case\'s booking, referral and their cancellations', () => {
    for (const variant of new Set(flows.map((m) => m.variant))) {
      expect(new Set(flows.filter((m) => m.variant === variant).map((m) => m.headers['x-correlation-id'])).size, variant.name).toBe(1);
    }
  });
});

describe('App1 MUSTs: the Patient (digest §3 Patient)', () => {
  it('MUST send the NHS number only with status number-present-and-verified or number-present-but-not-traced', () => {
    for (const m of all) {
      for (const id of arr(one(m, 'Patient').identifier).map(obj)) {
        if (id?.system !== 'https://fhir.nhs.uk/Id/nhs-number') continue;
        expect(['number-present-and-verified', 'number-present-but-not-traced'], m.name).toContain(at(id, 'extension.valueCodeableConcept.coding.code')[0]);
      }
      if (m.variant.patient.nhsNumber === undefined) expect(one(m, 'Patient').identifier, m.name).toBeUndefined();
    }
  });

  it('MUST send the call-back numbers as Patient.contact, exactly one ContactRank 1, each contact with one rank-1 telecom, at least one phone', () => {
    const rankUrl = at(official('BOOKREQ01.json'), 'entry.resource.contact.extension.url')[0];
    for (const m of all) {
      const contacts = arr(one(m, 'Patient').contact).map(obj);
      const ranks = contacts.map((c) => arr(c?.extension).map(obj).find((x) => x?.url === rankUrl)?.valuePositiveInt);
      expect(ranks.filter((r) => r === 1), m.name).toHaveLength(1);
      expect(ranks.every((r) => typeof r === 'number'), m.name).toBe(true);
      for (const c of contacts) expect(at(c, 'telecom.rank').filter((r) => r === 1), m.name).toHaveLength(1);
      // Every contact method has a rank (App1 Contacts), not only the first.
      for (const c of contacts) expect(arr(c?.telecom).map((t) => typeof obj(t)?.rank), m.name).toEqual(arr(c?.telecom).map(() => 'number'));
      expect(at(contacts, 'telecom.system'), m.name).toContain('phone');
      // The rank-1 contact holds the number the caller chose to be rung first.
      const patient = m.variant.patient;
      const first = [...patient.telecom, ...patient.contacts.flatMap((c) => c.telecom)].find((t) => t.rank === 1)?.value;
      expect(at(contacts[ranks.indexOf(1)], 'telecom.value'), m.name).toContain(first);
    }
  });

  it('MUST name the patient\'s own contact ONESELF (v3-RoleCode) and a third party by its relationship', () => {
    const self = obj(at(official('BOOKREQ01.json'), 'entry.resource.contact.relationship.coding')[0]);
    for (const m of all) {
      const relationships = at(one(m, 'Patient'), 'contact.relationship.coding').map(obj);
      const ownNumbers = m.variant.patient.telecom.length > 0;
      expect(relationships.filter((c) => c?.system === self?.system && c?.code === self?.code), m.name).toHaveLength(ownNumbers ? 1 : 0);
      expect(relationships.length, m.name).toBe(m.variant.patient.contacts.length + (ownNumbers ? 1 : 0));
    }
  });
});
