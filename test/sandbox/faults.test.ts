import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import { ALL_INCLUDES, UTC, claims, jwt, providerRoot, slotQuery, slotsOf, call, SCOPE, HUB } from './fixtures';

let sandbox: SandboxHandle;
let root: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  root = providerRoot(sandbox, 'riverside');
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

const raw = (path: string) => fetch(`${root}${path}`, { headers: { Authorization: `Bearer ${jwt(claims(root, SCOPE.slot))}` } });

describe('fault injection', () => {
  it('500 with an OperationOutcome, only for the next N requests', async () => {
    sandbox.faults.set(UTC, { kind: 'server-error', times: 2 });
    expect((await call(root, slotQuery(UTC, 2, ''))).status).toBe(500);
    const second = await call(root, slotQuery(UTC, 2, ''));
    expect(second.json).toMatchObject({ issue: [{ details: { coding: [{ code: 'INTERNAL_SERVER_ERROR' }] } }] });
    expect((await call(root, slotQuery(UTC, 2, ''))).status).toBe(200);
  });

  it('scopes a fault to one operation and one service', async () => {
    sandbox.faults.set(UTC, { kind: 'server-error', operation: 'book' });
    expect((await call(root, slotQuery(UTC, 2, ''))).status).toBe(200);
    expect(sandbox.faults.get(UTC)?.kind).toBe('server-error');
    expect((await call(providerRoot(sandbox, 'hub'), slotQuery(HUB, 24 * 7, ''))).status).toBe(200);
  });

  it('delays an answer', async () => {
    sandbox.faults.set(UTC, { kind: 'delay', delayMs: 300, times: 1 });
    const started = Date.now();
    expect((await call(root, slotQuery(UTC, 2, ''))).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('sends malformed JSON', async () => {
    sandbox.faults.set(UTC, { kind: 'malformed-json', times: 1 });
    const res = await raw(slotQuery(UTC, 2, ''));
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
  });

  it('cuts a body short', async () => {
    sandbox.faults.set(UTC, { kind: 'truncated-body', times: 1 });
    const res = await raw(slotQuery(UTC, 24, ''));
    await expect(res.text()).rejects.toThrow();
  });

  it('answers with 10,000 slots and a ~20 MB bundle', async () => {
    sandbox.faults.set(UTC, { kind: 'many-slots', times: 1 });
    expect(slotsOf((await call(root, slotQuery(UTC, 2, ALL_INCLUDES))).json)).toHaveLength(10_000);
    sandbox.faults.set(UTC, { kind: 'huge-bundle', times: 1 });
    const huge = await raw(slotQuery(UTC, 2, ALL_INCLUDES));
    expect((await huge.arrayBuffer()).byteLength).toBeGreaterThan(19_000_000);
  });

  it('the admin API sets and clears faults and resets state, over HTTP', async () => {
    const set = await fetch(`${sandbox.baseUrl}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ serviceId: UTC, fault: { kind: 'server-error' } }),
    });
    expect(set.status).toBe(200);
    expect((await call(root, slotQuery(UTC, 2, ''))).status).toBe(500);
    expect((await fetch(`${sandbox.baseUrl}/_sandbox/faults`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(root, slotQuery(UTC, 2, ''))).status).toBe(200);
    const bad = await fetch(`${sandbox.baseUrl}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ serviceId: UTC, fault: { kind: 'nope' } }) });
    expect(bad.status).toBe(400);
    expect((await fetch(`${sandbox.baseUrl}/_sandbox/reset`, { method: 'POST' })).status).toBe(200);
  });

  it('mounts extra routes on the same server', async () => {
    sandbox.route('POST', '/extra', (_req, res) => {
      res.writeHead(202).end();
    });
    expect((await fetch(`${sandbox.baseUrl}/extra/${UTC}`, { method: 'POST', body: '<x/>' })).status).toBe(202);
    expect((await fetch(`${sandbox.baseUrl}/extra/${UTC}`)).status).toBe(405);
  });
});
