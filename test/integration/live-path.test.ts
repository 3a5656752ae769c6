import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../preload/contract';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import { ProviderClient, ProviderError, type ProviderClientOptions, type ProviderTarget } from '../../main/protocols/care-connect/provider';
import { bookabilityOf, DosClient } from '../../main/spine/dos';
import { SdsClient } from '../../main/spine/sds';
import { JwtFactory } from '../../main/spine/jwt';
import type { Slot } from '../../main/fhir';
import { MemoryAudit } from '../provider/fake-provider';
import { shouldRunSlapdTests, startSlapd, type SlapdHandle } from '../support/slapd';

const SLOT_SEARCH = 'urn:nhs:names:services:careconnect:fhir:rest:read:slot';
const RIVERSIDE = '2000012345';

/** The sandbox's SDS records as LDIF, so the live LDAP path sees the same data. */
function sdsLdif(records: SandboxHandle['sds']): string {
  const out = ['dn: o=nhs\nobjectClass: organization\no: nhs\n', 'dn: ou=services,o=nhs\nobjectClass: organizationalUnit\nou: services\n'];
  for (const as of records.as) {
    const lines = [`dn: uniqueIdentifier=${as.uniqueIdentifier},ou=services,o=nhs`, 'objectClass: nhsAs', `uniqueIdentifier: ${as.uniqueIdentifier}`];
    lines.push(`nhsMhsPartyKey: ${as.nhsMhsPartyKey}`, `nhsIDCode: ${as.nhsIDCode}`, ...as.nhsAsSvcIA.map((ia) => `nhsAsSvcIA: ${ia}`), '');
    out.push(lines.join('\n'));
  }
  records.mhs.forEach((mhs, i) => {
    const lines = [`dn: uniqueIdentifier=mhs-${i},ou=services,o=nhs`, 'objectClass: nhsMhs', `uniqueIdentifier: mhs-${i}`];
    lines.push(`nhsMhsPartyKey: ${mhs.nhsMhsPartyKey}`, `nhsMhsSvcIA: ${mhs.nhsMhsSvcIA}`, `nhsMhsEndPoint: ${mhs.nhsMhsEndPoint}`, '');
    out.push(lines.join('\n'));
  });
  return out.join('\n');
}

const patient: Patient = {
  given: 'Ada',
  family: 'Lovelace',
  birthDate: '1990-12-10',
  gender: 'female',
  address: { lines: ['1 High Street'], city: 'Leeds', postcode: 'LS1 1AA' },
  nhsNumber: '9434765919',
  nhsNumberVerified: true,
  telecom: [{ system: 'phone', value: '07700 900123', use: 'mobile', rank: 1 }],
  contacts: [],
};

describe.skipIf(!shouldRunSlapdTests())('live path: DoS → SDS (slapd) → SSP → sandbox Provider', () => {
  let sandbox: SandboxHandle;
  let slapd: SlapdHandle;
  let audit: MemoryAudit;
  let target: ProviderTarget;

  const client = (extra: Partial<ProviderClientOptions> = {}): ProviderClient =>
    new ProviderClient({
      sspBaseUrl: sandbox.sspBaseUrl,
      ourAsid: sandbox.ourAsid,
      jwt: new JwtFactory({
        system: {
          issuer: 'https://booking-workstation.test',
          device: { system: 'https://booking-workstation.test/device', value: 'WS-1', model: 'Booking Workstation', version: 'test' },
          organisation: { name: 'NHS 111 Test', odsCode: 'X99' },
          localUserSystem: 'https://booking-workstation.test/user',
        },
        user: () => ({ id: 'u-1', displayName: 'Test Clinician', sdsUserId: 'UNK', sdsRoleProfileId: 'UNK', localUserId: 'tclin' }),
      }),
      audit,
      logger: pino({ level: 'silent' }),
      allowInsecureLoopback: true,
      retryDelayMs: 10,
      ...extra,
    });

  const window = (): { start: Date; end: Date } => ({ start: new Date(), end: new Date(Date.now() + 24 * 3_600_000) });

  async function firstFreeSlot(c: ProviderClient): Promise<Slot> {
    const found = await c.searchSlots(target, window());
    const row = found.rows[0];
    const slot = row === undefined ? undefined : found.rawSlots.get(row.slotId);
    if (slot === undefined) throw new Error('the sandbox offered no slots');
    return slot;
  }

  beforeAll(async () => {
    sandbox = await startSandbox();
    slapd = await startSlapd(sdsLdif(sandbox.sds));
    const dosXml = readFileSync(new URL('../fixtures/dos/ccs-sandbox.xml', import.meta.url), 'utf8');
    sandbox.route('POST', '/dos', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' }).end(dosXml);
    });
  });
  afterAll(async () => {
    await slapd.stop();
    await sandbox.close();
  });
  beforeEach(async () => {
    sandbox.reset();
    audit = new MemoryAudit();
    // Discovery runs for every case: DoS fixture → bookability → SDS over LDAP.
    const dos = new DosClient({ url: `${sandbox.baseUrl}/dos`, username: 'nhs111', password: () => 'pw', capacity: { symptomGroup: 1011, symptomDiscriminators: [4003] } });
    const services = await dos.findServices({ dispositionCode: 'Dx05', postcode: 'LS1 4AP' });
    const service = services.find((s) => s.id === RIVERSIDE);
    const bookable = service === undefined ? undefined : bookabilityOf(service);
    if (bookable?.kind !== 'bookable') throw new Error('Riverside should be bookable');
    const sds = new SdsClient({ url: slapd.url, allowInsecureLoopback: true });
    const found = await sds.lookup(bookable.asid, SLOT_SEARCH);
    if (!found.ok) throw new Error(`SDS lookup failed: ${found.detail}`);
    target = { dosServiceId: RIVERSIDE, asid: found.asid, serviceRoot: found.serviceRoot, interactions: found.interactions };
  });

  it('searches slots with the joined rows', async () => {
    const result = await client().searchSlots(target, window());
    expect(result.rows.length).toBeGreaterThan(0);
    const row = result.rows[0];
    expect(row?.healthcareService).toBeDefined();
    expect(row?.location?.address?.lines.length).toBeGreaterThan(0);
    expect(audit.types()).toEqual(['provider.slot-search.attempt', 'provider.slot-search.outcome']);
  });

  it('books, reads and cancels', async () => {
    const c = client();
    const slot = await firstFreeSlot(c);
    const booked = await c.book(target, { slot, patient, reason: 'Dx05', documentId: crypto.randomUUID(), requestId: crypto.randomUUID() });
    if (booked.status !== 'booked') throw new Error('expected a booking');
    expect(booked.appointmentUrl).toMatch(new RegExp(`^${target.serviceRoot}/Appointment/`));
    expect((await c.read(target, booked.appointmentId)).appointment.status).toBe('booked');
    const cancelled = await c.cancel(target, booked.appointmentId);
    expect(cancelled.appointment.status).toBe('cancelled');
    expect((await c.read(target, booked.appointmentId)).appointment.status).toBe('cancelled');
  });

  it('retries a booking whose answer was lost with the same X-Request-ID: exactly one appointment', async () => {
    const c = client();
    const slot = await firstFreeSlot(c);
    sandbox.faults.set(RIVERSIDE, { kind: 'drop-after-commit', operation: 'book', times: 1 });
    const requestId = crypto.randomUUID();
    const booked = await c.book(target, { slot, patient, reason: 'Dx05', documentId: crypto.randomUUID(), requestId });
    expect(booked.status).toBe('booked');
    const attempts = audit.events.filter((e) => e.type === 'provider.book.attempt');
    expect(attempts.map((e) => e.requestId)).toEqual([requestId, requestId]);
    // The slot is held once: it is gone from a new search, and cancelling the one booking frees it.
    const after = await c.searchSlots(target, window());
    expect(after.rawSlots.has(slot.id ?? '')).toBe(false);
    if (booked.status === 'booked') await c.cancel(target, booked.appointmentId);
  });

  it('rebooks: books the new slot first, then cancels the old booking', async () => {
    const c = client();
    const found = await c.searchSlots(target, window());
    const [first, second] = found.rows.map((r) => found.rawSlots.get(r.slotId));
    if (first === undefined || second === undefined) throw new Error('need two slots');
    const old = await c.book(target, { slot: first, patient, reason: 'Dx05', documentId: crypto.randomUUID(), requestId: crypto.randomUUID() });
    const fresh = await c.book(target, { slot: second, patient, reason: 'Dx05', documentId: crypto.randomUUID(), requestId: crypto.randomUUID() });
    if (old.status !== 'booked' || fresh.status !== 'booked') throw new Error('both bookings should succeed');
    const cancelled = await c.cancel(target, old.appointmentId);
    expect(cancelled.appointment.status).toBe('cancelled');
    expect((await c.read(target, fresh.appointmentId)).appointment.status).toBe('booked');
  });

  it('a slot booked twice (new X-Request-ID) is slot-taken', async () => {
    const c = client();
    const slot = await firstFreeSlot(c);
    await c.book(target, { slot, patient, reason: 'Dx05', documentId: crypto.randomUUID(), requestId: crypto.randomUUID() });
    const error = await c.book(target, { slot, patient, reason: 'Dx05', documentId: crypto.randomUUID(), requestId: crypto.randomUUID() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('slot-taken');
  });

  it('LDAP down → SDS unreachable, no booking attempted', async () => {
    const sds = new SdsClient({ url: 'ldap://127.0.0.1:1', allowInsecureLoopback: true, connectTimeoutMs: 1_000 });
    expect(await sds.lookup(target.asid, SLOT_SEARCH)).toMatchObject({ ok: false, reason: 'unreachable' });
  });

  it('SDS without an MHS record for a DoS-bookable service → mhs-not-found', async () => {
    const sds = new SdsClient({ url: slapd.url, allowInsecureLoopback: true });
    expect(await sds.lookup('918999198004', SLOT_SEARCH)).toMatchObject({ ok: false, reason: 'mhs-not-found' });
  });

  it('Provider timeout → provider-timeout', async () => {
    sandbox.faults.set(RIVERSIDE, { kind: 'timeout', operation: 'search' });
    const error = await client({ timeouts: { search: 500 }, retries: { read: 0 } }).searchSlots(target, window()).catch((e: unknown) => e);
    expect((error as ProviderError).code).toBe('provider-timeout');
  });

  it('SSP 502 → provider-unavailable after bounded read retries', async () => {
    sandbox.faults.set(RIVERSIDE, { kind: 'ssp-502', operation: 'search' });
    const error = await client({ retries: { read: 1 } }).searchSlots(target, window()).catch((e: unknown) => e);
    expect((error as ProviderError).code).toBe('provider-unavailable');
    expect(audit.types().filter((t) => t.endsWith('.attempt'))).toHaveLength(2);
  });

  it('malformed bundle → provider-malformed', async () => {
    sandbox.faults.set(RIVERSIDE, { kind: 'malformed-json', operation: 'search' });
    const error = await client().searchSlots(target, window()).catch((e: unknown) => e);
    expect((error as ProviderError).code).toBe('provider-malformed');
  });

  it('a 20 MB bundle is aborted at the cap → provider-malformed', async () => {
    sandbox.faults.set(RIVERSIDE, { kind: 'huge-bundle', megabytes: 20, operation: 'search' });
    const error = await client({ maxResponseBytes: 10 * 1024 * 1024 }).searchSlots(target, window()).catch((e: unknown) => e);
    expect((error as ProviderError).kind).toBe('too-large');
    expect((error as ProviderError).code).toBe('provider-malformed');
  });
});
