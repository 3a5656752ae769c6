/**
 * Hostile slot-search replies through the real Provider client against a fake Provider (the
 * attacker trial's re-run): every reply ends as rows or one typed ProviderError, never a crash
 * or a hang. Seeded: FUZZ_SEED=<n> replays a run.
 */
import fc from 'fast-check';
import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlotRow } from '../../preload/contract';
import { ProviderClient, ProviderError, type ProviderTarget } from '../../main/protocols/care-connect/provider';
import { silentLogger } from '../../main/log/logger';
import { makeSlotBundle } from '../fixtures/fhir/make-bundle';
import { FakeProvider, MemoryAudit, testJwt } from './fake-provider';

const RANDOM_BUNDLES = 400;
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
/** Far beyond the client's own 500 ms timeout: a reply still pending then is a hang. */
const HANG_AFTER_MS = 10_000;
const MAX_BYTES = 2 * 1024 * 1024;

let fake: FakeProvider;
const target = (serviceRoot: string): ProviderTarget => ({ dosServiceId: '1001234567', asid: '918999198738', serviceRoot, interactions: [] });
const window = { start: new Date('2026-01-05T08:00:00Z'), end: new Date('2026-03-05T08:00:00Z') };

beforeAll(async () => {
  fake = await FakeProvider.start();
});
afterAll(async () => {
  await fake.close();
});

/** What the fake Provider sends: a status, headers and raw bytes, or a connection cut short. */
type Reply = { status: number; headers: Record<string, string>; body: Buffer | string } | { destroy: 'before-headers' | 'mid-body'; body: string };

const json = (value: unknown, status = 200): Reply => ({ status, headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(value) });
const raw = (body: string | Buffer, headers: Record<string, string> = { 'Content-Type': 'application/fhir+json' }, status = 200): Reply => ({
  status,
  headers,
  body,
});

function deep(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** The catalogue: each a way a real or malicious Provider has broken a reply. */
function catalogue(): { name: string; reply: Reply }[] {
  const good = makeSlotBundle(5);
  const text = JSON.stringify(good);
  return [
    { name: 'empty body', reply: raw('') },
    { name: 'not JSON', reply: raw('<html>Service unavailable</html>', { 'Content-Type': 'text/html' }) },
    { name: 'JSON cut in half', reply: raw(text.slice(0, text.length / 2)) },
    { name: 'byte-order mark', reply: raw(`\uFEFF${text}`) },
    { name: 'JSON null', reply: raw('null') },
    { name: 'a number 1e400', reply: raw('1e400') },
    { name: 'nesting 100,000 deep', reply: raw(deep(100_000)) },
    { name: 'a Bundle nesting 5,000 deep in an unknown element', reply: raw(`{"resourceType":"Bundle","type":"searchset","x":${deep(5_000)},"entry":[]}`) },
    { name: 'over the size limit', reply: raw(`{"resourceType":"Bundle","type":"searchset","pad":"${'x'.repeat(MAX_BYTES + 10)}"}`) },
    { name: 'gzip bomb', reply: raw(gzipSync(Buffer.alloc(MAX_BYTES * 8, 32)), { 'Content-Type': 'application/fhir+json', 'Content-Encoding': 'gzip' }) },
    { name: 'wrong Content-Length', reply: raw(text, { 'Content-Type': 'application/fhir+json', 'Content-Length': String(text.length + 500) }) },
    { name: 'connection closed before the headers', reply: { destroy: 'before-headers', body: '' } },
    { name: 'connection closed mid-body', reply: { destroy: 'mid-body', body: text.slice(0, 200) } },
    { name: '__proto__ keys everywhere', reply: raw(text.replaceAll('"resourceType":', '"__proto__":{"polluted":true},"resourceType":')) },
    { name: 'total 1e400 and a NaN-like id', reply: raw(text.replace('"type":"searchset"', '"type":"searchset","total":1e400').replace('"slot-0"', '"NaN"')) },
    {
      name: 'a 1 MB slot id',
      reply: json({
        ...good,
        entry: [
          {
            resource: {
              resourceType: 'Slot',
              id: 'x'.repeat(1_000_000),
              schedule: {},
              status: 'free',
              start: '2026-01-05T09:00:00Z',
              end: '2026-01-05T09:10:00Z',
            },
          },
        ],
      }),
    },
    { name: '20,000 slots', reply: json(makeSlotBundle(20_000, 5)) },
    {
      name: 'Schedules whose actors point at each other and themselves',
      reply: json({
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          {
            resource: {
              resourceType: 'Slot',
              id: 's',
              schedule: { reference: 'Schedule/a' },
              status: 'free',
              start: '2026-01-05T09:00:00Z',
              end: '2026-01-05T09:10:00Z',
            },
          },
          { resource: { resourceType: 'Schedule', id: 'a', actor: [{ reference: 'Schedule/a' }, { reference: 'HealthcareService/h' }] } },
          {
            resource: { resourceType: 'HealthcareService', id: 'h', location: [{ reference: 'HealthcareService/h' }], providedBy: { reference: 'Schedule/a' } },
          },
        ],
      }),
    },
    { name: 'an OperationOutcome with 200', reply: json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] }) },
    { name: '500 with a broken OperationOutcome', reply: json({ resourceType: 'OperationOutcome', issue: 'everything' }, 500) },
    { name: '200 with a redirect header', reply: raw(text, { 'Content-Type': 'application/fhir+json', Location: 'http://169.254.169.254/' }) },
  ];
}

const anyResource: fc.Arbitrary<unknown> = fc.record(
  {
    resourceType: fc.constantFrom(
      'Slot',
      'Schedule',
      'HealthcareService',
      'Location',
      'Organization',
      'Practitioner',
      'PractitionerRole',
      'OperationOutcome',
      'Bundle',
      'slot',
    ),
    id: fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)),
    status: fc.oneof(fc.constantFrom('free', 'busy', 'entered-in-error'), fc.jsonValue({ maxDepth: 1 })),
    start: fc.oneof(fc.constantFrom('2026-01-05T09:00:00Z', '2026-02-30T09:00:00Z', '2026-01-05T24:00:00+01:00'), fc.jsonValue({ maxDepth: 1 })),
    end: fc.oneof(fc.constantFrom('2026-01-05T09:10:00Z', '2026-01-05T08:50:00Z'), fc.jsonValue({ maxDepth: 1 })),
    schedule: fc.oneof(fc.record({ reference: fc.constantFrom('Schedule/sched-0', 'Schedule/x', '#c', 'urn:uuid:1', '') }), fc.jsonValue({ maxDepth: 1 })),
    actor: fc.oneof(fc.array(fc.record({ reference: fc.string({ maxLength: 20 }) }), { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
    name: fc.oneof(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 1 })),
    issue: fc.jsonValue({ maxDepth: 2 }),
    extension: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: ['resourceType'] },
);

const randomReply: fc.Arbitrary<Reply> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => json(v)),
  fc
    .record({
      type: fc.oneof(fc.constant('searchset'), fc.jsonValue({ maxDepth: 1 })),
      total: fc.oneof(fc.nat(), fc.jsonValue({ maxDepth: 1 })),
      entry: fc.oneof(
        fc.array(
          fc.oneof(fc.record({ fullUrl: fc.jsonValue({ maxDepth: 1 }), resource: anyResource }, { requiredKeys: ['resource'] }), fc.jsonValue({ maxDepth: 1 })),
          { maxLength: 15 },
        ),
        fc.jsonValue({ maxDepth: 1 }),
      ),
    })
    .map((b) => json({ resourceType: 'Bundle', ...b })),
  fc
    .tuple(
      fc.constantFrom(200, 201, 204, 301, 400, 404, 409, 422, 429, 500, 502, 503, 504),
      fc.string({ maxLength: 200 }),
      fc.constantFrom('application/fhir+json', 'application/json', 'text/plain', ''),
    )
    .map(([status, body, type]) => raw(body, type === '' ? {} : { 'Content-Type': type }, status)),
);

function serve(reply: Reply): void {
  fake.handler = (_req, res: ServerResponse) => {
    if ('destroy' in reply) {
      if (reply.destroy === 'mid-body') {
        res.writeHead(200, { 'Content-Type': 'application/fhir+json', 'Content-Length': String(reply.body.length + 10_000) });
        res.write(reply.body);
      }
      res.socket?.destroy();
      return;
    }
    res.writeHead(reply.status, reply.headers).end(reply.body);
  };
}

type Outcome = 'rows' | 'typed-error' | 'crash' | 'hang';

async function searchWith(client: ProviderClient, reply: Reply): Promise<{ outcome: Outcome; detail: string }> {
  serve(reply);
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), HANG_AFTER_MS)));
  try {
    const result = await Promise.race([client.searchSlots(target(fake.serviceRoot), window), hang]);
    if (result === 'hang') return { outcome: 'hang', detail: '' };
    // Every row must still pass the response contract, and every Slot be accounted for.
    for (const row of result.rows) SlotRow.parse({ ...row, outsideTimeframe: false });
    return { outcome: 'rows', detail: `${result.rows.length} rows` };
  } catch (error) {
    return error instanceof ProviderError ? { outcome: 'typed-error', detail: error.kind } : { outcome: 'crash', detail: String(error) };
  } finally {
    clearTimeout(timer);
  }
}

describe('hostile slot-search replies through the Provider client', () => {
  it('ends every reply as rows or a typed error: no crash, no hang', async () => {
    const client = new ProviderClient({
      sspBaseUrl: fake.sspBaseUrl,
      ourAsid: '200000000359',
      jwt: testJwt,
      audit: new MemoryAudit(),
      logger: silentLogger(),
      allowInsecureLoopback: true,
      retryDelayMs: 1,
      retries: { read: 0 },
      maxResponseBytes: MAX_BYTES,
      timeouts: { search: 500 },
    });
    const tally: Record<Outcome, number> = { rows: 0, 'typed-error': 0, crash: 0, hang: 0 };
    const failures: string[] = [];
    for (const { name, reply } of catalogue()) {
      const { outcome, detail } = await searchWith(client, reply);
      tally[outcome] += 1;
      if (outcome === 'crash' || outcome === 'hang') failures.push(`${name}: ${outcome} ${detail}`);
    }
    await fc.assert(
      fc.asyncProperty(randomReply, async (reply) => {
        const { outcome, detail } = await searchWith(client, reply);
        tally[outcome] += 1;
        expect(outcome === 'crash' || outcome === 'hang' ? `${outcome} ${detail}` : 'ok').toBe('ok');
      }),
      { numRuns: RANDOM_BUNDLES, ...(seed === undefined ? {} : { seed }) },
    );
    const bundles = Object.values(tally).reduce((a, b) => a + b, 0);
    console.log(
      `hostile bundles: ${bundles} (${catalogue().length} catalogued + ${RANDOM_BUNDLES} random); rows ${tally.rows}, typed errors ${tally['typed-error']}, crashes ${tally.crash}, hangs ${tally.hang}`,
    );
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(bundles).toBe(catalogue().length + RANDOM_BUNDLES);
  }, 600_000);
});
