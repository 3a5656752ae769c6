import { describe, expect, it } from 'vitest';
import { byGroup, history } from './history';

describe('rep-cons-07 booked then cancelled in the same encounter', () => {
  it('counts cancellations while the case was open, not later ones or rebooks', () => {
    const h = history()
      .openCase('c1').book('c1', 'S1', 'b1').cancel('c1', 'S1', 'b1', true)
      .openCase('c2').book('c2', 'S1', 'b2').cancel('c2', 'S1', 'b2', true, 'error')
      .openCase('c3').book('c3', 'S1', 'b3').cancel('c3', 'S1', 'b3', false) // later: rep-cons-09
      .openCase('c4').book('c4', 'S1', 'b4').rebook('c4', 'S1', 'b4', 'b4n', 'done'); // rep-cons-08
    expect(byGroup(h.run('rep-cons-07'))).toEqual({ S1: { cancelled: 1, cancelFailed: 1 } });
  });
});

describe('rep-cons-08 rebooked', () => {
  it('counts rebooks, old appointments left in place and failed new bookings', () => {
    const h = history()
      .openCase('c1').book('c1', 'S1', 'b1').rebook('c1', 'S1', 'b1', 'b1n', 'done')
      .openCase('c2').book('c2', 'S1', 'b2').rebook('c2', 'S1', 'b2', 'b2n', 'old-not-cancelled')
      .openCase('c3').book('c3', 'S2', 'b3').rebook('c3', 'S2', 'b3', 'b3n', 'not-booked');
    expect(byGroup(h.run('rep-cons-08'))).toEqual({
      S1: { rebooked: 2, oldNotCancelled: 1, newBookingFailed: 0 },
      S2: { rebooked: 0, oldNotCancelled: 0, newBookingFailed: 1 },
    });
  });

  it('counts a rebook once, by the step that settled it, however many steps it went through', () => {
    const h = history().openCase('c1').book('c1', 'S1', 'b1').rebook('c1', 'S1', 'b1', 'b1n', 'old-not-cancelled');
    // The old appointment's cancel was later confirmed: the rebook is audited again as done.
    h.audit.append({ type: 'booking.rebook.outcome', caseId: 'c1', dosServiceId: 'S1', outcome: 'done', detail: { rebookId: 'rebook-b1n', fromBookingId: 'b1', toBookingId: 'b1n' } });
    expect(byGroup(h.run('rep-cons-08'))).toEqual({ S1: { rebooked: 1, oldNotCancelled: 0, newBookingFailed: 0 } });
  });
});

describe('rep-cons-09 cancelled later', () => {
  it('counts cancellations after the case closed, dated by the cancellation', () => {
    const h = history('2026-05-20T10:00:00.000Z')
      .openCase('c1').book('c1', 'S1', 'b1')
      .at('2026-06-02T10:00:00.000Z').cancel('c1', 'S1', 'b1', false) // booked in May, cancelled in June
      .openCase('c2').book('c2', 'S1', 'b2').cancel('c2', 'S1', 'b2', true)
      .openCase('c3').book('c3', 'S2', 'b3').cancel('c3', 'S2', 'b3', false, 'error');
    const t = h.run('rep-cons-09');
    expect(byGroup(t)).toEqual({ S1: { cancelled: 1, cancelFailed: 0 }, S2: { cancelled: 0, cancelFailed: 1 } });
    expect(t.trend.find((d) => d.day === '2026-06-02')?.value).toBe(1);
  });
});

describe('rep-cons-10 and rep-cons-11 booked vs slots inside / outside the timeframe', () => {
  const h = history()
    .openCase('c1').search('c1', 'S1', 'ok', 3, 2).book('c1', 'S1', 'b1')
    .openCase('c2').search('c2', 'S1', 'ok', 0, 4).book('c2', 'S1', 'b2', { outside: true })
    .openCase('c3').search('c3', 'S1', 'ok', 1, 0).search('c3', 'S1', 'no-slots')
    .openCase('c4').search('c4', 'S2', 'ok', 0, 5);

  it('rep-cons-10 counts bookings and offers inside the timeframe', () => {
    expect(byGroup(h.run('rep-cons-10'))).toEqual({
      S1: { bookings: 1, searches: 2, slots: 4 },
      S2: { bookings: 0, searches: 0, slots: 0 },
    });
  });

  it('rep-cons-11 counts bookings, approvals and offers outside the timeframe', () => {
    expect(byGroup(h.run('rep-cons-11'))).toEqual({
      S1: { bookings: 1, approvals: 1, searches: 2, slots: 6 },
      S2: { bookings: 0, approvals: 0, searches: 1, slots: 5 },
    });
  });
});

describe('rep-cons-12 not booked: every slot outside the timeframe, referred', () => {
  it('counts referred cases offered only late slots and booking none', () => {
    const h = history()
      .openCase('c1').search('c1', 'S1', 'ok', 0, 3).refer('c1', 'S1')
      .openCase('c2').search('c2', 'S1', 'ok', 0, 3).search('c2', 'S1', 'ok', 1, 3).refer('c2', 'S1') // one inside on a later search
      .openCase('c3').search('c3', 'S1', 'ok', 0, 3).book('c3', 'S1', 'b3', { outside: true }).refer('c3', 'S1', 'sent', true) // booked late
      .openCase('c4').search('c4', 'S1', 'ok', 0, 3) // not referred
      .openCase('c5').search('c5', 'S2', 'ok', 0, 2).refer('c5', 'S2');
    expect(byGroup(h.run('rep-cons-12'))).toEqual({ S1: { cases: 1 }, S2: { cases: 1 } });
    expect(byGroup(h.run('rep-cons-12', '2026-06-01', '2026-06-30', 'practice'))).toEqual({ A81001: { cases: 2 } });
  });
});
