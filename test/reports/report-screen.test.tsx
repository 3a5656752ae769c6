import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ReportCharts } from '../../renderer/src/screens/reports/ReportCharts';
import { ReportTableView } from '../../renderer/src/screens/reports/ReportTableView';
import { reportFormErrors } from '../../renderer/src/screens/reports/query-errors';
import { daysBefore } from '../../renderer/src/screens/reports/report-choices';
import { history } from './history';

describe('the reports screen parts', () => {
  it('checks the form with the contract’s rules', () => {
    expect(reportFormErrors({ report: 'rep-cons-01', from: '2026-06-01', to: '2026-06-30', groupBy: 'service' })).toEqual([]);
    expect(reportFormErrors({ report: 'rep-cons-01', from: '', to: '2026-06-30', groupBy: 'service' })[0]?.fieldId).toBe('report-from');
    expect(reportFormErrors({ report: 'rep-cons-01', from: '2026-07-01', to: '2026-06-30', groupBy: 'service' })[0]?.message).toContain('on or before');
    expect(reportFormErrors({ report: 'rep-cons-01', from: '2025-01-01', to: '2026-06-30', groupBy: 'practice' })[0]?.fieldId).toBe('report-to');
    expect(daysBefore('2026-03-31', 6)).toBe('2026-03-25');
  });

  it('renders the table a report returns, with row headers and totals, and the charts’ text alternatives', () => {
    const table = history()
      .openCase('c1').offer('c1', [{ serviceId: 'S1', name: 'Riverside UTC' }, { serviceId: 'S2', name: 'Leeds GP Hub' }]).book('c1', 'S1', 'b1').refer('c1', 'S1', 'sent', true)
      .openCase('c2').book('c2', 'S2', 'b2')
      .run('rep-cons-01');
    const html = renderToStaticMarkup(<ReportTableView table={table} />);
    // Services by name, with the DoS id beside it.
    expect(html).toContain('<th scope="row">Riverside UTC</th><td>S1</td>');
    expect(html).toContain('<th scope="row">Leeds GP Hub</th><td>S2</td>');
    expect(html).toContain('data-testid="report-totals"');
    expect(html).toMatch(/Total<\/th><td class="app-numeric">2<\/td><td class="app-numeric">1<\/td>/);
    const charts = renderToStaticMarkup(<ReportCharts table={table} />);
    expect(charts).toContain('aria-label="Bar chart: Bookings by service, 2 services, total 2."');
    expect(charts).toContain('per day (UK dates)');
  });

  it('escapes hostile text from the audit store (an error message) in the table', () => {
    const table = history().openCase('c1').book('c1', 'S1', 'b1', { outcome: 'error', message: '<img src=x onerror=alert(1)>' }).run('rep-cons-06');
    const html = renderToStaticMarkup(<ReportTableView table={table} />);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
