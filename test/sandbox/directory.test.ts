import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ED, HUB, UTC, appointmentFor, call, firstFreeSlot, providerRoot, SCOPE } from './fixtures';

const READ_SLOT = 'urn:nhs:names:services:careconnect:fhir:rest:read:slot';
let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

const asidOf = (address: string): string => address.replace(/^ASID:/, '');

describe('service directory (DoS-shaped)', () => {
  it('ranks every service 1..n, differently per disposition', async () => {
    const primary = await sandbox.directory.findServices({ dispositionCode: 'Dx05', postcode: 'LS1 4AP' });
    expect(primary.map((s) => s.rank)).toEqual(primary.map((_, i) => i + 1));
    expect(primary[0]?.id).toBe(HUB);
    const emergency = await sandbox.directory.findServices({ dispositionCode: 'Dx02', postcode: 'LS1 4AP' });
    expect(emergency[0]?.id).toBe(ED);
  });

  it('gives booking services a Scheduling endpoint with the ASID, and ITK endpoints on the sandbox', async () => {
    const utc = await sandbox.directory.getService(UTC);
    const scheduling = utc?.endpoints.filter((e) => e.transport === 'http' && e.format === 'FHIR' && e.interaction === 'Scheduling');
    expect(scheduling).toHaveLength(1);
    expect(scheduling?.[0]?.address).toMatch(/^ASID:\d{12}$/);
    expect(utc?.endpoints.find((e) => e.transport === 'itk')?.address).toBe(`${sandbox.baseUrl}/itk/${UTC}`);
    expect((await sandbox.directory.getService(HUB))?.endpoints[0]?.address).toMatch(/^\d{12}$/);
    const referralOnly = await sandbox.directory.getService('2000067890');
    expect(referralOnly?.endpoints.some((e) => e.interaction === 'Scheduling')).toBe(false);
    expect((await sandbox.directory.getService('2000056789'))?.requireBooking).toBe('true');
    expect(await sandbox.directory.getService('1')).toBeUndefined();
  });
});

describe('endpoint directory (SDS-shaped)', () => {
  it('resolves a good ASID to the Provider service root', async () => {
    const utc = await sandbox.directory.getService(UTC);
    const found = await sandbox.endpoints.lookup(asidOf(utc?.endpoints[0]?.address ?? ''), READ_SLOT);
    expect(found).toMatchObject({ ok: true, serviceRoot: sandbox.providers[0]?.serviceRoot });
    if (found.ok) expect(found.interactions).toContain(READ_SLOT);
  });

  it.each([
    ['918999198004', 'mhs-not-found'],
    ['918999198005', 'invalid-endpoint'],
    ['918999198006', 'gp-connect-only'],
    ['918999198999', 'as-not-found'],
  ])('fails for ASID %s with %s', async (asid, reason) => {
    expect(await sandbox.endpoints.lookup(asid, READ_SLOT)).toMatchObject({ ok: false, reason });
  });

  it('has no MHS record for an interaction the AS does not list', async () => {
    expect(await sandbox.endpoints.lookup('918999198001', 'urn:nhs:names:services:careconnect:fhir:rest:search:slot')).toMatchObject({ ok: false, reason: 'mhs-not-found' });
  });
});

describe('state', () => {
  it('keeps a file-backed state across restarts and --reset restores the seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-'));
    const dbPath = join(dir, 'state.sqlite');
    let s = await startSandbox({ dbPath, port: 0 });
    const root = providerRoot(s, 'riverside');
    const slot = await firstFreeSlot(root, UTC);
    const booked = await call(root, '/Appointment', { method: 'POST', body: appointmentFor(slot) });
    await s.close();
    s = await startSandbox({ dbPath, port: 0 });
    const root2 = providerRoot(s, 'riverside');
    expect((await call(root2, `/Appointment/${String(booked.json.id)}`, { scope: SCOPE.read })).status).toBe(200);
    s.reset();
    expect((await call(root2, `/Appointment/${String(booked.json.id)}`, { scope: SCOPE.read })).status).toBe(404);
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
