import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking, Case, SlotSearchResult } from '../../preload/contract';
import { chromiumAvailable } from './support/chromium';
import { api, openSession, patient, SERVICE, type Session } from './support/booking';
import { expectAccessible, screenshot } from './support/page';

describe.skipIf(!chromiumAvailable())('the Reports screen', () => {
  let s: Session;

  beforeAll(async () => {
    s = await openSession();
    // One booking through the API, so today's rep-cons-01 has something to count.
    const c = await api<Case>(s.ws, 'case:start', { patient: patient({ family: 'Reported' }), dispositionCode: 'Dx05' });
    await api(s.ws, 'directory:services', { caseId: c.id });
    await api(s.ws, 'case:chooseService', { caseId: c.id, serviceId: SERVICE.utc });
    const search = await api<SlotSearchResult>(s.ws, 'slots:search', { caseId: c.id });
    const slot = search.slots.find((x) => !x.outsideTimeframe);
    if (slot === undefined) throw new Error('no slot inside the timeframe');
    await api<Booking>(s.ws, 'booking:book', { caseId: c.id, slotId: slot.slotId });
  });
  afterAll(async () => {
    await s.close();
  });

  it('is reached with Alt+4 and shows bookings vs referrals as a table and charts', async () => {
    const { page } = s;
    await page.keyboard.press('Alt+4');
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await page.getByLabel('Report').selectOption('rep-cons-01');
    await page.getByTestId('run-report').click();
    const result = page.getByTestId('report-result');
    await result.waitFor();
    expect(await result.getAttribute('data-report')).toBe('rep-cons-01');
    const table = await page.getByTestId('report-table').innerText();
    await screenshot(page, 'reports-rep-cons-01');
    expect(table).toContain(SERVICE.utc);
    await page.getByTestId('report-bar-chart').waitFor();
    await page.getByTestId('report-trend-chart').waitFor();
    await screenshot(page, 'reports-rep-cons-01');
    await expectAccessible(page);
  });
});
