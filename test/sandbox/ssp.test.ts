import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import { UTC, appointmentFor, claims, firstFreeSlot, jwt, providerRoot, slotQuery, SCOPE } from './fixtures';

const IA = 'urn:nhs:names:services:careconnect:fhir:rest:';
let sandbox: SandboxHandle;
let root: string;
let asid: string;

beforeAll(async () => {
  sandbox = await startSandbox({ sspTimeoutMs: 400 });
  root = providerRoot(sandbox, 'riverside');
  asid = sandbox.providers.find((p) => p.key === 'riverside')?.asid ?? '';
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

function sspHeaders(interaction: string, scope: string, overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const headers: Record<string, string | undefined> = {
    'Ssp-TraceID': randomUUID(),
    'Ssp-From': sandbox.ourAsid,
    'Ssp-To': asid,
    'Ssp-InteractionID': `${IA}${interaction}`,
    Authorization: `Bearer ${jwt(claims(root, scope))}`,
    Accept: 'application/fhir+json',
    'X-Request-ID': randomUUID(),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
}

const viaSsp = (path: string, headers: Record<string, string>, init: RequestInit = {}) => fetch(`${sandbox.sspBaseUrl}/${root}${path}`, { headers, ...init });

describe('SSP forwarder', () => {
  it('forwards a slot search to the Provider', async () => {
    const res = await viaSsp(slotQuery(UTC, 2, ''), sspHeaders('read:slot', SCOPE.slot));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { resourceType: string }).resourceType).toBe('Bundle');
  });

  it('accepts a percent-encoded service root too', async () => {
    const res = await fetch(`${sandbox.sspBaseUrl}/${encodeURIComponent(root)}/metadata`, { headers: sspHeaders('read:metadata', SCOPE.slot) });
    expect(res.status).toBe(200);
  });

  it.each<[string, Record<string, string | undefined>, number]>([
    ['no Ssp-TraceID', { 'Ssp-TraceID': undefined }, 400],
    ['a Ssp-TraceID that is not a UUID', { 'Ssp-TraceID': 'trace-1' }, 400],
    ['no Ssp-From', { 'Ssp-From': undefined }, 400],
    ['an unknown Ssp-From', { 'Ssp-From': '200000000999' }, 403],
    ['no Ssp-To', { 'Ssp-To': undefined }, 400],
    ['a Ssp-To of another Provider', { 'Ssp-To': '918999198002' }, 403],
    ['no Ssp-InteractionID', { 'Ssp-InteractionID': undefined }, 400],
    ['an interaction for another operation', { 'Ssp-InteractionID': `${IA}create:appointment` }, 403],
  ])('rejects %s', async (_name, overrides, status) => {
    const res = await viaSsp(slotQuery(UTC, 2, ''), sspHeaders('read:slot', SCOPE.slot, overrides));
    expect(res.status).toBe(status);
    expect(((await res.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
  });

  it('502 for an injected offline Provider, 504 for an injected SSP timeout', async () => {
    sandbox.faults.set(UTC, { kind: 'ssp-502', times: 1 });
    expect((await viaSsp(slotQuery(UTC, 2, ''), sspHeaders('read:slot', SCOPE.slot))).status).toBe(502);
    sandbox.faults.set(UTC, { kind: 'ssp-504', times: 1 });
    expect((await viaSsp(slotQuery(UTC, 2, ''), sspHeaders('read:slot', SCOPE.slot))).status).toBe(504);
    expect((await viaSsp(slotQuery(UTC, 2, ''), sspHeaders('read:slot', SCOPE.slot))).status).toBe(200);
  });

  it('504 when the Provider never answers', async () => {
    sandbox.faults.set(UTC, { kind: 'timeout', operation: 'search' });
    const res = await viaSsp(slotQuery(UTC, 2, ''), sspHeaders('read:slot', SCOPE.slot));
    expect(res.status).toBe(504);
    const outcome = (await res.json()) as { issue: { details: { coding: { code: string }[] } }[] };
    expect(outcome.issue[0]?.details.coding[0]?.code).toBe('GATEWAY_TIMEOUT');
  });

  it('502 when the answer to a booking is lost; the retry with the same X-Request-ID returns that booking', async () => {
    const slot = await firstFreeSlot(root, UTC);
    const requestId = randomUUID();
    const post = () =>
      viaSsp('/Appointment', { ...sspHeaders('create:appointment', SCOPE.write, { 'X-Request-ID': requestId }), 'Content-Type': 'application/fhir+json' }, {
        method: 'POST',
        body: JSON.stringify(appointmentFor(slot)),
      });
    sandbox.faults.set(UTC, { kind: 'drop-after-commit', operation: 'book', times: 1 });
    expect((await post()).status).toBe(502);
    const retry = await post();
    expect(retry.status).toBe(201);
    const again = await post();
    expect(((await again.json()) as { id: string }).id).toBe(((await retry.json()) as { id: string }).id);
  });
});
