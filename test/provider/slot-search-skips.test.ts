import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderClient } from '../../main/protocols/care-connect/provider';
import { silentLogger } from '../../main/log/logger';
import { FakeProvider, fhir, MemoryAudit, testJwt } from './fake-provider';

let fake: FakeProvider;
beforeAll(async () => {
  fake = await FakeProvider.start();
});
afterAll(async () => {
  await fake.close();
});

const slot = (id: string, start: string, end: string, status = 'free') => ({
  resource: { resourceType: 'Slot', id, schedule: { reference: 'Schedule/s1' }, status, start, end },
});

describe('slot search through the Provider client with bad slots in the reply', () => {
  it('returns the good slots and counts the rest by reason, and audits the counts', async () => {
    fake.handler = (_req, res) =>
      fhir(res, 200, {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          slot('ok', '2026-01-05T10:00:00+00:00', '2026-01-05T10:10:00+00:00'),
          slot('feb30', '2026-02-30T10:00:00Z', '2026-02-30T10:10:00Z'),
          slot('no-seconds', '2026-01-05T10:00Z', '2026-01-05T10:10Z'),
          slot('busy', '2026-01-05T10:00:00Z', '2026-01-05T10:10:00Z', 'busy'),
          slot('past', '2026-01-05T07:00:00Z', '2026-01-05T07:10:00Z'),
          slot('late', '2026-01-09T10:00:00Z', '2026-01-09T10:10:00Z'),
          slot('zero', '2026-01-05T11:00:00Z', '2026-01-05T11:00:00Z'),
        ],
      });
    const audit = new MemoryAudit();
    const client = new ProviderClient({
      sspBaseUrl: fake.sspBaseUrl,
      ourAsid: '200000000359',
      jwt: testJwt,
      audit,
      logger: silentLogger(),
      allowInsecureLoopback: true,
    });
    const window = { start: new Date('2026-01-05T08:00:00Z'), end: new Date('2026-01-06T08:00:00Z') };
    const result = await client.searchSlots({ dosServiceId: '1001234567', asid: '918999198738', serviceRoot: fake.serviceRoot, interactions: [] }, window);
    expect(result.rows.map((r) => r.slotId)).toEqual(['ok']);
    expect(result.skipped).toEqual({ unreadable: 2, duplicate: 0, 'not-free': 1, 'already-started': 1, 'outside-window': 1, 'ends-before-start': 1 });
    expect(fake.seen[0]?.url).toContain('status=free');
    expect(audit.events.at(-1)).toMatchObject({ outcome: 'ok' });
    expect(JSON.stringify(audit.events.at(-1)?.detail)).toContain('"skipped":6');
  });
});
