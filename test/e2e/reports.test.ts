import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking, Case, SlotSearchResult } from '../../preload/contract';
import { freeLoopbackPort } from '../../main/org/local-cluster';
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
    // The period and the trend's days in UK dates (issue 20): "9 June 2026", never "2026-06-09".
    expect(await page.locator('[data-testid="report-table"] caption').innerText()).toMatch(/, \d{1,2} [A-Z][a-z]+ \d{4} to \d{1,2} [A-Z][a-z]+ \d{4}$/);
    expect(await result.innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await screenshot(page, 'reports-rep-cons-01');
    await expectAccessible(page);
  });
});

describe.skipIf(!chromiumAvailable())('the Reports screen on a desk with an organisation record', () => {
  let s: Session;
  const PASSWORD_ENV = 'BW_E2E_ORG_PASSWORD';

  beforeAll(async () => {
    process.env[PASSWORD_ENV] = 'not-used-nothing-listens';
    // An organisation record on a port where nothing listens: configured, but unreachable.
    const port = await freeLoopbackPort();
    s = await openSession({
      settings: {
        mode: 'sandbox',
        org: { url: `postgres://127.0.0.1:${String(port)}/postgres`, user: 'desk_login', passwordRef: `env:${PASSWORD_ENV}`, sslmode: 'disable', site: 'Leeds call centre' },
      },
    });
  });
  afterAll(async () => {
    await s.close();
  });

  it('defaults to the organisation (grouping by user, site or workstation offered); unreachable, it says so and offers this workstation’s reports', async () => {
    const { page } = s;
    await page.keyboard.press('Alt+4');
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    const source = page.getByLabel('Whose figures');
    await source.waitFor();
    expect(await source.inputValue()).toBe('organisation');
    expect(await page.getByLabel('Group by').locator('option').allInnerTexts()).toEqual(['DoS service', 'Registered GP practice', 'User (who did it)', 'Site', 'Workstation']);
    await page.getByLabel('Group by').selectOption('site');
    await page.getByTestId('run-report').click();
    const banner = page.getByTestId('org-unreachable');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('The organisation record cannot be reached');
    // Never this desk's figures under the organisation's name.
    expect(await page.getByTestId('report-result').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'reports-org-unreachable');

    await page.getByTestId('show-workstation-reports').click();
    const result = page.getByTestId('report-result');
    await result.waitFor();
    expect(await page.getByTestId('report-source').innerText()).toContain('This workstation only');
    expect(await source.inputValue()).toBe('workstation');
    expect(await page.getByLabel('Group by').inputValue()).toBe('service');
    expect(await page.getByLabel('Group by').locator('option').allInnerTexts()).toEqual(['DoS service', 'Registered GP practice', 'User (who did it)']);
    expect(await page.getByTestId('org-unreachable').count()).toBe(0);
    await expectAccessible(page);
  });
});
