import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingApp } from './support/booking-app';

// One try may wait 2 s, but the user's whole search may take only 1 s (both are the settings' minimum scale).
const DEADLINE_MS = 1000;
const t = new BookingApp({ timeouts: { slotSearchMs: 2000 }, actionDeadlines: { slotSearchMs: DEADLINE_MS } });

beforeAll(async () => {
  await t.open();
});
afterAll(async () => {
  await t.close();
});

describe('the overall slot-search deadline (actionDeadlines.slotSearchMs)', () => {
  it('a Provider that never answers in time ends the search by the deadline, with one try and a plain "no answer in time"', async () => {
    const { caseId, service } = await t.openCase();
    t.fault({ serviceId: service.serviceId }, { kind: 'delay', delayMs: 60_000, operation: 'search' });
    try {
      const started = Date.now();
      const result = await t.call('slots:search', { caseId });
      const elapsed = Date.now() - started;
      expect(result).toMatchObject({ ok: false, error: { code: 'provider-timeout', message: 'The service took too long to answer.' } });
      // Without the deadline each of three tries would wait its own 2 s timeout.
      expect(elapsed).toBeLessThan(3 * DEADLINE_MS);
      expect(t.providerAuditEvents(caseId).filter((e) => e.type === 'provider.slot-search.attempt')).toHaveLength(1);
      expect(t.auditEvents(caseId, 'slots.search.outcome').at(-1)?.outcome).toBe('error');
    } finally {
      t.clearFaults(service.serviceId);
    }
  });
});
