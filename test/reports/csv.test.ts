import { describe, expect, it } from 'vitest';
import { history } from './history';

describe('report CSV', () => {
  it('quotes commas and quotes, and defuses cells a spreadsheet would run as formulas', () => {
    const h = history()
      .openCase('c1')
      .offer('c1', [{ serviceId: 'S1', name: 'Riverside UTC, Leeds' }])
      .book('c1', 'S1', 'b1', { outcome: 'error', message: '=HYPERLINK("http://evil","click"), then "quote"', errorCode: 'provider-rejected' })
      .book('c1', 'S1', 'b2', { outcome: 'error', message: 'Plain, with a comma', errorCode: '+cmd' });
    const { filename, csv } = h.reports.csv({ report: 'rep-cons-06', from: '2026-06-01', to: '2026-06-30', groupBy: 'service' });
    expect(filename).toBe('rep-cons-06_by-service_2026-06-01_to_2026-06-30.csv');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('Service,DoS service id,Message shown,Error code,Errors');
    expect(lines).toContain(`"Riverside UTC, Leeds",S1,"'=HYPERLINK(""http://evil"",""click""), then ""quote""",provider-rejected,1`);
    expect(lines).toContain(`"Riverside UTC, Leeds",S1,"Plain, with a comma",'+cmd,1`);
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});
