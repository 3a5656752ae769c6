import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import { ALL_INCLUDES, ED, HUB, NO_SLOTS, OOH, UTC, call, claims, entries, jwt, providerRoot, slotQuery, slotsOf, SCOPE } from './fixtures';

const CHANNEL_URL = 'https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-DeliveryChannel-1';
let sandbox: SandboxHandle;
let riverside: string;
let hub: string;
let ooh: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  riverside = providerRoot(sandbox, 'riverside');
  hub = providerRoot(sandbox, 'hub');
  ooh = providerRoot(sandbox, 'ooh');
});
afterAll(() => sandbox.close());

const types = (bundle: Record<string, unknown>): string[] => entries(bundle).map((e) => e.resource.resourceType);

describe('slot search', () => {
  it('answers a searchset Bundle of free Slots with fullUrls and every include asked for', async () => {
    const res = await call(riverside, slotQuery(UTC));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/fhir+json;charset=utf-8');
    expect(res.json).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    for (const e of entries(res.json)) expect(e.fullUrl).toBe(`${riverside}/${e.resource.resourceType}/${e.resource.id}`);
    expect(new Set(types(res.json))).toEqual(new Set(['Slot', 'Schedule', 'Practitioner', 'PractitionerRole', 'HealthcareService', 'Location', 'Organization']));
    const slots = slotsOf(res.json);
    expect(slots.every((s) => s.status === 'free')).toBe(true);
    const service = entries(res.json).find((e) => e.resource.resourceType === 'HealthcareService')?.resource;
    expect(service?.id).toBe(UTC);
    const location = entries(res.json).find((e) => e.resource.resourceType === 'Location')?.resource as unknown as { address: { postalCode: string } };
    // The booking site, not the Trust's head office.
    expect(location.address.postalCode).toBe('LS10 1AB');
  });

  it('always has slots both inside and outside a 30-minute deadline at the 24/7 UTC', async () => {
    const res = await call(riverside, slotQuery(UTC, 24, ''));
    const starts = slotsOf(res.json).map((s) => Date.parse(String(s.start)));
    const deadline = Date.now() + 30 * 60_000;
    expect(starts.some((t) => t <= deadline)).toBe(true);
    expect(starts.some((t) => t > deadline)).toBe(true);
  });

  it('honours the include chain: without Slot:schedule no Schedule or its actors come back', async () => {
    const res = await call(riverside, slotQuery(UTC, 24, '_include:iterate=Schedule:actor:Practitioner'));
    expect(new Set(types(res.json))).toEqual(new Set(['Slot']));
    const partial = await call(riverside, slotQuery(UTC, 24, '_include=Slot:schedule'));
    expect(new Set(types(partial.json))).toEqual(new Set(['Slot', 'Schedule']));
  });

  it('a service whose Provider ignores includes returns Slots only', async () => {
    const res = await call(riverside, slotQuery(ED));
    expect(res.status).toBe(200);
    expect(slotsOf(res.json).length).toBeGreaterThan(0);
    expect(new Set(types(res.json))).toEqual(new Set(['Slot']));
  });

  it('a Provider that over-answers adds an Organization and a Device nobody asked for', async () => {
    const res = await call(hub, slotQuery(HUB, 24 * 7, '_include=Slot:schedule'));
    expect(types(res.json)).toContain('Device');
    expect(types(res.json).filter((t) => t === 'Organization').length).toBeGreaterThanOrEqual(1);
  });

  it('returns the GP and the nurse diary of the hub in one reply', async () => {
    const res = await call(hub, slotQuery(HUB));
    const schedules = new Set(slotsOf(res.json).map((s) => (s.schedule as { reference: string }).reference));
    expect(schedules).toEqual(new Set(['Schedule/sch-ngh-gp', 'Schedule/sch-ngh-nurse']));
    const roles = entries(res.json).filter((e) => e.resource.resourceType === 'PractitionerRole');
    expect(roles).toHaveLength(2);
  });

  it('carries the delivery channel on some slots and never defaults it on others', async () => {
    const utc = slotsOf((await call(riverside, slotQuery(UTC, 24, ''))).json);
    const channel = (s: Record<string, unknown>): unknown => (s.extension as { url: string; valueCode: string }[] | undefined)?.find((e) => e.url === CHANNEL_URL)?.valueCode;
    expect(utc.some((s) => channel(s) === 'In-person')).toBe(true);
    expect(utc.some((s) => s.extension === undefined)).toBe(true);
    const remote = slotsOf((await call(ooh, slotQuery(OOH))).json).map(channel);
    expect(new Set(remote)).toEqual(new Set(['Telephone', 'Video']));
  });

  it('answers 200 with no Slots and an OperationOutcome saying why for a full service', async () => {
    const res = await call(ooh, slotQuery(NO_SLOTS));
    expect(res.status).toBe(200);
    expect(slotsOf(res.json)).toHaveLength(0);
    const outcome = entries(res.json).find((e) => e.resource.resourceType === 'OperationOutcome');
    expect(outcome?.search?.mode).toBe('outcome');
  });

  it('rejects a search without the service or the latest start (400) and an unknown service (404)', async () => {
    const noService = await call(riverside, `/Slot?status=free&start=le${new Date(Date.now() + 3_600_000).toISOString()}`);
    expect(noService.status).toBe(400);
    expect(noService.json).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', details: { coding: [{ code: 'INVALID_PARAMETER' }] } }] });
    const noUpper = await call(riverside, `/Slot?schedule.actor:healthcareservice=${UTC}&start=ge${new Date().toISOString()}`);
    expect(noUpper.status).toBe(400);
    const unknown = await call(riverside, slotQuery('2999999999'));
    expect(unknown.status).toBe(404);
    expect((unknown.json.issue as { details: { coding: { code: string }[] } }[])[0]?.details.coding[0]?.code).toBe('NO_RECORD_FOUND');
    // A service of another Provider system is unknown here.
    expect((await call(riverside, slotQuery(HUB))).status).toBe(404);
  });

  it('refuses XML (406), unknown resources (404) and wrong methods (405) with OperationOutcomes', async () => {
    const xml = await call(riverside, slotQuery(UTC), { headers: { Accept: 'application/fhir+xml' } });
    expect(xml.status).toBe(406);
    expect(xml.json.resourceType).toBe('OperationOutcome');
    expect((await call(riverside, `/Patient?identifier=x`)).status).toBe(404);
    expect((await call(riverside, `/Slot`, { method: 'DELETE' })).status).toBe(405);
  });

  it('serves a truthful CapabilityStatement with the slot.read scope', async () => {
    const res = await call(riverside, '/metadata');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '3.0.1', format: ['application/fhir+json'], implementation: { url: riverside } });
    const wrongScope = await call(riverside, '/metadata', { token: jwt(claims(riverside, SCOPE.read)) });
    expect(wrongScope.status).toBe(403);
  });

  it('echoes X-Request-ID and sets X-Correlation-ID', async () => {
    const id = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const res = await call(riverside, slotQuery(UTC, 1, ALL_INCLUDES), { requestId: id });
    expect(res.headers.get('x-request-id')).toBe(id);
    expect(res.headers.get('x-correlation-id')).toBe(id);
  });
});
