/**
 * Schema-breaking payloads to every channel through the real HTTP bridge (the attacker trial's
 * re-run). Seeded: FUZZ_SEED=<n> replays a run; fast-check prints the seed on failure.
 */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelsOf, contract } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import { startBridge, TOKEN_HEADER, type Bridge } from '../../main/bridge';
import { silentLogger } from '../../main/log/logger';

const PER_CHANNEL = 120;
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

let app: App;
let bridge: Bridge;

beforeAll(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'bw-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  const dataDir = mkdtempSync(join(tmpdir(), 'bw-bridge-fuzz-'));
  app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger() });
  bridge = await startBridge({ dispatch: app.dispatch, staticDir, logger: silentLogger() });
});
afterAll(async () => {
  await bridge.close();
  await app.close();
});

/** Values an attacker or a broken renderer might put in any field. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    '',
    ' ',
    '2026-02-30T10:00:00Z',
    '2026-01-05T24:00:00Z',
    '2026-01-05T10:00Z',
    '9434765918',
    '00000000-0000-0000-0000-000000000000',
    'x'.repeat(5_000),
    '\u0000\u0007',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '%00',
    -1,
    1e308,
    0.5,
    Number.MAX_SAFE_INTEGER + 2,
    true,
    null,
    [],
    {},
    // Own "__proto__" keys, as JSON.parse makes them; an object literal would set the prototype instead.
    JSON.parse('{"__proto__": {"polluted": true}}'),
    { constructor: { prototype: { polluted: true } } },
  ),
);

/** Payloads shaped like the request (its own keys, wrong values, missing or extra keys) and unlike it. */
function payloads(schema: z.ZodType): fc.Arbitrary<unknown> {
  const keys = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const nearMiss =
    keys.length === 0
      ? fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), hostile, { minKeys: 1, maxKeys: 3 })
      : fc
          .tuple(
            fc.subarray(keys),
            fc.dictionary(fc.constantFrom(...keys), hostile),
            fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), hostile, { maxKeys: 2 }),
          )
          .map(([present, values, extra]) => ({ ...extra, ...Object.fromEntries(present.map((k) => [k, values[k] ?? null])) }));
  return fc.oneof({ weight: 4, arbitrary: nearMiss }, { weight: 1, arbitrary: hostile });
}

interface Reply {
  status: number;
  body: { ok: boolean; error?: { code: string; detail?: string } };
}

async function post(channel: string, payload: unknown): Promise<Reply> {
  const response = await fetch(`${bridge.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: bridge.token },
    body: JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as Reply['body'] };
}

describe('schema-breaking payloads through the HTTP bridge', () => {
  it(`gives invalid-request with the failing paths on every channel, never an internal error (${PER_CHANNEL} per channel)`, async () => {
    const channels = channelsOf(contract);
    let sent = 0;
    let internal = 0;
    const codes = new Map<string, number>();
    for (const { channel, call } of channels) {
      // Only payloads the contract refuses: a valid one would run the call, which is not this test.
      const breaking = payloads(call.request).filter((p) => !call.request.safeParse(p).success);
      await fc.assert(
        fc.asyncProperty(breaking, async (payload) => {
          const expectedPaths = (call.request.safeParse(payload).error?.issues ?? []).map((i) => (i.path.length > 0 ? i.path.join('.') : '(request)'));
          const reply = await post(channel, payload);
          sent += 1;
          const code = reply.body.error?.code ?? 'ok';
          codes.set(code, (codes.get(code) ?? 0) + 1);
          if (code === 'internal' || reply.status >= 500) internal += 1;
          expect(reply.status, channel).toBe(200);
          expect(reply.body.ok, channel).toBe(false);
          expect(code, channel).toBe('invalid-request');
          for (const path of expectedPaths) expect(reply.body.error?.detail, `${channel} ${path}`).toContain(`${path}:`);
        }),
        { numRuns: PER_CHANNEL, ...(seed === undefined ? {} : { seed }) },
      );
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    console.log(
      `bridge schema fuzz: ${sent} payloads across ${channels.length} channels; internal errors ${internal}; codes ${JSON.stringify(Object.fromEntries(codes))}`,
    );
    expect(internal).toBe(0);
    expect(sent).toBe(channels.length * PER_CHANNEL);
  }, 300_000);
});
