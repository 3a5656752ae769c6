import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ReportTable } from '../../preload/contract';
import { ReportCharts } from '../../renderer/src/screens/reports/ReportCharts';
import { ReportTableView } from '../../renderer/src/screens/reports/ReportTableView';
import { history } from './history';

const PATEL = { userId: '555000000001', name: 'Dr Asha Patel', role: 'Clinical Practitioner Access Role' };
const TAYLOR = { userId: '555000000002', name: 'Sam Taylor', role: 'Admin/Clinical Support Access Role' };

/** Each row as [user as read, CIS2 user id, the metrics]. */
const byUser = (t: ReportTable): unknown[] => t.rows.map(({ group, userName, serviceName: _s, ...metrics }) => [userName, group, metrics]);

describe('reports grouped by user: who did it, named as their CIS2 session named them', () => {
  it('bookings and referrals sent (rep-cons-01) by the user who made each, with name and role beside the CIS2 user id', () => {
    const h = history()
      .signedIn(PATEL).openCase('c1').book('c1', 'S1', 'b1').refer('c1', 'S1', 'sent', true)
      .openCase('c2').book('c2', 'S2', 'b2')
      .signedIn(TAYLOR).openCase('c3').book('c3', 'S1', 'b3').refer('c3', 'S1', 'failed')
      .openCase('c4').refer('c4', 'S3');
    const t = h.run('rep-cons-01', '2026-06-01', '2026-06-30', 'user');
    expect(t.columns.slice(0, 2)).toEqual([
      { key: 'userName', label: 'User', numeric: false },
      { key: 'group', label: 'CIS2 user id', numeric: false },
    ]);
    expect(byUser(t)).toEqual([
      ['Dr Asha Patel (Clinical Practitioner Access Role)', PATEL.userId, { bookings: 2, referrals: 1, referralsAfterBooking: 1 }],
      ['Sam Taylor (Admin/Clinical Support Access Role)', TAYLOR.userId, { bookings: 1, referrals: 1, referralsAfterBooking: 0 }],
    ]);
    expect(t.totals).toEqual({ bookings: 3, referrals: 2, referralsAfterBooking: 1 });
  });

  it('cancellations (rep-cons-07, rep-cons-09) count for the user who cancelled, not the one who booked', () => {
    const h = history()
      .signedIn(PATEL).openCase('c1').book('c1', 'S1', 'b1').cancel('c1', 'S1', 'b1', true)
      .openCase('c2').book('c2', 'S1', 'b2')
      .signedIn(TAYLOR).cancel('c2', 'S1', 'b2', false).openCase('c3').book('c3', 'S1', 'b3').cancel('c3', 'S1', 'b3', false, 'error');
    expect(byUser(h.run('rep-cons-07', '2026-06-01', '2026-06-30', 'user'))).toEqual([
      ['Dr Asha Patel (Clinical Practitioner Access Role)', PATEL.userId, { cancelled: 1, cancelFailed: 0 }],
    ]);
    expect(byUser(h.run('rep-cons-09', '2026-06-01', '2026-06-30', 'user'))).toEqual([
      ['Sam Taylor (Admin/Clinical Support Access Role)', TAYLOR.userId, { cancelled: 1, cancelFailed: 1 }],
    ]);
  });

  it('a user this desk never saw sign in is shown by id with no name made up; a name is the newest their session gave', () => {
    const h = history()
      .openCase('c1').book('c1', 'S1', 'b1') // before anyone signed in with CIS2 (the events name 'tester')
      .signedIn(TAYLOR).openCase('c2').book('c2', 'S1', 'b2')
      .signedIn({ ...TAYLOR, name: 'Sam Taylor-Reid' }).openCase('c3').book('c3', 'S1', 'b3');
    expect(byUser(h.run('rep-cons-01', '2026-06-01', '2026-06-30', 'user'))).toEqual([
      ['Sam Taylor-Reid (Admin/Clinical Support Access Role)', TAYLOR.userId, { bookings: 2, referrals: 0, referralsAfterBooking: 0 }],
      ['Name not recorded', 'tester', { bookings: 1, referrals: 0, referralsAfterBooking: 0 }],
    ]);
  });
});

describe('the reports screen grouped by user', () => {
  it('reads each user by name in the table and the chart, with the CIS2 user id beside the name', () => {
    const table = history().signedIn(PATEL).openCase('c1').book('c1', 'S1', 'b1').signedIn(TAYLOR).openCase('c2').book('c2', 'S1', 'b2').book('c2', 'S1', 'b3').run('rep-cons-01', '2026-06-01', '2026-06-30', 'user');
    const html = renderToStaticMarkup(<ReportTableView table={table} />);
    expect(html).toContain('<th scope="row">Sam Taylor (Admin/Clinical Support Access Role)</th><td>555000000002</td>');
    expect(html).toContain('<th scope="row">Dr Asha Patel (Clinical Practitioner Access Role)</th><td>555000000001</td>');
    expect(renderToStaticMarkup(<ReportCharts table={table} />)).toContain('aria-label="Bar chart: Bookings by user, 2 users, total 3."');
  });
});
