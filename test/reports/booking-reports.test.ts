import { describe, expect, it } from 'vitest';
import { byGroup, history } from './history';

describe('rep-cons-01 bookings vs referrals', () => {
  it('counts bookings and sent referrals per service, not failed referrals or other outcomes', () => {
    const h = history()
      .openCase('c1').search('c1', 'S1', 'ok', 3).book('c1', 'S1', 'b1').refer('c1', 'S1', 'sent', true)
      .openCase('c2').search('c2', 'S1', 'ok', 3).book('c2', 'S1', 'b2', { outcome: 'slot-taken' }).refer('c2', 'S1', 'failed').refer('c2', 'S1', 'sent')
      .openCase('c3').book('c3', 'S2', 'b3');
    const t = h.run('rep-cons-01');
    expect(byGroup(t)).toEqual({
      S1: { bookings: 1, referrals: 2, referralsAfterBooking: 1 },
      S2: { bookings: 1, referrals: 0, referralsAfterBooking: 0 },
    });
    expect(t.totals).toEqual({ bookings: 2, referrals: 2, referralsAfterBooking: 1 });
    expect(t.trend.find((d) => d.day === '2026-06-10')?.value).toBe(2);
    expect(t.trend).toHaveLength(30);
  });

  it('groups by the practice recorded when the case opened', () => {
    const h = history()
      .openCase('c1', 'A81001').book('c1', 'S1', 'b1')
      .openCase('c2', 'B82002').book('c2', 'S1', 'b2').refer('c2', 'S1')
      .openCase('c3', null).book('c3', 'S2', 'b3');
    expect(byGroup(h.run('rep-cons-01', '2026-06-01', '2026-06-30', 'practice'))).toEqual({
      A81001: { bookings: 1, referrals: 0, referralsAfterBooking: 0 },
      B82002: { bookings: 1, referrals: 1, referralsAfterBooking: 0 },
      '(practice not recorded)': { bookings: 1, referrals: 0, referralsAfterBooking: 0 },
    });
  });

  it('leaves out events before the range and after it', () => {
    const h = history('2026-05-31T22:30:00.000Z').openCase('c0').book('c0', 'S1', 'b0') // 23:30 on 31 May, UK time
      .at('2026-06-30T22:59:00.000Z').openCase('c1').book('c1', 'S1', 'b1') // 23:59 on 30 June, UK time
      .at('2026-06-30T23:00:00.000Z').openCase('c2').book('c2', 'S1', 'b2'); // 00:00 on 1 July, UK time
    const t = h.run('rep-cons-01');
    expect(t.totals.bookings).toBe(1);
    expect(t.trend.at(-1)).toEqual({ day: '2026-06-30', value: 1 });
  });
});

describe('rep-cons-02 no slots offered but referred', () => {
  it('counts cases referred after no slots or a failed search, never after slots were offered', () => {
    const h = history()
      .openCase('c1').search('c1', 'S1', 'no-slots').refer('c1', 'S1')
      .openCase('c2').search('c2', 'S1', 'error').refer('c2', 'S1', 'failed').refer('c2', 'S1')
      .openCase('c3').search('c3', 'S1', 'no-slots').search('c3', 'S1', 'ok', 2).refer('c3', 'S1') // offered on the second try
      .openCase('c4').search('c4', 'S2', 'no-slots') // not referred
      .openCase('c5').refer('c5', 'S3') // referral-only service, never searched
      .openCase('c6').search('c6', 'S2', 'no-slots').refer('c6', 'S2').refer('c6', 'S2'); // a resend is one case
    expect(byGroup(h.run('rep-cons-02'))).toEqual({
      S1: { cases: 2, noSlots: 1, searchFailed: 1 },
      S2: { cases: 1, noSlots: 1, searchFailed: 0 },
    });
  });
});

describe('rep-cons-03 slots offered, not booked, referred', () => {
  it('counts referred cases that were offered slots and booked none with that service', () => {
    const h = history()
      .openCase('c1').search('c1', 'S1', 'ok', 4).refer('c1', 'S1')
      .openCase('c2').search('c2', 'S1', 'ok', 4).book('c2', 'S1', 'b2').refer('c2', 'S1', 'sent', true) // booked
      .openCase('c3').search('c3', 'S1', 'ok', 4).book('c3', 'S1', 'b3', { outcome: 'error' }).refer('c3', 'S1') // booking failed
      .openCase('c4').search('c4', 'S1', 'no-slots').refer('c4', 'S1') // nothing offered: rep-cons-02
      .openCase('c5').search('c5', 'S2', 'ok', 1).refer('c5', 'S2', 'failed'); // referral never went
    expect(byGroup(h.run('rep-cons-03'))).toEqual({ S1: { cases: 2 } });
  });
});

describe('rep-cons-04 slot taken between offer and booking', () => {
  it('counts refusals, the cases they hit and the cases that then booked', () => {
    const h = history()
      .openCase('c1').search('c1', 'S1', 'ok', 3).book('c1', 'S1', 'b1', { outcome: 'slot-taken' }).book('c1', 'S1', 'b1b', { outcome: 'slot-taken' }).book('c1', 'S1', 'b1c')
      .openCase('c2').search('c2', 'S1', 'ok', 3).book('c2', 'S1', 'b2', { outcome: 'slot-taken' })
      .openCase('c3').search('c3', 'S2', 'ok', 3).book('c3', 'S2', 'b3');
    const t = h.run('rep-cons-04');
    expect(byGroup(t)).toEqual({ S1: { slotTaken: 3, cases: 2, thenBooked: 1 } });
  });
});

describe('rep-cons-05 top bookable service not chosen', () => {
  it('counts final choices other than the top bookable service, grouped by the service passed over', () => {
    const h = history()
      .openCase('c1').choose('c1', 'S2', { top: 'S1', bookable: true, rank: 2 })
      .openCase('c2').choose('c2', 'S3', { top: 'S1', bookable: false, rank: 3 })
      .openCase('c3').choose('c3', 'S2', { top: 'S1' }).choose('c3', 'S1', { top: 'S1' }) // changed their mind to the top one
      .openCase('c4').choose('c4', 'S4', { top: null, bookable: false }) // nothing was bookable
      .openCase('c5').choose('c5', 'S1', { top: 'S1' });
    expect(byGroup(h.run('rep-cons-05'))).toEqual({ S1: { notChosen: 2, choseNotBookable: 1, choseOtherBookable: 1 } });
  });
});

describe('rep-cons-06 booking errors by message', () => {
  it('counts failed bookings per service, message and code', () => {
    const h = history()
      .openCase('c1').offer('c1', [{ serviceId: 'S1', name: 'Riverside UTC' }]).book('c1', 'S1', 'b1', { outcome: 'error', message: 'The service could not be reached.', errorCode: 'provider-unavailable' })
      .book('c1', 'S1', 'b2', { outcome: 'error', message: 'The service could not be reached.', errorCode: 'provider-unavailable' })
      .book('c1', 'S1', 'b3', { outcome: 'slot-taken', message: 'Someone else booked it.', errorCode: 'slot-taken' })
      .openCase('c2').book('c2', 'S2', 'b4', { outcome: 'error', message: 'The service took too long to answer.', errorCode: 'provider-timeout' })
      .book('c2', 'S2', 'b5');
    const t = h.run('rep-cons-06');
    expect(t.columns.map((c) => c.key)).toEqual(['serviceName', 'group', 'message', 'errorCode', 'errors']);
    // A service the directory never named here says so, rather than showing a bare id as if it were a name.
    expect(t.rows).toEqual([
      { serviceName: 'Riverside UTC', group: 'S1', message: 'The service could not be reached.', errorCode: 'provider-unavailable', errors: 2 },
      { serviceName: 'Riverside UTC', group: 'S1', message: 'Someone else booked it.', errorCode: 'slot-taken', errors: 1 },
      { serviceName: 'Name not recorded', group: 'S2', message: 'The service took too long to answer.', errorCode: 'provider-timeout', errors: 1 },
    ]);
  });
});
