import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from './support/chromium';
import { FlowMeter, pageScrollTop, slotRowsVisible } from './support/flow-meter';
import { expectAccessible, screenshot, SCREENSHOT_DIR } from './support/page';
import { apiStartCase, chooseService, goToCases, injectFault, openCase, openSession, patient, SERVICE, slotSearchDone, type Session } from './support/booking';

describe.skipIf(!chromiumAvailable())('the case screen at 1366×768', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterEach(() => {
    // Only the faults set here: the sandbox's named fault services keep theirs.
    for (const id of [SERVICE.hub, SERVICE.utc]) s.ws.app.spine?.sandbox?.faults.clear(id);
  });
  afterAll(async () => {
    await s.close();
  });

  it('books from case created to booked without a page scroll, and measures keystrokes, scrolls and slot rows visible', async () => {
    const { page } = s;
    await openCase(s, patient({ family: 'Measure' }));
    const meter = new FlowMeter(page);
    await meter.click(page.locator(`[data-service-id="${SERVICE.utc}"]`).getByRole('button', { name: /^Choose/ }), 'Choose the UTC');
    expect(await slotSearchDone(page)).toBe('list');
    const rowsVisible = await slotRowsVisible(page);
    // Not the very first slot: a later test needs the soonest in-person slots still free.
    await meter.click(page.locator('[data-slot-id][data-outside="false"]').nth(3), 'a slot inside the deadline');
    await page.getByTestId('confirm-step').waitFor();
    await screenshot(page, 'case-choose-and-book');
    await meter.click(page.getByTestId('book-button'), 'Book this appointment');
    await page.getByTestId('booked').waitFor();
    expect(await pageScrollTop(page)).toBe(0);
    const measures = { viewport: '1366x768', keystrokes: meter.keystrokes, pageScrolls: meter.pageScrolls, slotRowsVisible: rowsVisible, steps: meter.log };
    mkdirSync(join(SCREENSHOT_DIR, '..'), { recursive: true });
    writeFileSync(join(SCREENSHOT_DIR, '..', 'case-screen-measures.json'), `${JSON.stringify(measures, null, 2)}\n`);
    console.log(`case-screen measures: ${JSON.stringify(measures)}`);
    expect(meter.pageScrolls).toBe(0);
    expect(meter.keystrokes).toBeLessThanOrEqual(3);
    // 9 with the shell's lock button and status lines above the case (10 before they were merged in).
    expect(rowsVisible).toBeGreaterThanOrEqual(9);
    expect(await page.getByTestId('case-booking-state').getAttribute('data-tone')).toBe('booked');
    await screenshot(page, 'case-booked');
    await expectAccessible(page);
  });

  it('keeps the patient, outcome, deadline with time left and booking state in view when the page scrolls', async () => {
    const { page } = s;
    const c = await openCase(s, patient({ family: 'Header', nhsNumber: undefined, nhsNumberVerified: undefined }));
    const header = page.getByTestId('patient-banner');
    const text = await header.innerText();
    expect(text).toContain('Jane HEADER');
    expect(text).toMatch(/Born 12 April 1961 \(\d+ y\)/);
    expect(await page.getByTestId('patient-nhs-number').innerText()).toContain('NHS number not known');
    expect(await page.getByTestId('outcome').innerText()).toContain('Dx05');
    expect(await page.getByTestId('deadline').innerText()).toMatch(/\d{2}:\d{2}/);
    expect(await page.getByTestId('time-remaining').innerText()).toMatch(/^(1 h (\d+ min)?|\d+ min|2 h) left$/);
    expect(await page.getByTestId('case-booking-state').innerText()).toContain(c.bookingView.headline.title);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const box = await header.boundingBox();
    expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect((box?.y ?? 999) + (box?.height ?? 0)).toBeLessThan(200);
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('says at once when the deadline had already passed when the case opened', async () => {
    const { page } = s;
    const startedAt = new Date(s.ws.clock().getTime() - 3 * 3_600_000).toISOString();
    const c = await apiStartCase(s.ws, { patient: patient({ family: 'Overdue' }), dispositionCode: 'Dx05', startedAt });
    await goToCases(page);
    await page.locator('[data-testid="case-list"] tr', { hasText: 'OVERDUE' }).first().getByRole('button', { name: /^Open/ }).click();
    await page.locator(`[data-case-id="${c.id}"]`).waitFor();
    expect(await page.getByTestId('deadline-passed').innerText()).toContain('The deadline for Dx05 has passed');
    expect(await page.getByTestId('time-remaining').innerText()).toMatch(/^Passed 1 h/);
    await screenshot(page, 'case-deadline-passed');
    await expectAccessible(page);
  });

  it('one line per slot under UK day headings; filters by time of day, channel and role; jump to the deadline; keyboard kept', async () => {
    const { page } = s;
    await openCase(s, patient({ family: 'Filters' }));
    await chooseService(page, SERVICE.utc);
    expect(await slotSearchDone(page)).toBe('list');
    const first = page.locator('[data-slot-index="0"]');
    expect((await first.boundingBox())?.height ?? 999).toBeLessThan(40);
    expect(await first.innerText()).toMatch(/^\d{2}:\d{2} to \d{2}:\d{2}\s+\w{3} \d+ \w{3}\s+(In-person|Not supplied)\s+Advanced Nurse Practitioner/);
    expect(await page.locator('.app-slot-list__day').count()).toBeGreaterThan(0);
    // The filters sit behind one button, out of the Tab path until opened.
    await page.getByTestId('filter-slots').click();
    // Channel: only slots that do not say how they take place.
    await page.getByLabel('How', { exact: true }).selectOption('Not supplied');
    expect(await page.getByTestId('slot-shown-count').innerText()).toMatch(/\d+/);
    const channels = await page.locator('.app-slot__channel').allInnerTexts();
    expect(channels.length).toBeGreaterThan(0);
    expect(channels.every((ch) => ch === 'Not supplied')).toBe(true);
    await page.getByLabel('How', { exact: true }).selectOption('any');
    await page.getByLabel('Time', { exact: true }).selectOption('morning');
    const hours = (await page.locator('.app-slot__when').allInnerTexts()).map((t) => Number(t.slice(0, 2)));
    expect(hours.every((h) => h >= 6 && h < 12)).toBe(true);
    await page.getByLabel('Time', { exact: true }).selectOption('any');
    await page.getByLabel('Role', { exact: true }).selectOption('Advanced Nurse Practitioner');
    expect((await page.locator('.app-slot__who').allInnerTexts()).every((r) => r === 'Advanced Nurse Practitioner')).toBe(true);
    await page.getByLabel('Role', { exact: true }).selectOption('any');
    // Jump to the deadline: focus lands on the last slot inside it; the next one down is after it.
    await page.getByTestId('jump-to-deadline').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-outside'))).toBe('false');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-outside'))).toBe('true');
    await screenshot(page, 'slots-jump-to-deadline');
    await page.keyboard.press('Enter');
    await page.getByTestId('outside-warning').waitFor();
    // A panel opening takes focus to its heading.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Check and book');
    await expectAccessible(page);
  });

  it('a telephone slot says the service will phone the patient on their number instead of an address', async () => {
    const { page } = s;
    await openCase(s, patient({ family: 'Phone' }));
    await chooseService(page, SERVICE.ooh);
    expect(await slotSearchDone(page)).toBe('list');
    await page.getByTestId('filter-slots').click();
    await page.getByLabel('How', { exact: true }).selectOption('Telephone');
    await page.locator('[data-slot-id]').first().click();
    const details = await page.getByTestId('slot-details').innerText();
    expect(details).toContain('The service will phone the patient on 07700 900123');
    expect(details).not.toContain('Address of the appointment');
    await page.getByLabel('How', { exact: true }).selectOption('Video');
    await page.locator('[data-slot-id]').first().click();
    expect(await page.getByTestId('slot-details').innerText()).toContain('The service will contact the patient for the video call on 07700 900123');
    await screenshot(page, 'slot-telephone');
    await expectAccessible(page);
  });

  it('flags an in-person slot that starts within 30 minutes', async () => {
    const { page } = s;
    await openCase(s, patient({ family: 'Soon' }));
    await chooseService(page, SERVICE.utc);
    expect(await slotSearchDone(page)).toBe('list');
    // The UTC has in-person slots every 15 minutes from the next quarter hour.
    const soon = page.locator('[data-slot-id][data-soon="true"]').first();
    expect(await soon.innerText()).toContain('Starts soon');
    await soon.click();
    expect(await page.getByTestId('starts-soon').innerText()).toContain('Starts within 30 minutes');
    const later = page.locator('[data-slot-id][data-soon="false"]').filter({ hasText: 'In-person' }).first();
    await later.click();
    expect(await page.getByTestId('starts-soon').count()).toBe(0);
  });

  it('compares the top services at once, shows a failing one without blocking the others, and a slot chosen there goes straight to check and book', async () => {
    const { page } = s;
    injectFault(s.ws, SERVICE.hub, { kind: 'server-error', operation: 'search' });
    await openCase(s, patient({ family: 'Compare' }));
    await page.getByTestId('compare-services').click();
    await page.getByTestId('compare').waitFor({ timeout: 30_000 });
    const rows = page.locator('[data-compare-service]');
    expect(await rows.count()).toBe(5);
    expect(await page.locator(`[data-compare-service="${SERVICE.hub}"]`).getAttribute('data-status')).toBe('failed');
    expect(await page.locator(`[data-compare-service="${SERVICE.hub}"]`).innerText()).toContain('Could not be searched');
    const utc = page.locator(`[data-compare-service="${SERVICE.utc}"]`);
    expect(await utc.getAttribute('data-status')).toBe('ok');
    const utcText = await utc.innerText();
    expect(utcText).toContain('1.2 miles');
    expect(utcText).toContain('Open 24 hours');
    expect(utcText).toMatch(/\d+ \/ \d+/);
    await screenshot(page, 'compare-services');
    await expectAccessible(page);
    const earliest = utc.getByTestId('compare-earliest');
    const time = (await earliest.innerText()).slice(0, 5);
    await earliest.click();
    await page.getByTestId('confirm-step').waitFor();
    expect(await page.getByTestId('slot-details').innerText()).toContain(time);
    expect(await page.locator('#step-heading').innerText()).toContain('Riverside Urgent Treatment Centre');
    await page.getByTestId('book-button').click();
    await page.getByTestId('booked').waitFor();
  });

  it('a slow search shows the time waited and can be stopped; searching again works', async () => {
    const { page } = s;
    await openCase(s, patient({ family: 'Slow' }));
    injectFault(s.ws, SERVICE.utc, { kind: 'delay', delayMs: 4_000, operation: 'search', times: 1 });
    await chooseService(page, SERVICE.utc);
    const busy = page.getByTestId('slot-search-busy');
    await busy.waitFor();
    expect(await busy.innerText()).toContain('gives up after 20 s');
    // The counter ticks once a second from when it mounted: give it up to 3 s (the search is held for 4 s).
    await expect.poll(() => busy.getByTestId('elapsed').innerText(), { timeout: 3000 }).toMatch(/^[1-9] s$/);
    await screenshot(page, 'slots-waiting');
    await busy.getByRole('button', { name: 'Stop waiting' }).click();
    expect(await page.getByTestId('slot-search-failed').innerText()).toMatch(/Stopped waiting for Riverside Urgent Treatment Centre after \d s\. Nothing was booked\./);
    await page.getByRole('button', { name: 'Search Riverside Urgent Treatment Centre again' }).click();
    expect(await slotSearchDone(page)).toBe('list');
  });

  it('repeated buttons have distinct accessible names', async () => {
    const { page } = s;
    await openCase(s, patient({ family: 'Names' }));
    await page.getByTestId('service-list').waitFor();
    const names = await page.locator('[data-testid="service-list"] button').evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText || e.textContent || ''));
    expect(new Set(names).size).toBe(names.length);
  });
});
