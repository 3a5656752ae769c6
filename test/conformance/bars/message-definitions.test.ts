/**
 * Every message the app builds against the official MessageDefinition it names: the resources it
 * may carry and how many (read from official/MD-*.json), the focus, the event, the BaRS profiles;
 * and every reference resolving inside the Bundle.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { allowedResources, arr, DEFINITIONS, entriesOf, obj, references, type Entry, type Json } from './artefacts';
import { captureMessages, officialSearchBookings, type Captured, type Kind } from './capture';

let messages: Captured[] = [];
beforeAll(async () => {
  messages = [...(await captureMessages()), ...officialSearchBookings()];
}, 120_000);

const KINDS: Kind[] = ['book', 'cancel', 'rebook', 'refer', 're-refer', 'revoke'];
const header = (m: Captured): Json => (entriesOf(m.body)[0] as Entry).resource;
const definitionOf = (m: Captured): Json => {
  const md = DEFINITIONS.get(String(header(m).definition));
  if (md === undefined) throw new Error(`${m.name}: MessageHeader.definition ${String(header(m).definition)} is not an official MessageDefinition`);
  return md;
};

describe('the captured messages', () => {
  it('cover book, cancel, rebook, refer, re-refer and revoke, with and without an NHS number, patient and third-party contacts', () => {
    for (const kind of KINDS) expect(messages.filter((m) => m.kind === kind).length, kind).toBeGreaterThanOrEqual(4);
    const patients = messages.map((m) => m.variant.patient);
    expect(patients.some((p) => p.nhsNumber === undefined)).toBe(true);
    expect(patients.some((p) => p.nhsNumber !== undefined)).toBe(true);
    expect(patients.some((p) => p.contacts.some((c) => c.telecom.some((t) => t.rank === 1)))).toBe(true);
    expect(patients.some((p) => p.telecom.some((t) => t.rank === 1))).toBe(true);
  });
});

describe.each(KINDS.map((k) => [k]))('%s messages against their MessageDefinition', (kind) => {
  const of = (): Captured[] => messages.filter((m) => m.kind === kind);

  it('name an official MessageDefinition whose event is the MessageHeader\'s', () => {
    for (const m of of()) expect(header(m).eventCoding, m.name).toEqual(definitionOf(m).eventCoding);
  });

  it('carry only the resources the definition allows, each within its cardinality', () => {
    for (const m of of()) {
      const allowed = allowedResources(definitionOf(m));
      const counts = new Map<string, number>([['Bundle', 1]]);
      for (const e of entriesOf(m.body)) counts.set(e.resource.resourceType, (counts.get(e.resource.resourceType) ?? 0) + 1);
      for (const type of counts.keys()) expect(allowed.has(type), `${m.name}: ${type} is not in ${String(definitionOf(m).url)}`).toBe(true);
      for (const a of allowed.values()) {
        const n = counts.get(a.code) ?? 0;
        expect(n >= a.min && n <= a.max, `${m.name}: ${n} ${a.code}, the definition allows ${a.min}..${a.max === Infinity ? '*' : a.max}`).toBe(true);
      }
    }
  });

  it('declare the BaRS profiles the definition names for the Bundle, MessageHeader and ServiceRequest', () => {
    for (const m of of()) {
      const allowed = allowedResources(definitionOf(m));
      const declared = (r: Json): unknown[] => arr(obj(r.meta)?.profile);
      expect(declared(m.body), m.name).toEqual(expect.arrayContaining(allowed.get('Bundle')?.profiles ?? []));
      expect(declared(header(m)), m.name).toEqual(expect.arrayContaining(allowed.get('MessageHeader')?.profiles ?? []));
      // UK Core profiles are not claimed on the other resources: FHIR makes meta.profile optional and the examples vary.
      const request = entriesOf(m.body).find((e) => e.resource.resourceType === 'ServiceRequest');
      if (request !== undefined) expect(declared(request.resource), m.name).toEqual(expect.arrayContaining(allowed.get('ServiceRequest')?.profiles ?? []));
    }
  });

  it('MessageHeader.focus is the definition\'s subject: the Appointment of a booking, the ServiceRequest of a referral', () => {
    for (const m of of()) {
      const focus = arr(header(m).focus).map((f) => String(obj(f)?.reference));
      const subject = String(obj(definitionOf(m).eventCoding)?.code).startsWith('booking') ? 'Appointment' : 'ServiceRequest';
      expect(focus, m.name).toHaveLength(1);
      expect(entriesOf(m.body).find((e) => e.fullUrl === focus[0])?.resource.resourceType, m.name).toBe(subject);
    }
  });

  it('every reference resolves to an entry of the Bundle, or is the receiver\'s Appointment/{id} or ServiceRequest/{id} (digest §3 References), or the journey as REFREQ01 names it', () => {
    for (const m of of()) {
      const urls = new Set(entriesOf(m.body).map((e) => e.fullUrl));
      for (const e of entriesOf(m.body)) {
        for (const r of references(e.resource)) {
          // REFREQ01 refers to the journey as EpisodeOfCare/{id}: no one holds it in the Bundle.
          const held = /^(Appointment|ServiceRequest)\/[A-Za-z0-9.-]{1,64}$/.test(r.reference) || (e.resource.resourceType === 'Encounter' && r.path === 'episodeOfCare');
          expect(urls.has(r.reference) || held, `${m.name}: ${e.resource.resourceType}.${r.path} → ${r.reference}`).toBe(true);
        }
      }
    }
  });
});
