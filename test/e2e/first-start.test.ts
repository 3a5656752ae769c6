import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking, BookingResult, Case, SlotSearchResult } from '../../preload/contract';
import { api, openCase, openSession, patient, SERVICE, type Session } from './support/booking';
import { chromiumAvailable, launchChromium, syncClock } from './support/chromium';
import { expectAccessible, screenshot } from './support/page';
import { startWorkstation, type RunningWorkstation } from './support/workstation';

const DESK = { width: 1366, height: 768 };

async function deskPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London', viewport: DESK });
  await syncClock(context);
  return context.newPage();
}

/** Every console message that reports a Content-Security-Policy refusal. */
function cspErrors(page: Page): string[] {
  const found: string[] = [];
  const take = (m: ConsoleMessage) => {
    if (/Content Security Policy|Content-Security-Policy|violates the following/i.test(m.text())) found.push(m.text());
  };
  page.on('console', take);
  return found;
}

describe.skipIf(!chromiumAvailable())('first start', () => {
  let ws: RunningWorkstation;
  let browser: Browser;
  beforeAll(async () => {
    ws = await startWorkstation({ profile: null });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await ws.close();
  });

  it('asks for the user’s name and role before anything else, and uses them from then on (never the OS login)', async () => {
    const page = await deskPage(browser);
    await page.goto(ws.url);
    await page.getByTestId('first-run').waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await screenshot(page, 'first-run');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect.poll(() => page.getByTestId('error-summary').innerText()).toContain('Enter your full name');
    await page.getByLabel('Title (optional)').fill('Dr');
    await page.getByLabel('Your full name').fill('Priya Nair');
    await page.getByLabel('Your role').fill('GP');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    expect(await page.getByTestId('logged-on-user').innerText()).toContain('Dr Priya Nair');
    const saved = JSON.parse(readFileSync(join(ws.dataDir, 'profile.json'), 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ displayName: 'Priya Nair', title: 'Dr', role: 'GP' });
    // Not a clinician until IT says so: first run cannot grant it.
    expect(saved.clinician).toBe(false);
    // Main's session (the JWT and referrals read it) names the user too, and a reload does not ask again.
    expect(ws.app.session.user).toMatchObject({ displayName: 'Priya Nair', title: 'Dr', role: 'GP' });
    await page.reload();
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    expect(await page.getByTestId('first-run').count()).toBe(0);
  });
});

describe.skipIf(!chromiumAvailable())('a live settings file with problems', () => {
  it('never shows the SANDBOX banner, and lists each problem in plain words', async () => {
    const ws = await startWorkstation({ settings: { mode: 'live', asid: '123', timeouts: { bookMs: 'twenty' } } });
    const browser = await launchChromium();
    try {
      const page = await deskPage(browser);
      await page.goto(ws.url);
      await page.getByTestId('config-problems').waitFor();
      expect(await page.getByText('SANDBOX').count()).toBe(0);
      expect(await page.getByTestId('not-connected').innerText()).toContain('LIVE settings not usable');
      const text = await page.getByTestId('config-problems').innerText();
      expect(text).toContain('The setting timeouts.bookMs must be a number.');
      expect(text).toContain('The setting organisation is missing: add it to the settings file.');
      expect(text).not.toMatch(/Invalid input|expected \w+, received/);
      await screenshot(page, 'config-problem-live');
      await expectAccessible(page);
    } finally {
      await browser.close();
      await ws.close();
    }
  });
});

describe.skipIf(!chromiumAvailable())('the shell on a shared desk', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(async () => {
    await s.close();
  });

  it('loads with no CSP errors on any screen, in the design system’s fallback font', async () => {
    const page = await deskPage(s.browser);
    const errors = cspErrors(page);
    await page.goto(s.ws.url);
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const screen of ['New case', 'Find a booking', 'Reports', 'Cases']) {
      await nav.getByRole('button', { name: screen }).click();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
    }
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    expect(errors).toEqual([]);
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(font).toMatch(/^"?Frutiger W01"?, arial, sans-serif$/i);
    // No font is fetched from outside the app.
    const remote = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name).filter((n) => !n.startsWith(location.origin)));
    expect(remote).toEqual([]);
  });

  it('locks after the idle minutes, with the patient gone from the page, until the user unlocks', async () => {
    const page = await deskPage(s.browser);
    await page.clock.install();
    await page.goto(s.ws.url);
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    const c = await openCase({ ...s, page }, patient({ family: 'Lockable' }));
    expect(await page.content()).toContain('LOCKABLE');
    await page.clock.fastForward('09:00');
    expect(await page.getByTestId('locked').count()).toBe(0);
    await page.clock.fastForward('01:30');
    await page.getByTestId('locked').waitFor();
    const html = await page.content();
    expect(html).not.toMatch(/lockable/i);
    expect(html).not.toContain(c.patient.nhsNumber ?? 'none');
    expect(html).not.toContain('07700 900123');
    // A key press is not an unlock: only the deliberate button is.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('locked').count()).toBe(1);
    await screenshot(page, 'locked');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Unlock: I am Dr Alex Morgan' }).click();
    await page.locator(`[data-case-id="${c.id}"]`).waitFor();
    expect(await page.content()).toContain('LOCKABLE');
    // Locking by choice, at once.
    await page.getByTestId('lock-now').click();
    await page.getByTestId('locked').waitFor();
    expect(await page.content()).not.toMatch(/lockable/i);
  });
});

describe.skipIf(!chromiumAvailable())('the referral and reports, readable by people', () => {
  let s: Session;
  let booked: Booking;
  let c: Case;
  beforeAll(async () => {
    s = await openSession();
    await s.page.setViewportSize(DESK);
    c = await api<Case>(s.ws, 'case:start', { patient: patient({ family: 'Readable' }), dispositionCode: 'Dx05' });
    await api(s.ws, 'directory:services', { caseId: c.id });
    await api(s.ws, 'case:chooseService', { caseId: c.id, serviceId: SERVICE.utc });
    const search = await api<SlotSearchResult>(s.ws, 'slots:search', { caseId: c.id });
    const slot = search.slots.find((x) => !x.outsideTimeframe);
    if (slot === undefined) throw new Error('no slot inside the timeframe');
    const result = await api<BookingResult>(s.ws, 'booking:book', { caseId: c.id, slotId: slot.slotId });
    const made = result.case.bookings.find((b) => b.id === result.bookingId);
    if (made === undefined) throw new Error('no appointment in the booking result');
    booked = made;
    await api(s.ws, 'referral:send', { caseId: c.id });
  });
  afterAll(async () => {
    await s.close();
  });

  it('shows the referral as a document with UK times and the outcome, and the XML one click away', async () => {
    const { page } = s;
    // The booked and referred case, from the case list.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Cases' }).click();
    await page.locator('[data-testid="case-list"] tr', { hasText: 'READABLE' }).first().getByRole('button', { name: /^Open/ }).click();
    await page.locator(`[data-case-id="${c.id}"]`).waitFor();
    await page.getByTestId('view-referral-document').first().click();
    const readable = page.getByTestId('cda-readable');
    await readable.waitFor();
    const text = await readable.innerText();
    expect(text).toContain('Jane FIELDING'.replace('FIELDING', 'Readable'));
    expect(text).toContain('NHS number 943 476 5919 (verified)');
    expect(text).toContain('Dx05: ');
    expect(text).toMatch(/Written by\s+Dr Alex Morgan, Sandbox NHS 111 Service/);
    expect(text).toMatch(/Case started: \w{3}, \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UK time/);
    expect(text).toContain(booked.appointmentUrl ?? 'missing');
    // No machine time (ISO or HL7) in what people read.
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\d{14}\+0000/);
    expect(await page.getByTestId('referral-xml').isVisible()).toBe(false);
    await screenshot(page, 'referral-readable');
    await expectAccessible(page);
    await page.getByText('Show the XML as sent').click();
    expect(await page.getByTestId('referral-xml').innerText()).toContain('<ClinicalDocument');
  });

  it('names services by name in reports, and draws the trend with straight lines', async () => {
    const { page } = s;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Reports' }).click();
    await page.getByLabel('Report').selectOption('rep-cons-01');
    await page.getByTestId('run-report').click();
    const row = page.locator(`[data-testid="report-table"] tr[data-group="${SERVICE.utc}"]`);
    await row.waitFor();
    expect(await row.locator('th').innerText()).toBe(booked.serviceName);
    await page.getByTestId('report-trend-chart').locator('path.recharts-line-curve').waitFor();
    const d = (await page.getByTestId('report-trend-chart').locator('path.recharts-line-curve').getAttribute('d')) ?? '';
    expect(d).toMatch(/^M[\d.,\s]+L/);
    expect(d).not.toMatch(/[CcQqSs]/);
    await screenshot(page, 'reports-service-names');
    await expectAccessible(page);
  });
});

describe.skipIf(!chromiumAvailable())('first-run profile file', () => {
  it('is absent until the user saves their name (nothing is written for them)', async () => {
    const ws = await startWorkstation({ profile: null });
    try {
      expect(existsSync(join(ws.dataDir, 'profile.json'))).toBe(false);
      expect(ws.app.session.needsProfile).toBe(true);
    } finally {
      await ws.close();
    }
  });
});
