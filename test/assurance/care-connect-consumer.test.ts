/**
 * NHS England's Care Connect consumer assurance script (rows C1–C31), one test per row, in the
 * script's words. Each drives the running app (sandbox mode) the way the scenario reads: a DoS
 * CheckCapacitySummary answer in DoS's own XML and attribute names (read by the real DoS client),
 * SDS over LDAP (a real slapd holding the sandbox's records and the script's broken ones, read by
 * the real SDS client), and the SSP and Provider of the sandbox. What the app puts on the wire to
 * the SSP is recorded below the Provider client, so headers, URL and JWT are checked as sent.
 */
import type * as Transport from '../../main/spine/ssp/transport';
import type { RawRequest } from '../../main/spine/ssp/transport';

// Every request the app sends through the SSP, as sent (vi.mock is hoisted above the imports).
const wire = vi.hoisted(() => ({ sent: [] as { method: string; url: string; headers: Record<string, string> }[] }));
vi.mock('../../main/spine/ssp/transport', async (importOriginal) => {
  const original = await importOriginal<typeof Transport>();
  return {
    ...original,
    send: (req: RawRequest) => {
      wire.sent.push({ method: req.method, url: req.url, headers: req.headers });
      return original.send(req);
    },
  };
});

import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Case, ServiceOffer, SlotSearchResult } from '../../preload/contract';
import { ProviderClient } from '../../main/protocols/care-connect/provider';
import { dosAttributesOf } from '../../main/sandbox/directory/service-directory';
import { SEED_SERVICES } from '../../main/sandbox/seed/catalogue';
import { DosClient } from '../../main/spine/dos';
import { SdsClient } from '../../main/spine/sds';
import { caseReference } from '../../main/workflow/references';
import type { DosService } from '../../main/workflow/ports';
import { FakeProvider, fhir, MemoryAudit, testJwt } from '../provider/fake-provider';
import { makeSlotBundle } from '../fixtures/fhir/make-bundle';
import { testClock } from '../support/clock';
import { patientWithNhsNumber } from '../support/patients';
import { shouldRunSlapdTests, startSlapd, type SlapdHandle } from '../support/slapd';
import { BookingApp } from '../workflow/support/booking-app';
import { checkCapacitySummaryResponse, itkEndpoint, schedulingEndpoint, type ScriptService } from './support/dos-answer';
import { ASID, CREATE_APPOINTMENT, READ_SLOT, scriptRecords, sdsLdif } from './support/sds-ldif';
import { startCase } from '../support/start-case';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The sandbox's 24/7 urgent treatment centre and its Provider's ASID: slots at any hour. */
const RIVERSIDE = { id: '2000012345', name: 'Riverside Urgent Treatment Centre', asid: '918999198001' };
const NOT_BOOKABLE_ID = '2000099001';

describe.skipIf(!shouldRunSlapdTests())('Care Connect consumer assurance script (C1–C31)', () => {
  const t = new BookingApp(undefined, { clock: testClock() });
  const fake = { provider: undefined as FakeProvider | undefined };
  let slapd: SlapdHandle;
  let dosAnswer: ScriptService[] = [];
  let listed: DosService[] = [];
  const sdsAsked: { asid: string; interaction: string }[] = [];
  const sdsLog: { msg?: string; asid?: string; reason?: string }[] = [];
  let spaceRoot = '';

  beforeAll(async () => {
    await t.open();
    const sandbox = t.sandbox();
    fake.provider = await FakeProvider.start();
    spaceRoot = `${fake.provider.serviceRoot} booking/STU3`;
    slapd = await startSlapd(sdsLdif(sandbox.sds, scriptRecords(spaceRoot)));
    // SDS: the app's endpoint lookups go over LDAP to slapd through the live SDS client.
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        sdsLog.push(JSON.parse(chunk.toString()) as { msg?: string; asid?: string });
        done();
      },
    });
    const sds = new SdsClient({ url: slapd.url, allowInsecureLoopback: true, cacheTtlMs: 0, failureCacheTtlMs: 0, logger: pino(sink) });
    vi.spyOn(sandbox.endpoints, 'lookup').mockImplementation((asid, interaction) => {
      sdsAsked.push({ asid, interaction });
      return sds.lookup(asid, interaction);
    });
    // DoS: the scenario's CheckCapacitySummary XML, served over HTTP and read by the live DoS client.
    sandbox.route('POST', '/assurance-dos', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/soap+xml; charset=utf-8' }).end(checkCapacitySummaryResponse(dosAnswer));
    });
    const dos = new DosClient({ url: `${sandbox.baseUrl}/assurance-dos`, username: 'assurance', password: () => 'pw', capacity: { symptomGroup: 1011, symptomDiscriminators: [4003] } });
    vi.spyOn(sandbox.directory, 'findServices').mockImplementation(async (query) => (listed = await dos.findServices(query)));
    vi.spyOn(sandbox.directory, 'getService').mockImplementation((id) => Promise.resolve(listed.find((s) => s.id === id)));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await t.close();
    await slapd.stop();
    await fake.provider?.close();
    rmSync(t.dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    wire.sent.length = 0;
    sdsAsked.length = 0;
    sdsLog.length = 0;
    t.sandbox().reset();
  });

  const itk = (id: string): ReturnType<typeof itkEndpoint> => itkEndpoint(`${t.sandbox().baseUrl}/itk/${id}`);

  /** A DoS service in the script's shape: a Scheduling endpoint for `asid` (when given), an ITK endpoint, `attributes`. */
  function service(id: string, asid: string | undefined, attributes: [string, string][] = [], name = RIVERSIDE.name): ScriptService {
    return { id, name, endpoints: [...(asid === undefined ? [] : [schedulingEndpoint(`ASID:${asid}`)]), itk(id)], attributes };
  }

  /** At the end of the workflow DoS is asked, returns `services`, and the user selects `chosenId`. */
  async function selectFromDos(services: ScriptService[], chosenId: string): Promise<{ caseId: string; offer: ServiceOffer; services: ServiceOffer[]; chosen: Case }> {
    dosAnswer = services;
    const opened = await startCase((channel, request) => t.ok(channel, request), { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' });
    const { services: offers } = await t.ok<{ services: ServiceOffer[] }>('directory:services', { caseId: opened.id });
    const offer = offers.find((s) => s.serviceId === chosenId);
    if (offer === undefined) throw new Error(`DoS service ${chosenId} was not offered`);
    const chosen = await t.ok<Case>('case:chooseService', { caseId: opened.id, serviceId: chosenId });
    return { caseId: opened.id, offer, services: offers, chosen };
  }

  /** The existing workflow for a service without booking: the referral goes, over ITK. */
  async function referralIsSent(caseId: string): Promise<void> {
    const sent = await t.ok<{ referral: { status: string; bookingId?: string } }>('referral:send', { caseId });
    expect(sent.referral.status).toBe('sent');
    expect(sent.referral.bookingId).toBeUndefined();
  }

  /** Why the app left a service unbookable, as its audit trail recorded it. */
  function offeredReason(caseId: string, serviceId: string): string | undefined {
    const event = t.auditEvents(caseId, 'services.offered').at(-1);
    const services = (JSON.parse(event?.detail ?? '{}') as { services?: { serviceId: string; reason?: string }[] }).services ?? [];
    return services.find((s) => s.serviceId === serviceId)?.reason;
  }

  const sdsFailureLogged = (asid: string): string | undefined => sdsLog.find((l) => l.msg === 'SDS lookup failed' && l.asid === asid)?.reason;

  /** Every request the app sent through the SSP (the ITK referral goes elsewhere). */
  const sspCalls = (): { method: string; url: string; headers: Record<string, string> }[] => wire.sent.filter((r) => r.url.startsWith(`${t.sandbox().sspBaseUrl}/`));

  /** The SSP requests of one Provider operation, as the app sent them. */
  const sentTo = (path: RegExp, method = 'GET'): { method: string; url: string; headers: Record<string, string> }[] =>
    sspCalls().filter((r) => r.method === method && path.test(new URL(r.url).pathname));

  function claimsOf(request: { headers: Record<string, string> } | undefined): Record<string, unknown> {
    const token = (request?.headers.Authorization ?? '').replace(/^Bearer /, '');
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
  }

  /** Selects Riverside from DoS, clicks "Appointment", and returns the search the app made. */
  async function searchAtRiverside(attributes: [string, string][] = []): Promise<{ caseId: string; result: SlotSearchResult; request: URL; headers: Record<string, string> }> {
    const { caseId } = await selectFromDos([service(RIVERSIDE.id, RIVERSIDE.asid, attributes)], RIVERSIDE.id);
    const result = await t.ok<SlotSearchResult>('slots:search', { caseId });
    const sent = sentTo(/\/Slot$/).at(-1);
    if (sent === undefined) throw new Error('no slot search went to the SSP');
    return { caseId, result, request: new URL(sent.url), headers: sent.headers };
  }

  async function bookFirstSlot(caseId: string, result: SlotSearchResult): Promise<string> {
    const slot = result.slots.find((s) => !s.outsideTimeframe) ?? result.slots[0];
    if (slot === undefined) throw new Error('the sandbox offered no slots');
    const booked = await t.book(caseId, slot.slotId);
    const booking = booked.case.bookings.find((b) => b.id === booked.bookingId);
    if (booking === undefined) throw new Error('no appointment in the answer');
    expect(booking.status).toBe('booked');
    return booking.id;
  }

  const providerRoot = (): string => t.sandbox().providers.find((p) => p.asid === RIVERSIDE.asid)?.serviceRoot ?? '';

  it('C1 Use booking interface from DoS: the ASID of the endpoint with transport "HTTP", format "FHIR", interaction "Scheduling" is stored for appointment messaging', async () => {
    const { offer, chosen } = await selectFromDos([service(NOT_BOOKABLE_ID, undefined), service(RIVERSIDE.id, RIVERSIDE.asid)], RIVERSIDE.id);
    expect(offer.booking).toEqual({ status: 'bookable', asid: RIVERSIDE.asid });
    expect(chosen.service?.booking).toEqual({ status: 'bookable', asid: RIVERSIDE.asid });
    // Stored for appointment messaging: the appointment button's search goes to that ASID.
    await t.ok<SlotSearchResult>('slots:search', { caseId: chosen.id });
    expect(sentTo(/\/Slot$/).at(-1)?.headers['Ssp-To']).toBe(RIVERSIDE.asid);
  });

  it('C2 "Booking Only" attribute not present: no appointment is booked, the option to refer is still given and the referral is sent', async () => {
    const { caseId, offer, chosen } = await selectFromDos([service(RIVERSIDE.id, RIVERSIDE.asid, [])], RIVERSIDE.id);
    expect(offer.bookingOnly).toBe(false);
    expect(chosen.referralAllowed).toBe(true);
    await referralIsSent(caseId);
  });

  it('C3 "Booking Only" attribute REQUIRESAPPOINTMENT=Y: the option to refer is not given until the user books an appointment', async () => {
    const { caseId, offer, chosen } = await selectFromDos([service(RIVERSIDE.id, RIVERSIDE.asid, [['REQUIRESAPPOINTMENT', 'Y']])], RIVERSIDE.id);
    expect(offer.bookingOnly).toBe(true);
    expect(chosen.referralAllowed).toBe(false);
    expect(chosen.referralBlockedReason).toContain('only accepts patients with a booked appointment');
    const received = t.sandbox().itk.documents().length;
    const refused = await t.call('referral:send', { caseId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'referral-blocked' } });
    expect(t.sandbox().itk.documents()).toHaveLength(received);
    // The user must book to continue; then the referral goes.
    const result = await t.ok<SlotSearchResult>('slots:search', { caseId });
    await bookFirstSlot(caseId, result);
    expect((await t.caseOf(caseId)).referralAllowed).toBe(true);
    const sent = await t.ok<{ referral: { status: string } }>('referral:send', { caseId });
    expect(sent.referral.status).toBe('sent');
  });

  it.each([['REQUIRESAPPOINTMENT', 'true'], ['REQUIRESAPPOINTMENT', 'TRUE'], ['REQUIRESAPPOINTMENT', 'yes'], ['REQUIREAPPOINTMENT', 'Y'], ['requirebooking', 'true']])(
    'C3 (any spelling DoS uses) %s=%s is booking only too',
    async (name, value) => {
      const { chosen } = await selectFromDos([service(RIVERSIDE.id, RIVERSIDE.asid, [[name, value]])], RIVERSIDE.id);
      expect(chosen.referralAllowed).toBe(false);
    },
  );

  it('C3 (the sandbox\'s DoS) writes the booking-only service as REQUIRESAPPOINTMENT=Y', () => {
    const bookingOnly = SEED_SERVICES.filter((s) => s.requireBooking === 'true');
    expect(bookingOnly.length).toBeGreaterThan(0);
    for (const s of bookingOnly) expect(dosAttributesOf(s)).toEqual([{ name: 'REQUIRESAPPOINTMENT', value: 'Y' }]);
  });

  it('C4 "Booking Only" attribute REQUIRESAPPOINTMENT=N: no appointment is booked, the option to refer is still given and the referral is sent', async () => {
    const { caseId, offer, chosen } = await selectFromDos([service(RIVERSIDE.id, RIVERSIDE.asid, [['REQUIRESAPPOINTMENT', 'N']])], RIVERSIDE.id);
    expect(offer.bookingOnly).toBe(false);
    expect(chosen.referralAllowed).toBe(true);
    await referralIsSent(caseId);
  });

  it('C6 Use correct ASID in DoS record: the ASID is extracted correctly, with or without the "ASID:" prefix; an address that is no ASID is not guessed at', async () => {
    const bare = { ...service('2000099061', undefined), endpoints: [schedulingEndpoint(` ${RIVERSIDE.asid} `), itk('2000099061')] };
    const prefixed = { ...service('2000099062', undefined), endpoints: [schedulingEndpoint(`asid:${RIVERSIDE.asid}`), itk('2000099062')] };
    const wrong = { ...service('2000099063', undefined), endpoints: [schedulingEndpoint('https://riverside.example.nhs.uk/fhir'), itk('2000099063')] };
    const { services } = await selectFromDos([bare, prefixed, wrong], bare.id);
    expect(services.map((s) => s.booking.status === 'bookable' ? s.booking.asid : s.booking.reason)).toEqual([RIVERSIDE.asid, RIVERSIDE.asid, 'misconfigured']);
    expect(sdsAsked.filter((a) => a.interaction === READ_SLOT).map((a) => a.asid)).toEqual([RIVERSIDE.asid, RIVERSIDE.asid]);
  });

  it('C7 More than one ASID (two HTTP/FHIR/Scheduling endpoints): the consumer halts and displays an error to the user', async () => {
    const twice = { ...service('2000099071', undefined), endpoints: [schedulingEndpoint(`ASID:${RIVERSIDE.asid}`), schedulingEndpoint('ASID:918999198002'), itk('2000099071')] };
    const { caseId, offer } = await selectFromDos([twice], twice.id);
    expect(offer.booking).toMatchObject({ status: 'not-bookable', reason: 'misconfigured', message: expect.stringMatching(/set up wrongly/) as string });
    expect(sdsAsked).toEqual([]);
    const search = await t.call('slots:search', { caseId });
    expect(search).toMatchObject({ ok: false, error: { code: 'booking-not-available', message: expect.stringMatching(/set up wrongly/) as string } });
    expect(sspCalls()).toEqual([]);
    expect(offeredReason(caseId, twice.id)).toMatch(/2 Scheduling endpoints/);
  });

  it('C8 No ASID (no HTTP/FHIR/Scheduling endpoint): the consumer continues with the workflow for no booking endpoint', async () => {
    const { caseId, offer, chosen } = await selectFromDos([service(NOT_BOOKABLE_ID, undefined)], NOT_BOOKABLE_ID);
    expect(offer.booking).toMatchObject({ status: 'not-bookable', reason: 'no-endpoint' });
    expect(sdsAsked).toEqual([]);
    expect(chosen.referralAllowed).toBe(true);
    await referralIsSent(caseId);
  });

  it('C9 Use ASID in SDS lookups: the Scheduling endpoint\'s ASID is looked up in SDS and its address stored for appointment messaging', async () => {
    const { caseId } = await selectFromDos([service(RIVERSIDE.id, RIVERSIDE.asid)], RIVERSIDE.id);
    expect(sdsAsked).toEqual(expect.arrayContaining([{ asid: RIVERSIDE.asid, interaction: READ_SLOT }, { asid: RIVERSIDE.asid, interaction: CREATE_APPOINTMENT }]));
    await t.ok<SlotSearchResult>('slots:search', { caseId });
    expect(sentTo(/\/Slot$/).at(-1)?.url).toContain(`/ssp/${providerRoot()}/Slot?`);
  });

  /** The SDS rows C10–C17: the lookup fails, the consumer logs it and continues with the referral workflow. */
  async function sdsFailureContinues(asid: string, reason: string, message: RegExp): Promise<void> {
    const id = '2000099100';
    const { caseId, offer, chosen } = await selectFromDos([service(id, asid)], id);
    expect(offer.booking).toMatchObject({ status: 'not-bookable', reason: 'endpoint-lookup-failed', message: expect.stringMatching(message) as string });
    expect(offeredReason(caseId, id)).toContain(reason);
    expect(chosen.referralAllowed).toBe(true);
    expect(sspCalls()).toEqual([]);
    await referralIsSent(caseId);
  }

  it('C10 NhsAS object not found in SDS: the consumer logs an error and continues with the workflow for no booking endpoint', async () => {
    await sdsFailureContinues(ASID.notInSds, 'as-not-found', /not registered for booking with Spine/);
    expect(sdsFailureLogged(ASID.notInSds)).toBe('as-not-found');
  });

  it('C11 NhsAS object without the Care Connect interactions (read:slot and create:appointment): logged, the workflow continues', async () => {
    await sdsFailureContinues(ASID.slotOnly, `AS record lists no ${CREATE_APPOINTMENT}`, /not for booking them/);
    await sdsFailureContinues(ASID.noBookingMhs, 'create: mhs-not-found', /booking address is missing from Spine/);
    expect(sdsFailureLogged(ASID.noBookingMhs)).toBe('mhs-not-found');
  });

  it('C12 NhsAS object with both Care Connect and GP Connect interactions: logged, the workflow continues', async () => {
    await sdsFailureContinues(ASID.withGpConnect, 'mixed-interactions', /registration is inconsistent/);
    expect(sdsFailureLogged(ASID.withGpConnect)).toBe('mixed-interactions');
  });

  it('C13 Use PartyKey in SDS lookups: the nhsMhsPartyKey and interaction of the NhsAS object locate its nhsMHS object', async () => {
    const riverside = t.sandbox().sds.as.find((a) => a.uniqueIdentifier === RIVERSIDE.asid);
    const mhs = t.sandbox().sds.mhs.find((m) => m.nhsMhsPartyKey === riverside?.nhsMhsPartyKey && m.nhsMhsSvcIA === READ_SLOT);
    const { caseId, offer } = await selectFromDos([service(RIVERSIDE.id, RIVERSIDE.asid)], RIVERSIDE.id);
    expect(offer.booking.status).toBe('bookable');
    const result = await t.ok<SlotSearchResult>('slots:search', { caseId });
    expect(result.slots.length).toBeGreaterThan(0);
    expect(sentTo(/\/Slot$/).at(-1)?.url).toContain(`/ssp/${mhs?.nhsMhsEndPoint ?? '?'}/Slot?`);
  });

  it('C14 Multiple nhsMHS objects for the PartyKey and InteractionID: logged, the workflow continues', async () => {
    await sdsFailureContinues(ASID.twoMhs, 'several-mhs', /more than one booking address/);
    expect(sdsFailureLogged(ASID.twoMhs)).toBe('several-mhs');
  });

  it('C16 Get endpoint from nhsMHS object in SDS: the nhsMhsEndPoint value is the address every Provider call goes to', async () => {
    const { caseId, result } = await searchAtRiverside();
    const bookingId = await bookFirstSlot(caseId, result);
    await t.ok('booking:cancel', { bookingId, reason: 'Patient no longer needs the appointment' });
    const calls = sspCalls().map((r) => new URL(r.url).pathname);
    expect(calls.length).toBeGreaterThanOrEqual(4);
    for (const path of calls) expect(path.startsWith(`/ssp/${providerRoot()}/`)).toBe(true);
  });

  it('C17 nhsMHS object without a valid NhsMHSEndpoint value: logged, the workflow continues', async () => {
    await sdsFailureContinues(ASID.badEndpoint, 'invalid-endpoint', /booking address in Spine is not valid/);
    expect(sdsFailureLogged(ASID.badEndpoint)).toBe('invalid-endpoint');
  });

  /** The JWT's mandatory claims (digest §2), for a request to the Riverside service root. */
  function expectMandatoryClaims(claims: Record<string, unknown>, scope: string): void {
    expect(claims).toMatchObject({
      iss: expect.any(String) as string,
      sub: expect.any(String) as string,
      aud: providerRoot(),
      reason_for_request: 'directcare',
      requested_scope: scope,
      requesting_device: { resourceType: 'Device' },
      requesting_organization: { resourceType: 'Organization' },
    });
    expect(claims.exp).toBe((claims.iat as number) + 300);
  }

  it('C18 (search for slots) the JWT carries every mandatory claim and the scope for reading slots', async () => {
    const { headers } = await searchAtRiverside();
    expectMandatoryClaims(claimsOf({ headers }), 'organization/slot.read');
  });

  it('C18 (booking) the JWT carries every mandatory claim and the scope for writing appointments', async () => {
    const { caseId, result } = await searchAtRiverside();
    await bookFirstSlot(caseId, result);
    expectMandatoryClaims(claimsOf(sentTo(/\/Appointment$/, 'POST').at(-1)), 'patient/appointment.write');
  });

  // The script's row says "the scope claim for reading slots" for a cancellation; the standard's
  // scopes (digest §2) are appointment.read for reading the booking and appointment.write for the update.
  it('C18 (cancellation of a previous booking) the JWTs carry every mandatory claim: appointment read, then appointment write', async () => {
    const { caseId, result } = await searchAtRiverside();
    const bookingId = await bookFirstSlot(caseId, result);
    wire.sent.length = 0;
    // The previous case is searched for by its reference and the previous booking selected from it.
    const found = await t.ok<{ matches: { booking: { id: string } }[] }>('booking:find', { reference: caseReference(caseId) });
    const previous = found.matches.find((m) => m.booking.id === bookingId);
    if (previous === undefined) throw new Error('the previous booking was not found by its case reference');
    await t.ok('booking:cancel', { bookingId: previous.booking.id, reason: 'Patient no longer needs the appointment' });
    expectMandatoryClaims(claimsOf(sentTo(/\/Appointment\/[^/]+$/, 'GET').at(0)), 'patient/appointment.read');
    expectMandatoryClaims(claimsOf(sentTo(/\/Appointment\/[^/]+$/, 'PUT').at(0)), 'patient/appointment.write');
  });

  /** The C19 Provider: the SDS address with a space, read from slapd, answered by a fake SSP and Provider. */
  async function spaceRootClient(): Promise<{ client: ProviderClient; target: { dosServiceId: string; asid: string; serviceRoot: string; interactions: string[]; caseId: string }; provider: FakeProvider }> {
    const provider = fake.provider;
    if (provider === undefined) throw new Error('no fake Provider');
    provider.reset();
    const found = await new SdsClient({ url: slapd.url, allowInsecureLoopback: true }).lookup(ASID.spaceInEndpoint, READ_SLOT);
    if (!found.ok) throw new Error(`SDS refused the address: ${found.detail}`);
    expect(found.serviceRoot).toBe(spaceRoot);
    const client = new ProviderClient({ sspBaseUrl: provider.sspBaseUrl, ourAsid: '200000000001', jwt: testJwt, audit: new MemoryAudit(), allowInsecureLoopback: true, retryDelayMs: 1 });
    const target = { dosServiceId: RIVERSIDE.id, asid: ASID.spaceInEndpoint, serviceRoot: found.serviceRoot, interactions: found.interactions, caseId: '3f2c1a4e-5d2b-4e7f-9a0b-1c2d3e4f5a6b' };
    return { client, target, provider };
  }

  const encodedRoot = (): string => `${fake.provider?.serviceRoot ?? ''}%20booking/STU3`;

  it('C19 (search for slots) the URL SDS returned, with a space in it, is encoded before use, not refused', async () => {
    // In the app: the service is offered for booking and its search goes out encoded.
    const id = '2000099190';
    const { caseId, offer } = await selectFromDos([service(id, ASID.spaceInEndpoint)], id);
    expect(offer.booking).toEqual({ status: 'bookable', asid: ASID.spaceInEndpoint });
    await t.call('slots:search', { caseId });
    expect(sentTo(/\/Slot$/).at(0)?.url).toContain(`/ssp/${encodedRoot()}/Slot?`);
    // The same client against a Provider at that address: the encoded URL reaches it and its slots are read.
    const { client, target, provider } = await spaceRootClient();
    provider.handler = (_req, res) => fhir(res, 200, makeSlotBundle(2, 1));
    const found = await client.searchSlots(target, { start: new Date('2026-01-05T08:00:00Z'), end: new Date('2026-01-05T14:00:00Z') });
    expect(found.rows).toHaveLength(2);
    expect(provider.seen[0]?.url).toMatch(new RegExp(`^/ssp/${escapeRegExp(encodedRoot())}/Slot\\?`));
  });

  it('C19 (book a slot, then cancel it) the URL SDS returned is encoded for the booking and the cancellation too', async () => {
    const { client, target, provider } = await spaceRootClient();
    const appointment = { resourceType: 'Appointment', id: 'appt-19', meta: { versionId: '1' }, status: 'booked', start: '2026-01-05T10:30:00+00:00', end: '2026-01-05T10:40:00+00:00', participant: [] };
    provider.handler = (req, res) => {
      if (req.method === 'POST') fhir(res, 201, appointment, { Location: `${spaceRoot.replace(' ', '%20')}/Appointment/appt-19/_history/1` });
      else if (req.method === 'GET') fhir(res, 200, appointment, { ETag: 'W/"1"' });
      else fhir(res, 200, { ...appointment, status: 'cancelled', meta: { versionId: '2' } });
    };
    const slot = { resourceType: 'Slot' as const, id: 's1', schedule: { reference: 'Schedule/1' }, status: 'free' as const, start: '2026-01-05T10:30:00+00:00', end: '2026-01-05T10:40:00+00:00' };
    const patient = { given: 'Ada', family: 'Lovelace', birthDate: '1990-12-10', gender: 'female' as const, address: { lines: ['1 High Street'], postcode: 'LS1 1AA' }, telecom: [{ system: 'phone' as const, value: '07700 900123', use: 'mobile' as const, rank: 1 }], contacts: [] };
    const booked = await client.book(target, { slot, patient, reason: 'Dx05', documentId: '0b1c2d3e-4f50-4617-8899-aabbccddeeff', requestId: '6f1c1a4e-5d2b-4e7f-9a0b-1c2d3e4f5a6b' });
    expect(booked).toMatchObject({ status: 'booked', appointmentId: 'appt-19' });
    expect((await client.cancel(target, 'appt-19')).appointment.status).toBe('cancelled');
    expect(provider.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST /ssp/${encodedRoot()}/Appointment`,
      `GET /ssp/${encodedRoot()}/Appointment/appt-19`,
      `PUT /ssp/${encodedRoot()}/Appointment/appt-19`,
    ]);
  });

  it('C20 Create URL to request Slots: the nhsMHS endpoint with /Slot? and the search parameters appended', async () => {
    const { request } = await searchAtRiverside();
    expect(request.pathname).toBe(`/ssp/${providerRoot()}/Slot`);
    expect([...request.searchParams.keys()]).toEqual(expect.arrayContaining(['schedule.actor:healthcareservice', 'status', 'start', '_include', '_include:iterate']));
  });

  it('C21 Make RESTful requests via the SSP url: the SSP URL prefixes the endpoint URL', async () => {
    const { request } = await searchAtRiverside();
    expect(`${request.origin}${request.pathname}`).toBe(`${t.sandbox().sspBaseUrl}/${providerRoot()}/Slot`);
  });

  it('C22 Express preference for response format: Accept is application/fhir+json and the JSON reply is read', async () => {
    const { headers, result } = await searchAtRiverside();
    expect(headers.Accept).toBe('application/fhir+json');
    expect(result.slots.length).toBeGreaterThan(0);
  });

  it('C23 Add Ssp_From header: the ASID of the consuming system', async () => {
    const { headers } = await searchAtRiverside();
    expect(headers['Ssp-From']).toBe(t.app.settings?.asid);
    expect(headers['Ssp-From']).toMatch(/^\d{12}$/);
  });

  it('C24 Add Ssp_To header: the ASID used to obtain the API endpoint from SDS', async () => {
    const { headers } = await searchAtRiverside();
    expect(headers['Ssp-To']).toBe(RIVERSIDE.asid);
    expect(sdsAsked).toContainEqual({ asid: RIVERSIDE.asid, interaction: READ_SLOT });
  });

  it('C25 Add Ssp_TraceId header: a UUID per request, linked in the audit trail to the specific case it was made for', async () => {
    const { caseId, headers, result } = await searchAtRiverside();
    await bookFirstSlot(caseId, result);
    expect(headers['Ssp-TraceID']).toMatch(UUID);
    const traceIds = sspCalls().map((r) => r.headers['Ssp-TraceID']);
    expect(new Set(traceIds).size).toBe(traceIds.length);
    const reference = (await t.caseOf(caseId)).reference;
    const attempts = t.providerAuditEvents(caseId).filter((e) => e.type.endsWith('.attempt')).map((e) => JSON.parse(e.detail ?? '{}') as Record<string, unknown>);
    expect(attempts.map((d) => d.sspTraceId)).toEqual(traceIds);
    for (const detail of attempts) expect(detail).toMatchObject({ caseId, caseReference: reference });
  });

  it('C26 Add Ssp_InteractionId header: the interaction from the NhsAS object on SDS (read:slot)', async () => {
    const { headers } = await searchAtRiverside();
    expect(headers['Ssp-InteractionID']).toBe(READ_SLOT);
    expect(t.sandbox().sds.as.find((a) => a.uniqueIdentifier === RIVERSIDE.asid)?.nhsAsSvcIA).toContain(READ_SLOT);
  });

  it('C27 Include a status criteria: status=free, and only free slots are offered (a booked slot is not offered again)', async () => {
    const { caseId, request, result } = await searchAtRiverside();
    expect(request.searchParams.getAll('status')).toEqual(['free']);
    const slot = result.slots.find((s) => !s.outsideTimeframe);
    if (slot === undefined) throw new Error('no slot');
    await t.book(caseId, slot.slotId);
    const again = await t.ok<SlotSearchResult>('slots:search', { caseId });
    expect(again.slots.map((s) => s.slotId)).not.toContain(slot.slotId);
  });

  it('C28 Include an end of start search criteria: start=le[timestamp], and no slot offered starts after it', async () => {
    const { caseId, request, result } = await searchAtRiverside();
    const le = request.searchParams.getAll('start').find((v) => v.startsWith('le'))?.slice(2);
    if (le === undefined) throw new Error('no start=le');
    expect(Date.parse(le)).toBeGreaterThanOrEqual(Date.parse((await t.caseOf(caseId)).outcome.deadline));
    expect(result.slots.length).toBeGreaterThan(0);
    for (const s of result.slots) expect(Date.parse(s.start)).toBeLessThanOrEqual(Date.parse(le));
  });

  it('C29 Include a begin start search criteria: start=ge[time now], and no slot offered starts before it', async () => {
    const { request, result } = await searchAtRiverside();
    const ge = request.searchParams.getAll('start').find((v) => v.startsWith('ge'))?.slice(2);
    if (ge === undefined) throw new Error('no start=ge');
    expect(Math.abs(Date.parse(ge) - Date.parse(result.searchedAt))).toBeLessThan(5_000);
    for (const s of result.slots) expect(Date.parse(s.start)).toBeGreaterThanOrEqual(Date.parse(ge));
  });

  it('C30 Include the healthcare service id: schedule.actor:healthcareservice is the DoS service id, and only its slots are offered', async () => {
    const { request, result } = await searchAtRiverside();
    expect(request.searchParams.getAll('schedule.actor:healthcareservice')).toEqual([RIVERSIDE.id]);
    expect(result.slots.length).toBeGreaterThan(0);
    for (const s of result.slots) expect(s.healthcareService).toBe(RIVERSIDE.name);
  });

  it.todo('C31 Service model agreement: an organisational sign-off of the UEC Appointment Bookings Service Model Obligations, not behaviour the software shows');
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
