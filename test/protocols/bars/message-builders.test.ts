/** Booking, cancellation and referral Bundles against the standard's outlines (BOOKREQ01, BOOKREQ02, REFREQ01, MessageDefinitions). */
import { describe, expect, it } from 'vitest';
import { bookingCancellation, bookingMessage, parseSlotBundle, referralMessage, referralRevocation, type BarsRawSlot } from '../../../main/protocols/bars';
import { officialShapeSearchset } from '../../fixtures/bars/slot-searchset';
import { facts, patient, sender } from './harness';

type Entry = { fullUrl: string; resource: Record<string, unknown> & { resourceType: string; id?: string } };
const entries = (b: Record<string, unknown>): Entry[] => b.entry as Entry[];
const ofType = (b: Record<string, unknown>, type: string): Entry[] => entries(b).filter((e) => e.resource.resourceType === type);
const one = (b: Record<string, unknown>, type: string): Entry => {
  const [found] = ofType(b, type);
  if (!found) throw new Error(`no ${type}`);
  return found;
};
const URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function references(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => references(v, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else references(v, out);
    }
  }
  return out;
}

const raw = (): BarsRawSlot => {
  const found = parseSlotBundle(officialShapeSearchset(), { useCase: 'a1t1', version: '2.1.0' }).raw.get('slot002');
  if (!found) throw new Error('no raw slot');
  return found;
};
const booking = (requestId = '11111111-2222-4333-8444-555555555555'): Record<string, unknown> =>
  bookingMessage({ requestId, created: new Date('2026-10-16T08:00:00Z'), dosServiceId: '2000099999', raw: raw(), patient, reason: 'Chest pain', sender });

describe('bookingMessage', () => {
  it('is a BaRS message Bundle with the Application version, urn:uuid fullUrls and lastUpdated everywhere', () => {
    const b = booking();
    expect(b).toMatchObject({ resourceType: 'Bundle', type: 'message', meta: { versionId: '2.1.0', profile: ['https://fhir.nhs.uk/StructureDefinition/BARSBundleMessage'] } });
    for (const e of entries(b)) {
      expect(e.fullUrl).toMatch(URN);
      expect((e.resource.meta as { lastUpdated?: string }).lastUpdated).toEqual(expect.any(String));
    }
    expect(new Set(entries(b).map((e) => e.fullUrl)).size).toBe(entries(b).length);
  });

  it('carries exactly what the booking MessageDefinition requires, first the MessageHeader', () => {
    const b = booking();
    expect(entries(b)[0]?.resource.resourceType).toBe('MessageHeader');
    for (const type of ['MessageHeader', 'Appointment', 'Patient', 'HealthcareService', 'Slot', 'Schedule']) expect(ofType(b, type)).toHaveLength(1);
    expect(ofType(b, 'Organization').length).toBeGreaterThanOrEqual(2);
  });

  it('the MessageHeader routes to the DoS service and points at the Appointment and both Organizations', () => {
    const b = booking();
    const h = one(b, 'MessageHeader').resource;
    expect(h).toMatchObject({
      eventCoding: { system: 'https://fhir.nhs.uk/CodeSystem/message-events-bars', code: 'booking-request' },
      reason: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/message-reason-bars', code: 'new' }] },
      destination: [{ endpoint: 'https://fhir.nhs.uk/Id/dos-service-id|2000099999' }],
      source: { endpoint: sender.sourceEndpoint },
      focus: [{ reference: one(b, 'Appointment').fullUrl }],
      definition: 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request',
    });
    const byUrl = new Map(entries(b).map((e) => [e.fullUrl, e.resource.resourceType]));
    expect(byUrl.get((h.destination as { receiver: { reference: string } }[])[0]?.receiver.reference ?? '')).toBe('Organization');
    expect(byUrl.get((h.sender as { reference: string }).reference)).toBe('Organization');
  });

  it('sends the Slot and Schedule exactly as received, under their received fullUrls, and HealthcareService with its search id', () => {
    const b = booking();
    const received = raw();
    const slot = one(b, 'Slot');
    expect(slot.fullUrl).toBe(received.entries[0]?.fullUrl);
    expect(slot.resource).toEqual(received.entries[0]?.resource);
    expect(one(b, 'Schedule').resource).toEqual(received.entries.find((e) => e.resource.resourceType === 'Schedule')?.resource);
    expect(one(b, 'HealthcareService').resource.id).toBe('2000099999');
  });

  it('the Appointment: booked, the use case, the Slot\'s times, slot and patient references; senders set no id', () => {
    const b = booking();
    const a = one(b, 'Appointment').resource;
    expect(a).toMatchObject({
      status: 'booked',
      serviceCategory: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/usecases-categories-bars', code: 'a1t1' }] }],
      start: '2026-10-16T10:00:00.000+00:00',
      end: '2026-10-16T10:30:00.000+00:00',
      slot: [{ reference: one(b, 'Slot').fullUrl }],
      participant: [{ actor: { reference: one(b, 'Patient').fullUrl }, status: 'accepted' }],
    });
    expect(a.id).toBeUndefined();
    const urls = new Set(entries(b).map((e) => e.fullUrl));
    for (const e of entries(b).filter((x) => x.resource.id === undefined)) for (const r of references(e.resource)) expect(urls.has(r)).toBe(true);
  });

  it('the Patient: NHS number with an allowed verification status; the numbers as ranked contacts, the patient\'s own under ONESELF (BOOKREQ01)', () => {
    const p = one(booking(), 'Patient').resource;
    expect(p.identifier).toEqual([expect.objectContaining({ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' })]);
    expect(JSON.stringify(p.identifier)).toContain('number-present-and-verified');
    expect(JSON.stringify(bookingMessage({ requestId: 'r', created: new Date(), dosServiceId: '1', raw: raw(), patient: { ...patient, nhsNumberVerified: false }, reason: 'x', sender }))).toContain('number-present-but-not-traced');
    expect(p.telecom).toBeUndefined();
    const rank = { url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactRank' };
    expect(p.contact).toEqual([
      { extension: [{ ...rank, valuePositiveInt: 1 }], relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'ONESELF', display: 'self' }] }], telecom: [{ system: 'phone', value: '07700 900123', use: 'mobile', rank: 1 }] },
      { extension: [{ ...rank, valuePositiveInt: 2 }], relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'N', display: 'Next-of-Kin' }], text: 'Mother' }], name: { family: 'Lovelace', given: ['Anne'] }, telecom: [{ system: 'phone', value: '07700 900456', use: 'mobile', rank: 1 }] },
    ]);
  });

  it('a third party\'s number chosen as the primary: that contact is rank 1 and the patient\'s own follows', () => {
    const thirdFirst = { ...patient, telecom: [{ system: 'phone' as const, value: '07700 900123', use: 'mobile' as const, rank: 2 }], contacts: [{ ...(patient.contacts[0] as (typeof patient.contacts)[number]), telecom: [{ system: 'phone' as const, value: '07700 900456', use: 'mobile' as const, rank: 1 }] }] };
    const p = one(bookingMessage({ requestId: 'r', created: new Date(), dosServiceId: '1', raw: raw(), patient: thirdFirst, reason: 'x', sender }), 'Patient').resource;
    const contacts = p.contact as { extension: { valuePositiveInt: number }[]; relationship: { coding: { code: string }[] }[] }[];
    expect(contacts.map((c) => [c.relationship[0]?.coding[0]?.code, c.extension[0]?.valuePositiveInt])).toEqual([['N', 1], ['ONESELF', 2]]);
  });

  it('is the same bytes for the same input (a retry resends the persisted request), different for another request id', () => {
    expect(JSON.stringify(booking())).toBe(JSON.stringify(booking()));
    expect(JSON.stringify(booking('99999999-2222-4333-8444-555555555555'))).not.toBe(JSON.stringify(booking()));
  });

  it('when the search left the HealthcareService out, the DoS service id stands in for it', () => {
    const r = raw();
    const b = bookingMessage({ requestId: 'r', created: new Date(), dosServiceId: '2000099999', raw: { ...r, entries: r.entries.filter((e) => e.resource.resourceType !== 'HealthcareService') }, reason: 'x', patient, sender });
    expect(one(b, 'HealthcareService').resource.id).toBe('2000099999');
  });
});

describe('bookingCancellation', () => {
  it('reason update, the cancelled definition, the Appointment cancelled under its original fullUrl with the receiver id', () => {
    const original = booking();
    const c = bookingCancellation({ requestId: '22222222-2222-4333-8444-555555555555', now: new Date('2026-10-16T09:00:00Z'), dosServiceId: '2000099999', original, appointmentId: 'rec-1', sender });
    expect(one(c, 'MessageHeader').resource).toMatchObject({
      reason: { coding: [{ code: 'update' }] },
      definition: 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request-cancelled',
    });
    const a = one(c, 'Appointment');
    expect(a.fullUrl).toBe(one(original, 'Appointment').fullUrl);
    expect(a.resource).toMatchObject({ id: 'rec-1', status: 'cancelled', meta: { lastUpdated: '2026-10-16T09:00:00.000Z' } });
    expect(one(c, 'Patient').fullUrl).toBe(one(original, 'Patient').fullUrl);
    // Only changed resources get a new lastUpdated.
    expect(one(c, 'Patient').resource.meta).toEqual(one(original, 'Patient').resource.meta);
    expect(ofType(c, 'Organization').map((e) => e.fullUrl).sort()).toEqual(ofType(original, 'Organization').filter((o) => references(one(original, 'MessageHeader').resource).includes(o.fullUrl)).map((e) => e.fullUrl).sort());
    const urls = new Set(entries(c).map((e) => e.fullUrl));
    for (const e of entries(c)) for (const r of references(e.resource)) expect(urls.has(r) || /^[A-Z][A-Za-z]+\//.test(r)).toBe(true);
  });
});

describe('referralMessage', () => {
  const referral = referralMessage({ requestId: '33333333-2222-4333-8444-555555555555', created: new Date('2026-10-16T08:05:00Z'), dosServiceId: '2000099999', useCase: 'a1t1', version: '2.1.0', facts, sender, appointmentId: 'rec-1' });

  it('carries what the referral MessageDefinition requires', () => {
    for (const type of ['MessageHeader', 'ServiceRequest', 'Patient', 'Encounter', 'CarePlan']) expect(ofType(referral, type)).toHaveLength(1);
    for (const type of ['Practitioner', 'PractitionerRole', 'Consent', 'HealthcareService']) expect(ofType(referral, type).length).toBeGreaterThanOrEqual(1);
    expect(ofType(referral, 'Organization').length).toBeGreaterThanOrEqual(2);
    expect(one(referral, 'MessageHeader').resource).toMatchObject({ eventCoding: { code: 'servicerequest-request' }, definition: 'https://fhir.nhs.uk/MessageDefinition/bars-message-servicerequest-request-referral', focus: [{ reference: one(referral, 'ServiceRequest').fullUrl }] });
  });

  it('the ServiceRequest: active plan, referral + use case, based on the CarePlan, linked to the booked Appointment', () => {
    expect(one(referral, 'ServiceRequest').resource).toMatchObject({
      status: 'active',
      intent: 'plan',
      category: [{ coding: [{ code: 'referral' }, { code: 'a1t1' }] }],
      basedOn: [{ reference: one(referral, 'CarePlan').fullUrl }],
      encounter: { reference: one(referral, 'Encounter').fullUrl },
      requester: { reference: one(referral, 'Practitioner').fullUrl },
      performer: [{ reference: ofType(referral, 'Organization').find((o) => o.resource.name === facts.serviceName)?.fullUrl }, { reference: one(referral, 'HealthcareService').fullUrl }],
      supportingInfo: [{ reference: 'Appointment/rec-1' }],
    });
  });

  it('the CarePlan carries the Pathways disposition; the Encounter the journey; the Consent is for direct care', () => {
    expect(JSON.stringify(one(referral, 'CarePlan').resource)).toContain('{"system":"https://fhir.nhs.uk/CodeSystem/pathways-dx-codes","code":"DX02"');
    expect(one(referral, 'CarePlan').resource.status).toBe('completed');
    expect(one(referral, 'Encounter').resource).toMatchObject({ status: 'finished', class: { code: 'EMER' }, episodeOfCare: [{ identifier: { value: facts.journeyId } }] });
    expect(one(referral, 'Consent').resource).toMatchObject({ category: [{ coding: [{ code: 'DRC' }] }], policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMPLIED' }] } });
  });

  it('the call’s notes are the CarePlan’s clinical narrative, after the outcome, and appear nowhere else', () => {
    const notes = 'Fell from a ladder at 14:00, pain left wrist 7/10.\nNo head injury; on warfarin.';
    const withNotes = referralMessage({ requestId: '55555555-2222-4333-8444-555555555555', created: new Date('2026-10-16T08:05:00Z'), dosServiceId: '2000099999', useCase: 'a1t1', version: '2.1.0', facts: { ...facts, notes }, sender });
    const activity = (one(withNotes, 'CarePlan').resource.activity as { outcomeCodeableConcept: { text?: string; coding?: { code: string }[] }[] }[])[0];
    // REFREQ01's order: the coded DX outcome, then the narrative on its own.
    expect(activity?.outcomeCodeableConcept).toEqual([
      expect.objectContaining({ coding: [expect.objectContaining({ code: 'DX02' })], text: 'Pathways Assessment DX Code' }),
      { text: `ASSESSMENT OUTCOME: Dx02 Attend Emergency Treatment Centre within 1 hour\nNOTES:\n${notes}` },
    ]);
    const elsewhere = entries(withNotes).filter((e) => e.resource.resourceType !== 'CarePlan').map((e) => JSON.stringify(e.resource));
    expect(elsewhere.some((json) => json.includes('ladder'))).toBe(false);
    // Without notes the narrative (a MUST) is the outcome alone.
    const plain = (one(referral, 'CarePlan').resource.activity as { outcomeCodeableConcept: { text?: string }[] }[])[0]?.outcomeCodeableConcept[1]?.text;
    expect(plain).toBe('ASSESSMENT OUTCOME: Dx02 Attend Emergency Treatment Centre within 1 hour');
  });

  it('a revocation: reason update, status revoked with the reason, original fullUrl kept', () => {
    const r = referralRevocation({ requestId: '44444444-2222-4333-8444-555555555555', now: new Date(), dosServiceId: '2000099999', original: referral, appointmentId: 'sr-1', reason: 'Patient went to their GP', sender });
    expect(one(r, 'ServiceRequest')).toMatchObject({ fullUrl: one(referral, 'ServiceRequest').fullUrl, resource: { id: 'sr-1', status: 'revoked', reasonCode: [{ text: 'Patient went to their GP' }] } });
    expect(one(r, 'MessageHeader').resource).toMatchObject({ reason: { coding: [{ code: 'update' }] }, definition: 'https://fhir.nhs.uk/MessageDefinition/bars-message-servicerequest-request-cancelled' });
  });
});
