/**
 * Every message the app builds against the official MessageDefinition it names: the resources it
 * may carry and how many (read from official/MD-*.json), the focus, the event, the BaRS profiles;
 * every reference resolving inside the Bundle; and FHIR R4's invariants (invariants.ts). Counts,
 * references and invariants are FHIRPath expressions evaluated by `fhirpath` (artefacts.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { allowedResources, arr, at, countOf, DEFINITIONS, EXAMPLES, entriesOf, obj, references, type Entry, type Json } from './artefacts';
import { broken, INVARIANTS } from './invariants';
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
      const types = [...allowed.keys()].filter((t) => t !== 'Bundle');
      const others = at(m.body, `entry.resource.where((${types.map((t) => `$this is ${t}`).join(' or ')}).not()).select(resourceType)`);
      expect(others, `${m.name}: not in ${String(definitionOf(m).url)}`).toEqual([]);
      for (const a of allowed.values()) {
        const n = a.code === 'Bundle' ? Number(at(m.body, 'Bundle.count()')[0]) : countOf(m.body, a.code);
        expect(n >= a.min && n <= a.max, `${m.name}: ${n} ${a.code}, the definition allows ${a.min}..${a.max === Infinity ? '*' : a.max}`).toBe(true);
      }
    }
  });

  it('declare the BaRS profiles the definition names for the Bundle, MessageHeader and ServiceRequest', () => {
    for (const m of of()) {
      const allowed = allowedResources(definitionOf(m));
      const declared = (r: Json): unknown[] => at(r, 'meta.profile');
      expect(declared(m.body), m.name).toEqual(expect.arrayContaining(allowed.get('Bundle')?.profiles ?? []));
      expect(declared(header(m)), m.name).toEqual(expect.arrayContaining(allowed.get('MessageHeader')?.profiles ?? []));
      // UK Core profiles are not claimed on the other resources: FHIR makes meta.profile optional and the examples vary.
      const request = entriesOf(m.body).find((e) => e.resource.resourceType === 'ServiceRequest');
      if (request !== undefined) expect(declared(request.resource), m.name).toEqual(expect.arrayContaining(allowed.get('ServiceRequest')?.profiles ?? []));
    }
  });

  it('MessageHeader.focus is the definition\'s subject: the Appointment of a booking, the ServiceRequest of a referral', () => {
    for (const m of of()) {
      const focus = at(header(m), 'focus.reference').map(String);
      const subject = String(at(definitionOf(m), 'eventCoding.code')[0]).startsWith('booking') ? 'Appointment' : 'ServiceRequest';
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

describe.each(KINDS.map((k) => [k]))('%s messages against FHIR R4\'s invariants', (kind) => {
  it('break none of them (bdl-7, bdl-12, ele-1, ext-1, cpt-2, per-1, pat-1, org-1, app-2/3/4, prr-1, cpl-3, ppc-1…)', () => {
    const of = messages.filter((m) => m.kind === kind);
    expect(of.length).toBeGreaterThan(0);
    expect(of.flatMap((m) => broken(m.body).map((b) => `${m.name}: ${b}`))).toEqual([]);
  });
});

describe('the invariants themselves', () => {
  it('hold on every official example, so an expression that misreads R4 fails here first', () => {
    for (const [name, example] of Object.entries(EXAMPLES)) expect(broken(example), name).toEqual([]);
  });

  it('catch a message that breaks them: a duplicated fullUrl, a contact with no details, an extension with a value and extensions', () => {
    const [refer] = messages.filter((m) => m.kind === 'refer');
    if (refer === undefined) throw new Error('no referral');
    const message = structuredClone(refer.body);
    const entries = entriesOf(message);
    const [, second, third] = entries;
    if (second === undefined || third === undefined) throw new Error('too few entries');
    second.fullUrl = third.fullUrl;
    const patient = entries.find((e) => e.resource.resourceType === 'Patient')?.resource;
    const [contact] = arr(patient?.contact).map(obj);
    if (contact === undefined) throw new Error('no Patient.contact');
    delete contact.telecom;
    const [rank] = arr(contact.extension).map(obj);
    if (rank !== undefined) rank.extension = [{ url: 'x', valueString: 'y' }];
    expect(broken(message).map((b) => b.split(' ')[0])).toEqual(['bdl-7', 'ext-1', 'pat-1']);
    expect(INVARIANTS.map((i) => i.key)).toEqual(expect.arrayContaining(['bdl-7', 'ext-1', 'pat-1']));
  });
});
