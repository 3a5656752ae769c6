import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../preload/contract';
import type { Slot } from '../../main/fhir';
import { ProviderClient, ProviderError, type ProviderClientOptions, type ProviderTarget } from '../../main/protocols/care-connect/provider';
import { makeSlotBundle } from '../fixtures/fhir/make-bundle';
import { spineOutcome } from '../fixtures/fhir/error-outcome';
import { FakeProvider, fhir, MemoryAudit, testJwt } from './fake-provider';

let fake: FakeProvider;
let audit: MemoryAudit;
let logLines: string[];
let target: ProviderTarget;

beforeAll(async () => {
  fake = await FakeProvider.start();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  audit = new MemoryAudit();
  logLines = [];
  target = { dosServiceId: '1001234567', asid: '918999198738', serviceRoot: fake.serviceRoot, interactions: [] };
});

function client(extra: Partial<ProviderClientOptions> = {}): ProviderClient {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  return new ProviderClient({
    sspBaseUrl: fake.sspBaseUrl,
    ourAsid: '200000000359',
    jwt: testJwt,
    audit,
    logger: pino(sink),
    allowInsecureLoopback: true,
    retryDelayMs: 1,
    timeouts: { search: 500, book: 500, read: 500, cancel: 500 },
    ...extra,
  });
}

// From the first slot makeSlotBundle writes (08:00): slots before the window's start are not offered.
const window = { start: new Date('2026-01-05T08:00:00Z'), end: new Date('2026-01-05T14:00:00Z') };
const slot: Slot = { resourceType: 'Slot', id: 's1', schedule: { reference: 'Schedule/1' }, status: 'free', start: '2026-01-05T10:30:00+00:00', end: '2026-01-05T10:40:00+00:00' };
const patient: Patient = {
  given: 'Ada',
  family: 'Lovelace',
  birthDate: '1990-12-10',
  gender: 'female',
  address: { lines: ['1 High Street'], postcode: 'LS1 1AA' },
  nhsNumber: '9434765919',
  telecom: [{ system: 'phone', value: '07700 900123', use: 'mobile', rank: 1 }],
  contacts: [],
};
const REQUEST_ID = '6f1c1a4e-5d2b-4e7f-9a0b-1c2d3e4f5a6b';
const bookRequest = { slot, patient, reason: 'Dx05', documentId: '0b1c2d3e-4f50-4617-8899-aabbccddeeff', requestId: REQUEST_ID };

function jwtOf(header: string | string[] | undefined): Record<string, unknown> {
  const token = String(header).replace('Bearer ', '');
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
}

describe('searchSlots', () => {
  it('calls <ssp>/<service root>/Slot with the standard query, headers and JWT', async () => {
    fake.handler = (_req, res) => fhir(res, 200, makeSlotBundle(3, 1), { 'X-Correlation-ID': 'corr-1' });
    const result = await client().searchSlots({ ...target, interactions: ['urn:nhs:names:services:careconnect:fhir:rest:search:slot'] }, window);
    expect(result.rows).toHaveLength(3);
    expect(result.rawSlots.size).toBe(3);
    expect(result.correlationId).toBe('corr-1');
    expect(result.httpStatus).toBe(200);
    const req = fake.seen[0];
    const url = new URL(req?.url ?? '', 'http://x');
    expect(url.pathname).toBe(`/ssp/${fake.serviceRoot}/Slot`);
    expect(url.searchParams.get('schedule.actor:healthcareservice')).toBe('1001234567');
    expect(url.searchParams.get('status')).toBe('free');
    expect(url.searchParams.getAll('start')).toEqual(['ge2026-01-05T08:00:00.000Z', 'le2026-01-05T14:00:00.000Z']);
    expect(url.searchParams.get('_include')).toBe('Slot:schedule');
    expect(url.searchParams.getAll('_include:iterate')).toHaveLength(5);
    expect(req?.headers).toMatchObject({
      'ssp-from': '200000000359',
      'ssp-to': '918999198738',
      'ssp-interactionid': 'urn:nhs:names:services:careconnect:fhir:rest:search:slot',
      accept: 'application/fhir+json',
      'accept-encoding': 'gzip',
      'x-request-id': result.requestId,
    });
    expect(req?.headers['content-type']).toBeUndefined();
    const claims = jwtOf(req?.headers.authorization);
    expect(claims.aud).toBe(fake.serviceRoot);
    expect(claims.requested_scope).toBe('organization/slot.read');
    expect(audit.types()).toEqual(['provider.slot-search.attempt', 'provider.slot-search.outcome']);
    expect(audit.events[1]).toMatchObject({ dosServiceId: '1001234567', asid: '918999198738', httpStatus: 200, outcome: 'ok', correlationId: 'corr-1' });
  });

  it('uses the default read:slot interaction when the AS record lists none', async () => {
    fake.handler = (_req, res) => fhir(res, 200, makeSlotBundle(1, 1));
    await client().searchSlots(target, window);
    expect(fake.seen[0]?.headers['ssp-interactionid']).toBe('urn:nhs:names:services:careconnect:fhir:rest:read:slot');
  });

  it('reads a gzip reply', async () => {
    fake.handler = (_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/fhir+json', 'Content-Encoding': 'gzip' }).end(gzipSync(JSON.stringify(makeSlotBundle(5, 1))));
    expect((await client().searchSlots(target, window)).rows).toHaveLength(5);
  });

  it('returns the no-slots reason from an OperationOutcome in a 200 bundle', async () => {
    fake.handler = (_req, res) =>
      fhir(res, 200, { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: 'Diary closed' }] } }] });
    const result = await client().searchSlots(target, window);
    expect(result.rows).toEqual([]);
    expect(result.noSlotsReason).toBe('Diary closed');
    expect(audit.events[1]?.outcome).toBe('no-slots');
  });

  it('retries a read on 500 and then succeeds', async () => {
    fake.handler = (_req, res, n) => (n === 1 ? fhir(res, 500, spineOutcome('INTERNAL_SERVER_ERROR', 'db down')) : fhir(res, 200, makeSlotBundle(1, 1)));
    const result = await client().searchSlots(target, window);
    expect(result.rows).toHaveLength(1);
    expect(fake.seen).toHaveLength(2);
    expect(fake.seen[0]?.headers['x-request-id']).toBe(fake.seen[1]?.headers['x-request-id']);
  });

  it('refuses an unsafe service root before any request', async () => {
    const error = await client().searchSlots({ ...target, serviceRoot: 'https://evil@provider.example/fhir' }, window).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('directory-misconfigured');
    expect(fake.seen).toHaveLength(0);
  });
});

async function failure(run: () => Promise<unknown>): Promise<ProviderError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe('error table (digest §4)', () => {
  it.each([
    [400, 'slot-search', 'provider-rejected', 'INVALID_PARAMETER'],
    [401, 'slot-search', 'not-authorised', 'ACCESS_DENIED'],
    [403, 'slot-search', 'not-authorised', 'ACCESS_DENIED'],
    [404, 'slot-search', 'not-found', 'REFERENCE_NOT_FOUND'],
    [404, 'read', 'not-found', 'NO_RECORD_FOUND'],
    [405, 'slot-search', 'provider-rejected', 'NOT_SUPPORTED'],
    [409, 'book', 'slot-taken', 'DUPLICATE_REJECTED'],
    [412, 'book', 'version-conflict', 'PRECONDITION_FAILED'],
    [415, 'book', 'provider-rejected', 'UNSUPPORTED_MEDIA_TYPE'],
    [422, 'book', 'slot-taken', 'SLOT_NOT_FREE'],
    [422, 'book', 'provider-rejected', 'INVALID_NHS_NUMBER'],
    [500, 'slot-search', 'provider-unavailable', 'INTERNAL_SERVER_ERROR'],
    [500, 'book', 'provider-unavailable', 'INTERNAL_SERVER_ERROR'],
    [501, 'slot-search', 'provider-rejected', 'NOT_IMPLEMENTED'],
    [502, 'slot-search', 'provider-unavailable', 'BAD_GATEWAY'],
    [504, 'slot-search', 'provider-timeout', 'GATEWAY_TIMEOUT'],
  ] as const)('%i on %s → %s', async (status, op, code, spineCode) => {
    fake.handler = (_req, res) => fhir(res, status, spineOutcome(spineCode, `diagnostics for ${spineCode}`), { 'X-Correlation-ID': 'corr-9' });
    const c = client({ retries: { read: 0, bookLostAnswer: 0 } });
    const error = await failure(() => (op === 'slot-search' ? c.searchSlots(target, window) : op === 'read' ? c.read(target, 'a1') : c.book(target, bookRequest)));
    expect(error.name).toBe('ProviderError');
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.spineCode).toBe(spineCode);
    expect(error.diagnostics).toBe(`diagnostics for ${spineCode}`);
    expect(error.correlationId).toBe('corr-9');
    expect(error.requestId).toBe(fake.seen[0]?.headers['x-request-id']);
    expect(error.outcome?.resourceType).toBe('OperationOutcome');
    // Codes are for logs, never for the user.
    expect(error.userMessage).not.toContain(spineCode);
    expect(error.action).toMatch(/service|slot|retry|again/i);
    expect(error.toAppError()).toMatchObject({ code, reference: error.requestId });
    const outcome = audit.events.at(-1);
    expect(outcome).toMatchObject({ httpStatus: status, outcome: 'error', detail: { spineCode, diagnostics: `diagnostics for ${spineCode}` } });
  });

  it('does not retry a 4xx', async () => {
    fake.handler = (_req, res) => fhir(res, 400, spineOutcome('INVALID_PARAMETER', 'bad'));
    await failure(() => client().searchSlots(target, window));
    expect(fake.seen).toHaveLength(1);
  });

  it('maps an HTML 502 from the SSP without an OperationOutcome', async () => {
    fake.handler = (_req, res) => res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html>Bad gateway</html>');
    const error = await failure(() => client({ retries: { read: 0 } }).searchSlots(target, window));
    expect(error.code).toBe('provider-unavailable');
    expect(error.outcome).toBeUndefined();
  });

  it('times out → provider-timeout, after bounded read retries', async () => {
    fake.handler = () => undefined;
    const error = await failure(() => client({ timeouts: { search: 100 }, retries: { read: 1 } }).searchSlots(target, window));
    expect(error.code).toBe('provider-timeout');
    expect(error.kind).toBe('timeout');
    expect(fake.seen).toHaveLength(2);
  });

  it('a dropped connection → provider-unavailable', async () => {
    fake.handler = (_req, res) => res.socket?.destroy();
    const error = await failure(() => client({ retries: { read: 0 } }).searchSlots(target, window));
    expect(error.code).toBe('provider-unavailable');
    expect(error.kind).toBe('network');
  });

  it.each([
    ['HTML', 'text/html', '<html>hello</html>'],
    ['broken JSON', 'application/fhir+json', '{"resourceType":"Bundle",'],
    ['not a Bundle', 'application/fhir+json', '{"resourceType":"Patient"}'],
    ['empty', 'application/fhir+json', ''],
  ])('a malformed 200 (%s) → provider-malformed', async (_label, type, body) => {
    fake.handler = (_req, res) => res.writeHead(200, { 'Content-Type': type }).end(body);
    const error = await failure(() => client().searchSlots(target, window));
    expect(error.code).toBe('provider-malformed');
  });

  it('a reply over the cap is aborted → provider-malformed', async () => {
    fake.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/fhir+json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = (): void => {
        while (sent < 200 && res.write(chunk)) sent++;
        if (sent < 200 && !res.destroyed) res.once('drain', pump);
        else res.end();
      };
      pump();
    };
    const error = await failure(() => client({ maxResponseBytes: 1024 * 1024 }).searchSlots(target, window));
    expect(error.kind).toBe('too-large');
    expect(error.code).toBe('provider-malformed');
    expect(error.message).toMatch(/cap/);
  });

  it('a declared Content-Length over the cap is refused at once', async () => {
    fake.handler = (_req, res) => res.writeHead(200, { 'Content-Type': 'application/fhir+json', 'Content-Length': String(50 * 1024 * 1024) }).end();
    const error = await failure(() => client({ maxResponseBytes: 1024 }).searchSlots(target, window));
    expect(error.kind).toBe('too-large');
  });
});

describe('book', () => {
  it('POSTs the Appointment and reads id, version and an absolute URL from a relative Location', async () => {
    fake.handler = (req, res) => fhir(res, 201, { ...(JSON.parse(req.body) as object), id: 'appt-9', meta: { versionId: '1' } }, { Location: 'Appointment/appt-9/_history/1' });
    const result = await client().book(target, bookRequest);
    expect(result).toMatchObject({ status: 'booked', appointmentId: 'appt-9', version: '1', appointmentUrl: `${fake.serviceRoot}/Appointment/appt-9/_history/1`, requestId: REQUEST_ID, httpStatus: 201 });
    const req = fake.seen[0];
    expect(req?.method).toBe('POST');
    expect(req?.headers['content-type']).toBe('application/fhir+json;charset=utf-8');
    expect(req?.headers['x-request-id']).toBe(REQUEST_ID);
    expect(req?.headers['ssp-interactionid']).toBe('urn:nhs:names:services:careconnect:fhir:rest:create:appointment');
    expect(jwtOf(req?.headers.authorization).requested_scope).toBe('patient/appointment.write');
    expect((JSON.parse(req?.body ?? '{}') as { status: string }).status).toBe('booked');
    expect(audit.types()).toEqual(['provider.book.attempt', 'provider.book.outcome']);
  });

  it('keeps an absolute Location as it is', async () => {
    fake.handler = (_req, res) => fhir(res, 201, {}, { Location: `${fake.serviceRoot}/Appointment/a7/_history/3` });
    expect(await client().book(target, bookRequest)).toMatchObject({ appointmentId: 'a7', version: '3', appointmentUrl: `${fake.serviceRoot}/Appointment/a7/_history/3` });
  });

  it.each([
    ['a dropped connection', (res: ServerResponse) => res.socket?.destroy()],
    ['a 504', (res: ServerResponse) => fhir(res, 504, spineOutcome('GATEWAY_TIMEOUT', 'timed out'))],
    ['a 502', (res: ServerResponse) => fhir(res, 502, spineOutcome('BAD_GATEWAY', 'offline'))],
    ['a timeout', () => undefined],
  ])('retries a lost answer (%s) with the same X-Request-ID', async (_label, lose) => {
    fake.handler = (_req, res, n) => (n === 1 ? lose(res) : fhir(res, 201, {}, { Location: 'Appointment/a1/_history/1' }));
    const result = await client({ timeouts: { book: 150 } }).book(target, bookRequest);
    expect(result.status).toBe('booked');
    expect(fake.seen.map((r) => r.headers['x-request-id'])).toEqual([REQUEST_ID, REQUEST_ID]);
  });

  it('after the bounded retries the outcome is unknown', async () => {
    fake.handler = (_req, res) => res.socket?.destroy();
    const result = await client({ retries: { bookLostAnswer: 2 } }).book(target, bookRequest);
    expect(result.status).toBe('outcome-unknown');
    if (result.status === 'outcome-unknown') expect(result.error.toAppError()).toMatchObject({ code: 'outcome-unknown', reference: REQUEST_ID });
    expect(fake.seen).toHaveLength(3);
    expect(new Set(fake.seen.map((r) => r.headers['x-request-id']))).toEqual(new Set([REQUEST_ID]));
    expect(audit.events.at(-1)).toMatchObject({ type: 'provider.book.outcome', outcome: 'unknown', requestId: REQUEST_ID });
  });

  it('a lost answer followed by a refusal of the retry stays unknown: the first attempt may have been stored', async () => {
    // Found by the crash runner: a cut-off answer, then a 422 to the retry, was reported as "not booked".
    fake.handler = (_req, res, n) => (n === 1 ? res.socket?.destroy() : fhir(res, 422, spineOutcome('INVALID_RESOURCE', 'refused')));
    const result = await client().book(target, bookRequest);
    expect(result.status).toBe('outcome-unknown');
    expect(fake.seen).toHaveLength(2);
  });

  it('never retries a POST on a 4xx', async () => {
    fake.handler = (_req, res) => fhir(res, 409, spineOutcome('DUPLICATE_REJECTED', 'taken'));
    await failure(() => client().book(target, bookRequest));
    expect(fake.seen).toHaveLength(1);
  });

  it('writes no patient identifier to the log', async () => {
    fake.handler = (_req, res) => fhir(res, 422, spineOutcome('INVALID_NHS_NUMBER', 'NHS number 9434765919 is not valid'));
    await failure(() => client().book(target, bookRequest));
    const log = logLines.join('');
    expect(log).toContain('INVALID_NHS_NUMBER');
    expect(log).not.toContain('9434765919');
    expect(log).not.toContain('Lovelace');
  });
});

describe('read and cancel', () => {
  const stored = { resourceType: 'Appointment', id: 'a1', meta: { versionId: '2' }, status: 'booked', start: slot.start, end: slot.end, participant: [{ status: 'accepted' }], extra: 'kept' };

  it('reads an Appointment with its version', async () => {
    fake.handler = (_req, res) => fhir(res, 200, stored);
    const r = await client().read(target, 'a1');
    expect(r.version).toBe('2');
    expect(r.appointment.status).toBe('booked');
    expect(jwtOf(fake.seen[0]?.headers.authorization).requested_scope).toBe('patient/appointment.read');
    expect(audit.types()).toEqual(['provider.read.attempt', 'provider.read.outcome']);
  });

  it('cancels: reads the latest version, changes only status, PUTs with If-Match', async () => {
    fake.handler = (req, res) =>
      req.method === 'GET' ? fhir(res, 200, stored) : fhir(res, 200, { ...(JSON.parse(req.body) as object), meta: { versionId: '3' } });
    const r = await client().cancel(target, 'a1');
    expect(r.version).toBe('3');
    const put = fake.seen[1];
    expect(put?.method).toBe('PUT');
    expect(put?.headers['if-match']).toBe('W/"2"');
    expect(put?.headers['ssp-interactionid']).toBe('urn:nhs:names:services:careconnect:fhir:rest:update:appointment');
    expect(JSON.parse(put?.body ?? '{}')).toEqual({ ...stored, status: 'cancelled' });
    expect(audit.types().at(-1)).toBe('provider.cancel.outcome');
  });

  it('on 409 re-reads and retries once', async () => {
    fake.handler = (req, res, n) => {
      if (req.method === 'GET') fhir(res, 200, { ...stored, meta: { versionId: String(n) } });
      else if (n === 2) fhir(res, 409, spineOutcome('VERSION_CONFLICT', 'stale'));
      else fhir(res, 200, JSON.parse(req.body));
    };
    await client().cancel(target, 'a1');
    expect(fake.seen.map((r) => `${r.method} ${r.headers['if-match'] ?? ''}`)).toEqual(['GET ', 'PUT W/"1"', 'GET ', 'PUT W/"3"']);
  });

  it('a second conflict is a version-conflict error', async () => {
    fake.handler = (req, res) => (req.method === 'GET' ? fhir(res, 200, stored) : fhir(res, 412, spineOutcome('PRECONDITION_FAILED', 'If-Match')));
    const error = await failure(() => client().cancel(target, 'a1'));
    expect(error.code).toBe('version-conflict');
    expect(fake.seen).toHaveLength(4);
  });
});
