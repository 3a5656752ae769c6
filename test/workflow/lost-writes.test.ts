/**
 * Invariant (b) of issue 9: every booking write whose answer was lost, timed out (504, 502 on a
 * write, a reset, our own timeout) or unreadable is `unknown` until reconciled, never `failed`
 * and never `booked` on a guess; and once the Provider answers, the truth it holds is shown.
 */
import { describe, expect, it } from 'vitest';
import type { Fault } from '../../main/sandbox';
import { bookingAppForFile } from './support/booking-app';

// Our booking timeout short, so "our timeout" comes in a test's time; the Provider's delay outlasts it.
const t = bookingAppForFile({ timeouts: { bookMs: 1_000 }, actionDeadlines: { writeMs: 1_500 } });


describe('a booking whose answer does not come back', () => {
  it.each<[string, Fault, 'held' | 'not-held' | 'in flight']>([
    ['SSP 504 (the Provider timed out)', { kind: 'ssp-504', operation: 'book' }, 'not-held'],
    ['SSP 502 on the write', { kind: 'ssp-502', operation: 'book' }, 'not-held'],
    ['a connection reset after the Provider booked', { kind: 'drop-after-commit', operation: 'book' }, 'held'],
    ['our own timeout (the Provider answers too late)', { kind: 'delay', delayMs: 3_000, operation: 'book' }, 'in flight'],
  ])('%s is "checking", never failed or booked; then the Provider’s truth', async (_name, fault, provider) => {
    const { caseId, service } = await t.openCase();
    const [slot] = await t.slots(caseId);
    if (slot === undefined) throw new Error('no slot');
    // The SSP's faults are set per service (it does not read the body); the Provider's per slot.
    const scope = fault.kind.startsWith('ssp-') ? { serviceId: service.serviceId } : { slotId: slot.slotId };
    t.fault(scope, fault);
    const result = await t.book(caseId, slot.slotId);
    const b = result.case.bookings.find((x) => x.id === result.bookingId);
    expect(b?.status).toBe('unknown');
    expect(result.outcome.tone).toBe('uncertain');
    expect(result.case.bookingView.headline.tone).toBe('checking');
    t.sandbox().faults.clear('slotId' in scope ? `slot:${slot.slotId}` : service.serviceId);
    // A late request may still be on its way to the Provider: whichever lands second finds the first by its X-Request-ID.
    if (provider !== 'in flight') expect(t.providerAppointments().filter((a) => a.request_id === b?.requestId)).toHaveLength(provider === 'held' ? 1 : 0);
    await t.reconcile();
    const settled = (await t.caseOf(caseId)).bookings.find((x) => x.id === b?.id);
    // Asked again with the same request: the Provider holds exactly one appointment for it, which is shown as booked.
    expect(settled?.status).toBe('booked');
    expect(t.providerAppointments().filter((a) => a.request_id === b?.requestId)).toHaveLength(1);
  }, 30_000);
});
