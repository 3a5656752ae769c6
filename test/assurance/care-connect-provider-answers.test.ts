/**
 * NHS England's Care Connect provider assurance script says what an assured Provider answers
 * (/work/shared/spec/care-connect-provider-assurance.md). Each row whose answer the consumer reads
 * is sent here by a stand-in Provider exactly as the row words it, and the client's reading is
 * checked: what the clinician is offered or told. Rows about the Provider's own inside (P5 audit,
 * P8 CapabilityStatement, P10 its service mapping, P24/P25/P27 its storage, P35 its logs, P38–P42
 * its reports) have no answer for the consumer to read.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../preload/contract';
import type { Slot } from '../../main/fhir';
import { ProviderClient, ProviderError, type ProviderTarget } from '../../main/protocols/care-connect/provider';
import { FakeProvider, fhir, MemoryAudit, testJwt } from '../provider/fake-provider';

const SLOT_PROFILE = 'https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Slot-1';
const window = { start: new Date('2026-01-05T08:00:00Z'), end: new Date('2026-01-05T14:00:00Z') };
const slot: Slot = { resourceType: 'Slot', id: 's1', schedule: { reference: 'Schedule/1' }, status: 'free', start: '2026-01-05T10:30:00+00:00', end: '2026-01-05T10:40:00+00:00' };
const patient: Patient = { given: 'Ada', family: 'Lovelace', birthDate: '1990-12-10', gender: 'female', address: { lines: ['1 High Street'], postcode: 'LS1 1AA' }, telecom: [{ system: 'phone', value: '07700 900123', use: 'mobile', rank: 1 }], contacts: [] };
const bookRequest = { slot, patient, reason: 'Dx05', documentId: '0b1c2d3e-4f50-4617-8899-aabbccddeeff', requestId: '6f1c1a4e-5d2b-4e7f-9a0b-1c2d3e4f5a6b' };

let fake: FakeProvider;
let target: ProviderTarget;
beforeAll(async () => {
  fake = await FakeProvider.start();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  target = { dosServiceId: '1001234567', asid: '918999198738', serviceRoot: fake.serviceRoot, interactions: [] };
});

const client = (): ProviderClient =>
  new ProviderClient({ sspBaseUrl: fake.sspBaseUrl, ourAsid: '200000000359', jwt: testJwt, audit: new MemoryAudit(), allowInsecureLoopback: true, retryDelayMs: 1, retries: { read: 0, bookLostAnswer: 0 }, timeouts: { search: 2_000, book: 2_000, read: 2_000, cancel: 2_000 } });

async function refusal(call: () => Promise<unknown>): Promise<ProviderError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

/** The OperationOutcome P36 asks for: an id, one issue with severity and code, nothing Spine-specific. */
const outcome = (code: string, diagnostics?: string): Record<string, unknown> => ({ resourceType: 'OperationOutcome', id: 'oo-1', issue: [{ severity: 'error', code, ...(diagnostics === undefined ? {} : { diagnostics }) }] });

/** A Slot as P14 says every returned Slot is: the CareConnect profile, a Schedule, start, end, free. */
const slotEntry = (id: string, start: string, end: string, schedule = 'Schedule/sched-1'): Record<string, unknown> => ({
  fullUrl: `${fake.serviceRoot}/Slot/${id}`,
  resource: { resourceType: 'Slot', id, meta: { profile: [SLOT_PROFILE] }, schedule: { reference: schedule }, status: 'free', start, end },
  search: { mode: 'match' },
});
const include = (resource: Record<string, unknown>): Record<string, unknown> => ({ fullUrl: `${fake.serviceRoot}/${String(resource.resourceType)}/${String(resource.id)}`, resource, search: { mode: 'include' } });
const searchset = (entry: Record<string, unknown>[]): Record<string, unknown> => ({ resourceType: 'Bundle', type: 'searchset', total: entry.length, entry });
const service = { resourceType: 'HealthcareService', id: 'hs-1', name: 'Riverside Urgent Treatment Centre', providedBy: { reference: 'Organization/org-1' } };
const schedule = { resourceType: 'Schedule', id: 'sched-1', actor: [{ reference: 'HealthcareService/hs-1' }, { reference: 'Practitioner/pr-1' }, { reference: 'PractitionerRole/role-1' }] };

describe('Care Connect provider script: the client reads each answer an assured Provider gives', () => {
  it.each([
    ['P1 (a JWT with a missing mandatory claim)'],
    ['P2 (an expired JWT)'],
    ['P3 (a wrong audience claim)'],
    ['P4 (a scope that does not match the operation)'],
    ['P7 (an organisation not permitted to book)'],
  ])('%s: 401 with an OperationOutcome is "not authorised", asked once, told plainly', async () => {
    fake.handler = (_req, res) => fhir(res, 401, outcome('security', 'JWT rejected'));
    const error = await refusal(() => client().book(target, bookRequest));
    expect(error).toMatchObject({ status: 401, code: 'not-authorised' });
    expect(fake.seen).toHaveLength(1);
    expect(error.userMessage).not.toMatch(/401|security|JWT/);
  });

  it('P9 Formats: JSON is asked for (Accept) and the JSON answer is read', async () => {
    fake.handler = (_req, res) => fhir(res, 200, searchset([slotEntry('a', '2026-01-05T10:00:00+00:00', '2026-01-05T10:10:00+00:00'), include(schedule), include(service)]));
    const found = await client().searchSlots(target, window);
    expect(fake.seen[0]?.headers.accept).toBe('application/fhir+json');
    expect(found.rows.map((r) => r.slotId)).toEqual(['a']);
  });

  it('P11–P13 Create response: slots sharing one Schedule included once, its actor the HealthcareService, are all offered under that service', async () => {
    const slots = ['10:00', '10:10', '10:20'].map((t, i) => slotEntry(`s${String(i)}`, `2026-01-05T${t}:00+00:00`, `2026-01-05T${t.slice(0, 3)}${String(Number(t.slice(3)) + 10)}:00+00:00`));
    fake.handler = (_req, res) => fhir(res, 200, searchset([...slots, include(schedule), include(service)]));
    const found = await client().searchSlots(target, window);
    expect(found.rows.map((r) => [r.slotId, r.healthcareService, r.scheduleId])).toEqual([
      ['s0', service.name, 'sched-1'],
      ['s1', service.name, 'sched-1'],
      ['s2', service.name, 'sched-1'],
    ]);
  });

  it('P14 Create response: a Slot with its profile, Schedule, start, end and status free is offered at those times; one without its Schedule or start is not', async () => {
    const noSchedule = slotEntry('no-schedule', '2026-01-05T11:00:00+00:00', '2026-01-05T11:10:00+00:00');
    delete (noSchedule.resource as Record<string, unknown>).schedule;
    const noStart = slotEntry('no-start', '2026-01-05T11:20:00+00:00', '2026-01-05T11:30:00+00:00');
    delete (noStart.resource as Record<string, unknown>).start;
    fake.handler = (_req, res) => fhir(res, 200, searchset([slotEntry('good', '2026-01-05T10:30:00+00:00', '2026-01-05T10:40:00+00:00'), noSchedule, noStart, include(schedule), include(service)]));
    const found = await client().searchSlots(target, window);
    expect(found.rows.map((r) => [r.slotId, Date.parse(r.start), Date.parse(r.end)])).toEqual([['good', Date.parse('2026-01-05T10:30:00Z'), Date.parse('2026-01-05T10:40:00Z')]]);
    expect(found.skipped).toMatchObject({ unreadable: 2 });
  });

  it('P19 Create response: the included Practitioner, PractitionerRole and providedBy Organization are shown with the slot', async () => {
    const practitioner = { resourceType: 'Practitioner', id: 'pr-1', name: [{ family: 'Iqbal', given: ['Sana'] }], gender: 'female' };
    const role = { resourceType: 'PractitionerRole', id: 'role-1', code: [{ text: 'Advanced Nurse Practitioner' }] };
    const organisation = { resourceType: 'Organization', id: 'org-1', name: 'Riverside NHS Trust' };
    fake.handler = (_req, res) => fhir(res, 200, searchset([slotEntry('a', '2026-01-05T10:00:00+00:00', '2026-01-05T10:10:00+00:00'), include(schedule), include(service), include(practitioner), include(role), include(organisation)]));
    const [row] = (await client().searchSlots(target, window)).rows;
    expect(row).toMatchObject({ practitioner: { gender: 'female' }, practitionerRole: 'Advanced Nurse Practitioner', organisation: 'Riverside NHS Trust' });
    expect(row?.practitioner?.name).toContain('Iqbal');
  });

  it('P26 Book appointment: 201 with the booked Appointment and its new id in the body (no Location header) is booked under that id', async () => {
    fake.handler = (req, res) => fhir(res, 201, { ...(JSON.parse(req.body) as object), id: '5c1b7e0e-1f0a-4d8e-9b1e-2f6d3c4b5a69', meta: { versionId: '1' } });
    const booked = await client().book(target, bookRequest);
    expect(booked).toMatchObject({ status: 'booked', appointmentId: '5c1b7e0e-1f0a-4d8e-9b1e-2f6d3c4b5a69', version: '1' });
  });

  it('P29 Book appointment: 422, one issue error/processing "Slot no longer available", is told as the slot being taken', async () => {
    fake.handler = (_req, res) => fhir(res, 422, outcome('processing', 'Slot no longer available'));
    const error = await refusal(() => client().book(target, bookRequest));
    expect(error).toMatchObject({ status: 422, code: 'slot-taken' });
    expect(fake.seen).toHaveLength(1);
  });

  it('P31 Cancel appointment: 200 with Last-Modified and an ETag carrying the new versionId is cancelled at that version', async () => {
    const stored = { resourceType: 'Appointment', id: 'a1', status: 'booked', start: slot.start, end: slot.end, participant: [{ status: 'accepted' }] };
    fake.handler = (req, res) =>
      req.method === 'GET'
        ? fhir(res, 200, stored, { ETag: 'W/"2"' })
        : fhir(res, 200, { ...(JSON.parse(req.body) as object) }, { ETag: 'W/"3"', 'Last-Modified': 'Mon, 05 Jan 2026 10:00:00 GMT' });
    const cancelled = await client().cancel(target, 'a1');
    expect(cancelled).toMatchObject({ version: '3', appointment: { status: 'cancelled' } });
    expect(fake.seen[1]?.headers['if-match']).toBe('W/"2"');
  });

  it.each([
    [400, 'invalid', 'provider-rejected'],
    [404, 'not-found', 'not-found'],
    [500, 'exception', 'provider-unavailable'],
  ] as const)('P36 On error: %i with an OperationOutcome of id, severity and code only is read, and told plainly', async (status, code, kind) => {
    fake.handler = (_req, res) => fhir(res, status, outcome(code));
    const error = await refusal(() => client().searchSlots(target, window));
    expect(error).toMatchObject({ status, code: kind, outcome: { resourceType: 'OperationOutcome', id: 'oo-1' } });
    expect(error.userMessage).not.toContain(code);
    expect(error.userMessage).not.toContain(String(status));
  });
});
