/** The sandbox's BaRS proxy and receivers refuse what a real one would: token, headers, bundles, references, cardinalities. */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bookingMessage, correlationIdFor, parseSlotBundle, referralMessage, TokenSource } from '../../main/protocols/bars';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import { ED, facts, patient, sender } from '../protocols/bars/harness';

let sandbox: SandboxHandle;
let token: string;
beforeAll(async () => {
  sandbox = await startSandbox();
  const b = sandbox.bars;
  token = await new TokenSource({ tokenUrl: b.tokenUrl, apiKey: b.apiKey, kid: b.kid, privateKey: () => Promise.resolve(b.privateKey) }).token();
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.reset());

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64');
function headers(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const all: Record<string, string | undefined> = {
    Authorization: `Bearer ${token}`,
    Accept: 'application/fhir+json; version=1.0.0',
    'NHSD-Target-Identifier': b64({ system: 'https://fhir.nhs.uk/Id/dos-service-id', value: ED }),
    'X-Request-Id': randomUUID(),
    'X-Correlation-Id': randomUUID(),
    'NHSD-End-User-Organisation': b64({ resourceType: 'Organization', identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'NHS111' }], name: 'Yorkshire 111' }),
    'NHSD-Requesting-Software': b64({ resourceType: 'Device', deviceName: [{ name: 'Booking Workstation', type: 'manufacturer-name' }], version: [{ value: '0.1.0' }] }),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
}

async function get(path: string, h: Record<string, string> = headers()): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${sandbox.bars.baseUrl}${path}`, { headers: h });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

const codeOf = (body: Record<string, unknown>): unknown => (body.issue as { details: { coding: { code: string }[] } }[] | undefined)?.[0]?.details.coding[0]?.code;
const slotQuery = (): string => {
  const now = Date.now();
  return `/Slot?status=free&start=ge${new Date(now).toISOString()}&start=le${new Date(now + 6 * 3_600_000).toISOString()}&Schedule.actor:HealthcareService=${ED}&_include=Slot:schedule&_include=Schedule:actor:HealthcareService&_include:iterate=HealthcareService:providedBy`;
};

describe('BaRS proxy checks', () => {
  it('answers /metadata without a target with its own CapabilityStatement, no token needed', async () => {
    const res = await get('/metadata', { Accept: 'application/fhir+json; version=1.0.0' });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe('bars-proxy');
  });

  it('echoes X-Request-Id and X-Correlation-Id', async () => {
    const h = headers();
    const res = await get('/metadata', h);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(h['X-Request-Id']);
    expect(res.headers.get('x-correlation-id')).toBe(h['X-Correlation-Id']);
  });

  it.each([
    ['no token', { Authorization: undefined }, 401, 'SEND_UNAUTHORIZED'],
    ['an unknown token', { Authorization: 'Bearer made-up' }, 401, 'SEND_UNAUTHORIZED'],
    ['no X-Request-Id', { 'X-Request-Id': undefined }, 400, 'PROXY_BAD_REQUEST'],
    ['a non-UUID X-Correlation-Id', { 'X-Correlation-Id': 'abc' }, 400, 'PROXY_BAD_REQUEST'],
    ['no NHSD-End-User-Organisation', { 'NHSD-End-User-Organisation': undefined }, 400, 'PROXY_BAD_REQUEST'],
    ['an organisation without ODS code', { 'NHSD-End-User-Organisation': b64({ resourceType: 'Organization', name: 'x' }) }, 400, 'PROXY_BAD_REQUEST'],
    ['no NHSD-Requesting-Software', { 'NHSD-Requesting-Software': undefined }, 400, 'PROXY_BAD_REQUEST'],
    ['a practitioner header that is not base64 JSON', { 'NHSD-Requesting-Practitioner': '%%%' }, 400, 'PROXY_BAD_REQUEST'],
    ['a target that is not base64 JSON', { 'NHSD-Target-Identifier': 'not-base64!' }, 400, 'PROXY_BAD_REQUEST'],
    ['a target with the wrong system', { 'NHSD-Target-Identifier': b64({ system: 'https://example.org', value: ED }) }, 400, 'PROXY_BAD_REQUEST'],
    ['a target not in the catalogue', { 'NHSD-Target-Identifier': b64({ system: 'https://fhir.nhs.uk/Id/dos-service-id', value: '2000012345' }) }, 404, 'PROXY_NOT_FOUND'],
    ['another major version', { Accept: 'application/fhir+json; version=2.0.0' }, 406, 'PROXY_NOT_ACCEPTABLE'],
    ['XML', { Accept: 'application/fhir+xml' }, 406, 'PROXY_NOT_ACCEPTABLE'],
  ])('refuses %s', async (_what, overrides, status, code) => {
    const res = await get('/metadata', headers(overrides));
    expect(res.status).toBe(status);
    expect(codeOf(res.body)).toBe(code);
  });

  it('the token endpoint refuses an assertion signed for another kid, a reused jti and a long expiry', async () => {
    const b = sandbox.bars;
    const post = async (jwt: string): Promise<number> => (await fetch(b.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt }).toString(),
    })).status;
    const now = Math.floor(Date.now() / 1000);
    const sign = (kid: string, jti: string, exp: number): Promise<string> =>
      new SignJWT({}).setProtectedHeader({ alg: 'RS512', kid }).setIssuer(b.apiKey).setSubject(b.apiKey).setAudience(b.tokenUrl).setJti(jti).setIssuedAt(now).setExpirationTime(exp).sign(b.privateKey);
    expect(await post(await sign('other-kid', randomUUID(), now + 60))).toBe(401);
    expect(await post(await sign(b.kid, randomUUID(), now + 3600))).toBe(401);
    const jti = randomUUID();
    expect(await post(await sign(b.kid, jti, now + 60))).toBe(200);
    expect(await post(await sign(b.kid, jti, now + 60))).toBe(401);
  });
});

describe('BaRS receiver checks', () => {
  it('Slot search needs the restricted parameters and answers an R4 searchset with its includes', async () => {
    expect((await get(`/Slot?status=free&Schedule.actor:HealthcareService=${ED}`)).status).toBe(400);
    expect((await get(slotQuery().replace(`=${ED}&`, '=2000071002&'))).status).toBe(400);
    const res = await get(slotQuery());
    expect(res.status).toBe(200);
    const types = new Set((res.body.entry as { resource: { resourceType: string } }[]).map((e) => e.resource.resourceType));
    expect(types).toEqual(new Set(['Slot', 'Schedule', 'HealthcareService', 'Organization']));
  });

  it('MessageDefinition answers only for a use case the receiver supports', async () => {
    const ask = (uc: string): Promise<{ body: Record<string, unknown> }> => get(`/MessageDefinition?context=${encodeURIComponent(`https://fhir.nhs.uk/CodeSystem/usecases-categories-bars|${uc}`)}`);
    expect((await ask('a1t1')).body.total).toBe(4);
    expect((await ask('a1t7')).body.total).toBe(0);
  });

  async function aBooking(): Promise<Record<string, unknown>> {
    const search = await get(slotQuery());
    const parsed = parseSlotBundle(search.body, { useCase: 'a1t1', version: '2.1.0' });
    const [raw] = parsed.raw.values();
    if (!raw) throw new Error('no slot');
    return bookingMessage({ requestId: randomUUID(), created: new Date(), dosServiceId: ED, raw, patient, reason: 'x', sender });
  }

  async function post(body: unknown, useContext = 'a1t1|booked|booking-request|new', requestId = randomUUID()): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${sandbox.bars.baseUrl}/$process-message`, {
      method: 'POST',
      headers: { ...headers({ 'X-Request-Id': requestId, 'X-Correlation-Id': correlationIdFor('case-x') }), 'Content-Type': 'application/fhir+json', 'use-context': useContext },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  type Entry = { fullUrl: string; resource: Record<string, unknown> };
  const entries = (m: Record<string, unknown>): Entry[] => m.entry as Entry[];
  const diag = (r: { body: Record<string, unknown> }): string => String((r.body.issue as { diagnostics: string }[])[0]?.diagnostics);

  it('books a well-formed message and echoes it with the receiver\'s Appointment id', async () => {
    const res = await post(await aBooking());
    expect(res.status).toBe(200);
    expect(entries(res.body).find((e) => e.resource.resourceType === 'Appointment')?.resource.id).toEqual(expect.any(String));
  });

  it('the same X-Request-Id and body again is 409 duplicate; the same slot under a new request is 409 conflict', async () => {
    const message = await aBooking();
    const requestId = randomUUID();
    expect((await post(message, undefined, requestId)).status).toBe(200);
    const again = await post(message, undefined, requestId);
    expect(again.status).toBe(409);
    expect((again.body.issue as { code: string }[])[0]?.code).toBe('duplicate');
    const other = await post(message);
    expect(other.status).toBe(409);
    expect((other.body.issue as { code: string }[])[0]?.code).toBe('conflict');
  });

  it.each([
    ['no Bundle.meta.versionId', (m: Record<string, unknown>) => { delete (m.meta as Record<string, unknown>).versionId; }, 400, /versionId/],
    ['an unsupported Application version', (m: Record<string, unknown>) => { (m.meta as Record<string, unknown>).versionId = '9.0.0'; }, 422, /not supported/],
    ['a fullUrl that is not urn:uuid', (m: Record<string, unknown>) => { (entries(m)[2] as Entry).fullUrl = 'Patient/1'; }, 400, /fullUrl/],
    ['a resource without meta.lastUpdated', (m: Record<string, unknown>) => { delete (entries(m)[2] as Entry).resource.meta; }, 400, /lastUpdated/],
    ['a reference to nothing', (m: Record<string, unknown>) => { (entries(m)[1] as Entry).resource.slot = [{ reference: `urn:uuid:${randomUUID()}` }]; }, 400, /refers to/],
    ['two Patients', (m: Record<string, unknown>) => { const p = entries(m)[2] as Entry; entries(m).push({ fullUrl: `urn:uuid:${randomUUID()}`, resource: p.resource }); }, 400, /exactly 1 Patient/],
    ['two Schedules', (m: Record<string, unknown>) => { const sc = entries(m).find((e) => e.resource.resourceType === 'Schedule') as Entry; entries(m).push({ fullUrl: `urn:uuid:${randomUUID()}`, resource: sc.resource }); }, 400, /exactly 1 Schedule/],
    ['no rank-1 contact', (m: Record<string, unknown>) => { ((entries(m)[2] as Entry).resource.contact as { extension: { valuePositiveInt: number }[] }[]).forEach((c) => { (c.extension[0] as { valuePositiveInt: number }).valuePositiveInt = 3; }); }, 400, /ContactRank 1/],
    ['two rank-1 contacts', (m: Record<string, unknown>) => { ((entries(m)[2] as Entry).resource.contact as { extension: { valuePositiveInt: number }[] }[]).forEach((c) => { (c.extension[0] as { valuePositiveInt: number }).valuePositiveInt = 1; }); }, 400, /ContactRank 1/],
    ['numbers in Patient.telecom instead of Patient.contact', (m: Record<string, unknown>) => { const p = (entries(m)[2] as Entry).resource; p.telecom = [{ system: 'phone', value: '07700 900123', rank: 1 }]; delete p.contact; }, 400, /Patient\.contact/],
    ['an Appointment with an id', (m: Record<string, unknown>) => { (entries(m)[1] as Entry).resource.id = 'mine'; }, 400, /must not carry an id/],
    ['a destination that is not the target', (m: Record<string, unknown>) => { (entries(m)[0] as Entry).resource.destination = [{ endpoint: 'https://fhir.nhs.uk/Id/dos-service-id|1', receiver: ((entries(m)[0] as Entry).resource.destination as { receiver: unknown }[])[0]?.receiver }]; }, 400, /destination/],
    ['a changed Slot', (m: Record<string, unknown>) => { const s = entries(m).find((e) => e.resource.resourceType === 'Slot') as Entry; s.resource.start = '2020-01-01T00:00:00.000Z'; }, 400, /does not match/],
  ])('refuses %s', async (_what, spoil, status, why) => {
    const message = await aBooking();
    spoil(message);
    const res = await post(message);
    expect(res.status).toBe(status);
    expect(diag(res)).toMatch(why);
  });

  describe('a referral with a safeguarding Flag (REFREQ01)', () => {
    const referral = (): Record<string, unknown> => referralMessage({
      requestId: randomUUID(), created: new Date('2026-06-09T13:30:00Z'), dosServiceId: ED, useCase: 'a1t1', version: '2.1.0', sender,
      facts: { ...facts, safeguarding: { about: 'child', detail: 'Left alone at night.', recordedAt: '2026-06-09T13:25:00.000Z' } },
    });
    const flag = (m: Record<string, unknown>): Record<string, unknown> => (entries(m).find((e) => e.resource.resourceType === 'Flag') as Entry).resource;
    const refer = (m: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> => post(m, 'a1t1|referral|servicerequest-request|new');

    it('is accepted', async () => {
      expect((await refer(referral())).status).toBe(200);
    });

    it.each([
      ['a code from another system', (f: Record<string, unknown>) => { f.code = { coding: [{ system: 'http://snomed.info/sct', code: '836881000000105' }] }; }, /safeguarding-codes-bars/],
      ['a subject that is not the Patient', (f: Record<string, unknown>, m: Record<string, unknown>) => { f.subject = { reference: (entries(m).find((e) => e.resource.resourceType === 'Encounter') as Entry).fullUrl }; }, /subject/],
      ['a status other than active', (f: Record<string, unknown>) => { f.status = 'inactive'; }, /active/],
    ])('is refused with %s', async (_what, spoil, why) => {
      const m = referral();
      spoil(flag(m), m);
      const res = await refer(m);
      expect(res.status).toBe(400);
      expect(diag(res)).toMatch(why);
    });
  });

  it('refuses a use-context that does not match the message, and a use case the service does not take', async () => {
    const message = await aBooking();
    expect((await post(message, 'a1t1|referral|servicerequest-request|new')).status).toBe(400);
    expect((await post(message, 'a1t7|booked|booking-request|new')).status).toBe(422);
    expect((await post(message, 'nonsense')).status).toBe(400);
  });
});
