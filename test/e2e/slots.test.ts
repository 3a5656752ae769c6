import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from './support/chromium';
import { expectAccessible, screenshot } from './support/page';
import { chooseService, openCase, openSession, SERVICE, slotSearchDone, type Session } from './support/booking';

describe.skipIf(!chromiumAvailable())('choosing a service and its slots', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
    await openCase(s);
  });
  afterAll(async () => {
    await s.close();
  });

  it('shows the ranked services: bookable, booking only, and not bookable with its reason', async () => {
    const { page } = s;
    const list = page.getByTestId('service-list');
    await list.waitFor();
    const ranks = (await list.locator('.app-service__rank').allTextContents()).map((t) => t.replace('Rank', '').trim());
    expect(ranks.map(Number)).toEqual([...ranks.map(Number)].sort((a, b) => a - b));
    const bookingOnly = page.locator(`[data-service-id="${SERVICE.bookingOnly}"]`);
    expect(await bookingOnly.innerText()).toContain('Booking only: a referral needs a booked appointment');
    expect(await page.locator(`[data-service-id="${SERVICE.utc}"]`).innerText()).toContain('Takes bookings');
    const notBookable = page.locator(`[data-service-id="${SERVICE.referralOnly}"]`);
    expect(await notBookable.innerText()).toContain('Cannot be booked');
    expect(await notBookable.locator('.app-service__why').innerText()).not.toBe('');
    await screenshot(page, 'case-services');
    await expectAccessible(page);
  });

  it('offers the referral route for a service that cannot be booked', async () => {
    const { page } = s;
    await chooseService(page, SERVICE.referralOnly);
    await page.getByTestId('not-bookable').waitFor();
    expect(await page.getByTestId('referral-panel').getAttribute('data-referral-allowed')).toBe('true');
    expect(await page.getByTestId('send-referral').isEnabled()).toBe(true);
  });

  it('says plainly when a service has no appointments, with its reason and the next steps', async () => {
    const { page } = s;
    await chooseService(page, SERVICE.noSlots);
    expect(await slotSearchDone(page)).toBe('none');
    const text = await page.getByTestId('no-slots').innerText();
    expect(text).toContain('No appointments available at this service');
    expect(text).toContain('releases new appointments at 07:00');
    await page.getByTestId('no-slots').getByRole('button', { name: 'Choose another service' }).waitFor();
    await screenshot(page, 'slots-none');
    await expectAccessible(page);
    await page.getByTestId('no-slots').getByRole('button', { name: 'Choose another service' }).click();
    await page.getByTestId('service-list').waitFor();
  });

  it('shows every slot with UK times, counts inside and after the deadline, and marks those after it', async () => {
    const { page } = s;
    await chooseService(page, SERVICE.utc);
    expect(await slotSearchDone(page)).toBe('list');
    const counts = await page.getByTestId('slot-counts').innerText();
    const m = /(\d+) appointments: (\d+) inside the timeframe, (\d+) after it/.exec(counts);
    expect(m).not.toBeNull();
    const [total, inside, outside] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
    expect(inside).toBeGreaterThan(0);
    expect(outside).toBeGreaterThan(0);
    expect(inside + outside).toBe(total);
    expect(Number(await page.getByTestId('slot-list').getAttribute('data-slot-count'))).toBe(total);
    const first = page.locator('[data-slot-index="0"]');
    expect(await first.innerText()).toMatch(/\d{2}:\d{2} to \d{2}:\d{2}/);
    // The row is one line; the chosen slot's full details are in the pane beside the list.
    await first.click();
    const text = await page.getByTestId('slot-details').innerText();
    expect(text).toContain('Riverside UTC, Riverside Community Hospital');
    expect(text).toContain('14 Wharf Road, Leeds, West Yorkshire, LS10 1AB');
    expect(text).toContain('Amara Okafor');
    expect(text).toContain('Advanced Nurse Practitioner');
    expect(text).toContain('Riverside Community Health NHS Trust');
    // Every third UTC slot does not say how it is delivered: shown as such, never defaulted.
    const channels = await page.locator('.app-slot__channel').allInnerTexts();
    expect(channels.some((c) => c.includes('Not supplied'))).toBe(true);
    expect(channels.some((c) => c.includes('In-person'))).toBe(true);
    await expect.poll(() => page.locator('.app-slot-list__day').count()).toBeGreaterThan(0);
    await screenshot(page, 'slots-list');
    await expectAccessible(page);
  });

  it('moves through the slots with the keyboard, keeping the focused one in view, to the very last', async () => {
    const { page } = s;
    await page.locator('[data-slot-index="0"]').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-slot-index'))).toBe('1');
    const total = Number(await page.getByTestId('slot-list').getAttribute('data-slot-count'));
    await page.keyboard.press('End');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-slot-index'))).toBe(String(total - 1));
    const last = page.locator(`[data-slot-index="${total - 1}"]`);
    expect(await last.getAttribute('data-outside')).toBe('true');
    expect(await last.innerText()).toMatch(/After by \d/);
    await page.keyboard.press('Home');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-slot-index'))).toBe('0');
  });

  it('shows both diaries of one site in one reply, ignores resources nobody asked for, and shows "Not supplied" for an unstated channel', async () => {
    const { page } = s;
    await page.getByRole('navigation', { name: 'Booking steps' }).getByRole('button', { name: /Choose a service/ }).click();
    await chooseService(page, SERVICE.hub);
    expect(await slotSearchDone(page)).toBe('list');
    const rows = page.locator('[data-slot-id]');
    const texts = await rows.allInnerTexts();
    expect(texts.some((t) => t.includes('General Medical Practitioner'))).toBe(true);
    const nurseRow = rows.filter({ hasText: 'Practice Nurse' }).first();
    expect(await nurseRow.innerText()).toContain('Not supplied');
    await nurseRow.click();
    const nurse = await page.getByTestId('slot-details').innerText();
    expect(nurse).toContain('Siobhan Brennan');
    expect(nurse).toContain('Northgate Health Centre');
    await rows.filter({ hasText: 'General Medical Practitioner' }).first().click();
    expect(await page.getByTestId('slot-details').innerText()).toContain('Rohan Shah');
    await screenshot(page, 'slots-two-diaries');
  });

  it('keeps the layout when the Provider returns no includes: location and practitioner "Not supplied"', async () => {
    const { page } = s;
    await page.getByRole('navigation', { name: 'Booking steps' }).getByRole('button', { name: /Choose a service/ }).click();
    await chooseService(page, SERVICE.ed);
    expect(await slotSearchDone(page)).toBe('list');
    const first = page.locator('[data-slot-index="0"]');
    await first.click();
    const text = await page.getByTestId('slot-details').innerText();
    expect(text).toContain('Not supplied');
    expect(text).not.toContain('undefined');
    const box = await first.boundingBox();
    expect(box?.height ?? 0).toBeLessThan(40);
    await screenshot(page, 'slots-no-includes');
    await expectAccessible(page);
  });
});
