import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../preload/contract';
import { expectNoAxeViolations } from './support/axe-all';
import { api, chooseService, injectFault, openCase, openSession, patient, SERVICE, slotSearchDone, type Session } from './support/booking';
import { chromiumAvailable } from './support/chromium';

/** Key presses only, counted: Tab until the focused element matches, then whatever key is asked for. */
class Keys {
  presses = 0;
  readonly log: string[] = [];
  constructor(private readonly page: Page) {}

  async press(key: string): Promise<void> {
    this.presses += 1;
    this.log.push(key);
    await this.page.keyboard.press(key);
  }

  async tabTo(selector: string, max = 15): Promise<void> {
    for (let i = 0; i <= max; i++) {
      if (await this.page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
      if (i < max) await this.press('Tab');
    }
    throw new Error(`${selector} not reached after ${max} Tabs: ${this.log.join(' ')}`);
  }
}

const focusedText = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
const focusedId = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.id ?? '');

async function bookSlot(page: Page, nth = 1): Promise<void> {
  expect(await slotSearchDone(page)).toBe('list');
  await page.locator('[data-slot-id][data-outside="false"]').nth(nth).click();
  await page.getByTestId('confirm-step').waitFor();
  await page.getByTestId('book-button').click();
  await page.getByTestId('booked').waitFor();
}

describe.skipIf(!chromiumAvailable())('the call without traps (issue 20)', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(async () => {
    await s.close();
  });

  it('books from the opened case to "booked" with the keyboard alone in 10 key presses or fewer', async () => {
    const { page } = s;
    await openCase(s, patient({ family: 'Keyboard' }));
    // The case opens with focus on its step heading: the count starts there.
    await expect.poll(() => focusedId(page)).toBe('step-heading');
    // Count from the moment the services are there to reach: under load the list can arrive after
    // the heading takes focus, and Tabs pressed before it wander through the header (seen: 19).
    const utc = `[data-service-id="${SERVICE.utc}"] .app-service__action button`;
    await page.locator(utc).waitFor();
    const keys = new Keys(page);
    await keys.tabTo(utc);
    await keys.press('Enter');
    expect(await slotSearchDone(page)).toBe('list');
    await expect.poll(() => focusedId(page)).toBe('step-heading');
    await keys.tabTo('[data-slot-id]');
    await keys.press('Enter');
    await page.getByTestId('confirm-step').waitFor();
    await keys.tabTo('[data-testid="book-button"]');
    await keys.press('Enter');
    await page.getByTestId('booked').waitFor();
    console.log(`case to booked: ${keys.presses} key presses (${keys.log.join(' ')})`);
    expect(keys.presses).toBeLessThanOrEqual(10);
    await expect.poll(() => focusedText(page)).toBe('Booked');
    await expectNoAxeViolations(page, 'booked with the keyboard');
  });

  it('keeps the slot filters out of the Tab path until "Filter slots" is opened; "?" lists the keyboard shortcuts', async () => {
    const { page } = s;
    await openCase(s, patient({ family: 'Disclose' }));
    await chooseService(page, SERVICE.utc);
    expect(await slotSearchDone(page)).toBe('list');
    expect(await page.getByLabel('How', { exact: true }).count()).toBe(0);
    expect(await page.getByTestId('jump-to-deadline').count()).toBe(0);
    await expectNoAxeViolations(page, 'slots, filters closed');
    const toggle = page.getByRole('button', { name: 'Filter slots' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByLabel('How', { exact: true }).selectOption('Not supplied');
    expect((await page.locator('.app-slot__channel').allInnerTexts()).every((ch) => ch === 'Not supplied')).toBe(true);
    await page.getByTestId('jump-to-deadline').waitFor();
    await expectNoAxeViolations(page, 'slots, filters open');

    // "?" typed into the notes is text, not a shortcut.
    await page.locator('#case-screen-notes').focus();
    await page.keyboard.press('?');
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
    expect(await page.locator('#case-screen-notes').inputValue()).toBe('?');
    await page.locator('#case-screen-notes').fill('');

    await page.locator('#step-heading').focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    const text = await dialog.innerText();
    for (const shortcut of ['Alt+1', 'Alt+2', 'Tab', 'Enter', 'Up', 'Home', 'Escape']) expect(text).toContain(shortcut);
    await expectNoAxeViolations(page, 'keyboard shortcuts');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });

  it('focus lands on the step heading after opening, booking, rebooking and cancelling; after a cancel the step bar leaves "Booked"', async () => {
    const { page } = s;
    await openCase(s, patient({ family: 'Focus' }));
    await expect.poll(() => focusedText(page)).toBe('Choose a service');
    await expectNoAxeViolations(page, 'case opened');
    await chooseService(page, SERVICE.utc);
    expect(await slotSearchDone(page)).toBe('list');
    await expectNoAxeViolations(page, 'slot list');
    await page.locator('[data-slot-id][data-outside="false"]').nth(1).click();
    await page.getByTestId('confirm-step').waitFor();
    await expectNoAxeViolations(page, 'check and book');
    await page.getByTestId('book-button').click();
    await page.getByTestId('booked').waitFor();
    await expect.poll(() => focusedText(page)).toBe('Booked');
    await expectNoAxeViolations(page, 'booked');
    const first = await page.getByTestId('booked').getAttribute('data-booking-id');

    await page.getByTestId('rebook-button').click();
    await page.getByLabel('Why is the appointment being moved?').fill('The patient cannot get there before 6 pm');
    await page.locator('[data-testid="case-bookings"] [data-testid="slot-list"][data-painted]').waitFor();
    await page.locator('[data-testid="case-bookings"] [data-slot-id][data-outside="false"]').nth(4).click();
    await page.getByTestId('confirm-rebook').click();
    await expect.poll(() => page.getByTestId('booked').getAttribute('data-booking-id'), { timeout: 20_000 }).not.toBe(first);
    await expect.poll(() => focusedText(page)).toBe('Booked');
    await expectNoAxeViolations(page, 'rebooked');

    await page.locator('[data-booking-status="booked"]').getByTestId('cancel-button').click();
    await page.getByLabel('Why is the appointment being cancelled?').fill('The patient will see their own GP');
    await page.getByTestId('confirm-cancel').click();
    await page.getByTestId('cancel-outcome').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('nav[aria-label="Booking steps"] [aria-current="step"]').innerText()).not.toContain('Booked');
    expect(await page.locator('#step-heading').innerText()).toMatch(/^Choose an appointment at /);
    await expect.poll(() => focusedId(page)).toBe('step-heading');
    expect(await page.getByTestId('cancel-outcome').innerText()).toMatch(/cancel/i);
    await expectNoAxeViolations(page, 'cancelled');
  });

  it('notes typed but not saved hold the referral with a plain question; sent with it, they are in the document; its status is said once', async () => {
    const { page } = s;
    const c = await openCase(s, patient({ family: 'Notes' }));
    await chooseService(page, SERVICE.utc);
    await bookSlot(page);
    await page.locator('#case-screen-notes').fill('Fell on the left wrist at 14:00; swelling, no head injury.');
    await page.getByTestId('send-referral').click();
    const question = page.getByTestId('unsaved-notes-question');
    await question.waitFor();
    expect(await question.innerText()).toContain('Fell on the left wrist');
    await expect.poll(() => focusedText(page)).toMatch(/notes you typed are not saved/);
    expect((await api<Case>(s.ws, 'case:get', { caseId: c.id })).referrals).toHaveLength(0);
    await expectNoAxeViolations(page, 'unsaved notes question');
    await question.getByRole('button', { name: 'Save the notes and send them with the referral' }).click();
    await expect.poll(() => page.getByTestId('referral-panel').getAttribute('data-referral-status'), { timeout: 20_000 }).toBe('sent');
    expect((await api<Case>(s.ws, 'case:get', { caseId: c.id })).notes).toBe('Fell on the left wrist at 14:00; swelling, no head injury.');
    const panel = page.getByTestId('referral-panel');
    expect((await panel.innerText()).match(/referral sent/gi) ?? []).toHaveLength(1);
    await page.getByTestId('view-referral-document').click();
    expect(await page.getByTestId('referral-document').innerText()).toContain('Fell on the left wrist');
    await expectNoAxeViolations(page, 'referral sent');

    // Notes saved after the referral went: an update carrying them is offered, and sent.
    await page.locator('#case-screen-notes').fill('Fell on the left wrist at 14:00; swelling, no head injury. Now numb fingers: advised 999 if worse.');
    await page.getByTestId('save-notes').click();
    await expect.poll(() => page.getByTestId('referral-panel').getAttribute('data-referral-status')).toBe('update-offered');
    expect(await page.getByTestId('referral-state').innerText()).toContain('sent before the latest notes were saved');
    expect(await page.getByTestId('referral-preview-notes').innerText()).toContain('Now numb fingers');
    await page.getByTestId('send-referral').click();
    await expect.poll(() => page.getByTestId('referral-panel').getAttribute('data-referral-status'), { timeout: 20_000 }).toBe('sent');
    const update = page.locator('[data-testid="referral-item"][data-referral-kind="update"]');
    await update.getByTestId('view-referral-document').click();
    expect(await update.getByTestId('referral-document').innerText()).toContain('Now numb fingers');
    await expectNoAxeViolations(page, 'referral update sent');
  });
  it('booked with a service that takes a referral: the Cases list says "booked, referral not sent", and closing without it needs a reason, audited', async () => {
    const { page } = s;
    const c = await openCase(s, patient({ family: 'Unreferred' }));
    await chooseService(page, SERVICE.utc);
    await bookSlot(page, 2);
    // The booked step leads into the referral: its preview, with the notes, is the next thing on it.
    expect(await page.locator('.app-booked-step [data-testid="referral-preview"]').innerText()).toContain('Riverside Urgent Treatment Centre');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Cases' }).click();
    const row = page.locator('[data-testid="case-list"] tr', { hasText: 'UNREFERRED' });
    expect(await row.getByTestId('referral-not-sent').innerText()).toBe('Booked, referral not sent');
    await expectNoAxeViolations(page, 'cases list, referral not sent');
    await row.getByRole('button', { name: /^Open/ }).click();
    await page.locator(`[data-case-id="${c.id}"]`).waitFor();
    await page.getByTestId('close-case').click();
    const question = page.getByTestId('close-without-referral');
    await question.waitFor();
    expect(await question.innerText()).toContain('The referral to Riverside Urgent Treatment Centre has not been sent.');
    await expect.poll(() => focusedText(page)).toMatch(/has not been sent/);
    await page.getByTestId('confirm-close-without-referral').click();
    expect(await question.innerText()).toContain('Enter why the referral is not being sent');
    expect((await api<Case>(s.ws, 'case:get', { caseId: c.id })).status).toBe('open');
    await expectNoAxeViolations(page, 'close without a referral');
    await page.getByLabel('Why is the case closed without a referral?').fill('The UTC takes the history by phone at arrival');
    await page.getByTestId('confirm-close-without-referral').click();
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    const closed = page.locator('[data-testid="case-list"] tr', { hasText: 'UNREFERRED' });
    expect(await closed.getByTestId('case-state').innerText()).toContain('Closed without a referral: The UTC takes the history by phone at arrival');
    expect(await closed.getByTestId('referral-not-sent').count()).toBe(0);
    const event = s.ws.app.db?.prepare("SELECT detail FROM audit_events WHERE type = 'case.closed' AND case_id = ?").get(c.id) as { detail: string } | undefined;
    expect(JSON.parse(event?.detail ?? '{}')).toMatchObject({ withoutReferral: true, reason: 'The UTC takes the history by phone at arrival', dosServiceId: SERVICE.utc });
  });
});

describe.skipIf(!chromiumAvailable())('nothing typed is dropped (issue 20: any field a send or a move would leave out)', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(async () => {
    await s.close();
  });

  it('closing the case with notes not saved and a cancellation reason half-typed asks first; the notes are saved on the way, the appointment stays booked', async () => {
    const { page } = s;
    const c = await openCase(s, patient({ family: 'Closing' }));
    await chooseService(page, SERVICE.utc);
    await bookSlot(page);
    await page.locator('#case-screen-notes').fill('Cut to the right palm, bleeding controlled; tetanus up to date.');
    await page.locator('[data-booking-status="booked"]').getByTestId('cancel-button').click();
    await page.getByLabel('Why is the appointment being cancelled?').fill('Patient may go to their own GP');
    await page.getByTestId('close-case').click();
    const question = page.getByTestId('close-typed-question');
    await question.waitFor();
    await expect.poll(() => focusedText(page)).toMatch(/has not been saved or sent/);
    const items = await question.getByTestId('close-typed-item').allInnerTexts();
    expect(items.some((i) => i.includes('Cut to the right palm'))).toBe(true);
    expect(items.some((i) => /cancelled.*Patient may go to their own GP/.test(i))).toBe(true);
    expect((await api<Case>(s.ws, 'case:get', { caseId: c.id })).status).toBe('open');
    await expectNoAxeViolations(page, 'close with typed text not sent');
    await question.getByRole('button', { name: 'Save the notes and close the case' }).click();
    // The referral is still due: its own question comes next, as before.
    await page.getByTestId('close-without-referral').waitFor();
    expect((await api<Case>(s.ws, 'case:get', { caseId: c.id })).notes).toBe('Cut to the right palm, bleeding controlled; tetanus up to date.');
    await page.getByLabel('Why is the case closed without a referral?').fill('The UTC takes the history at arrival');
    await page.getByTestId('confirm-close-without-referral').click();
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    const closed = await api<Case>(s.ws, 'case:get', { caseId: c.id });
    expect(closed.status).toBe('closed');
    expect(closed.bookings.map((b) => b.status)).toEqual(['booked']);
  });

  it('leaving the case with a cancellation reason typed and not sent asks first; staying keeps it, leaving sends nothing', async () => {
    const { page } = s;
    const c = await openCase(s, patient({ family: 'Leaving' }));
    await chooseService(page, SERVICE.utc);
    await bookSlot(page);
    await page.locator('[data-booking-status="booked"]').getByTestId('cancel-button').click();
    await page.getByLabel('Why is the appointment being cancelled?').fill('Patient feels better and wants to stay home');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Cases' }).click();
    const question = page.getByTestId('leave-question');
    await question.waitFor();
    await expect.poll(() => focusedText(page)).toMatch(/has not been sent/);
    expect(await question.innerText()).toContain('Patient feels better and wants to stay home');
    expect(await page.locator(`[data-case-id="${c.id}"]`).count()).toBe(1);
    await expectNoAxeViolations(page, 'leave with a reason typed');
    await question.getByRole('button', { name: 'Go back to it' }).click();
    expect(await page.getByLabel('Why is the appointment being cancelled?').inputValue()).toBe('Patient feels better and wants to stay home');
    // The keyboard shortcut is a way out too.
    await page.locator('#step-heading').focus();
    await page.keyboard.press('Alt+1');
    await question.waitFor();
    await question.getByRole('button', { name: 'Leave without it' }).click();
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    expect((await api<Case>(s.ws, 'case:get', { caseId: c.id })).bookings.map((b) => b.status)).toEqual(['booked']);
  });

  it('an approval typed for one slot after the deadline stays when another is chosen, says which slot it was typed for, and a step change asks before dropping it', async () => {
    const { page } = s;
    await openCase(s, patient({ family: 'Approval' }));
    await chooseService(page, SERVICE.utc);
    expect(await slotSearchDone(page)).toBe('list');
    const after = page.locator('[data-slot-id][data-outside="true"]');
    await after.first().click();
    await page.getByTestId('approval').waitFor();
    await page.getByLabel('Why this appointment is clinically acceptable').fill('Stable, safety-netted; no earlier suitable appointment.');
    await after.nth(1).click();
    await expect.poll(() => page.getByTestId('confirm-step').getAttribute('data-slot-id')).toBe(await after.nth(1).getAttribute('data-slot-id'));
    expect(await page.getByLabel('Why this appointment is clinically acceptable').inputValue()).toBe('Stable, safety-netted; no earlier suitable appointment.');
    expect(await page.getByTestId('approval-carried').innerText()).toMatch(/typed for the appointment at .*Check it applies to this one/);
    await page.getByRole('navigation', { name: 'Booking steps' }).getByRole('button', { name: /Choose a service/ }).click();
    const question = page.getByTestId('leave-question');
    await question.waitFor();
    expect(await question.innerText()).toContain('no earlier suitable appointment');
    await question.getByRole('button', { name: 'Go back to it' }).click();
    expect(await page.getByTestId('approval').count()).toBe(1);
    await page.getByRole('navigation', { name: 'Booking steps' }).getByRole('button', { name: /Choose a service/ }).click();
    await question.getByRole('button', { name: 'Leave without it' }).click();
    await expect.poll(() => page.locator('#step-heading').innerText()).toBe('Choose a service');
  });

  it('the way of seeing the patient chosen in compare is the slot list’s filter, set where it can be seen and cleared; "Any way" sets none', async () => {
    const { page } = s;
    await openCase(s, patient({ family: 'Channel' }));
    await page.getByTestId('compare-services').click();
    await page.getByTestId('compare').waitFor({ timeout: 40_000 });
    await page.getByLabel('How the patient is seen').selectOption('Telephone');
    await page.locator(`[data-compare-service="${SERVICE.ooh}"] [data-testid^="compare-earliest"]`).click();
    await page.getByTestId('confirm-step').waitFor();
    const toggle = page.getByTestId('filter-slots');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await toggle.innerText()).toContain('filters on');
    expect(await page.getByLabel('How', { exact: true }).inputValue()).toBe('Telephone');
    const channels = () => page.locator('[data-testid="slot-list"] .app-slot__channel').allInnerTexts();
    expect((await channels()).length).toBeGreaterThan(0);
    expect((await channels()).every((ch) => ch === 'Telephone')).toBe(true);
    const total = Number(await page.getByTestId('slot-list').getAttribute('data-slot-count'));
    const counts = await page.getByTestId('slot-counts').innerText();
    expect(Number(await page.getByTestId('slot-shown-count').innerText())).toBe(total);
    expect(Number(/^(\d+) appointments/.exec(counts)?.[1])).toBeGreaterThan(total);
    await expectNoAxeViolations(page, 'slots filtered from compare');
    await page.getByTestId('clear-slot-filters').click();
    expect(await page.getByLabel('How', { exact: true }).inputValue()).toBe('any');
    expect(await page.getByTestId('slot-shown-count').count()).toBe(0);
    expect(new Set(await channels()).size).toBeGreaterThan(1);

    // Left at "Any way", compare sets no channel on the list.
    await openCase(s, patient({ family: 'Anyway' }));
    await page.getByTestId('compare-services').click();
    await page.getByTestId('compare').waitFor({ timeout: 40_000 });
    await page.locator(`[data-compare-service="${SERVICE.ooh}"] [data-testid^="compare-earliest"]`).click();
    await page.getByTestId('confirm-step').waitFor();
    expect(await page.getByTestId('filter-slots').getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('filter-slots').innerText()).not.toContain('filters on');
    expect(await page.getByTestId('slot-shown-count').count()).toBe(0);
  }, 120_000);
});

describe.skipIf(!chromiumAvailable())('waiting for a slow service', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ settings: { mode: 'sandbox', actionDeadlines: { slotSearchMs: 2_000 } } });
  });
  afterAll(async () => {
    await s.close();
  });

  it('says one time limit: the one it gives up after is the one it reports', async () => {
    const { page } = s;
    await openCase(s, patient({ family: 'Slow' }));
    injectFault(s.ws, SERVICE.utc, { kind: 'delay', delayMs: 10_000, operation: 'search', times: 1 });
    await chooseService(page, SERVICE.utc);
    const busy = page.getByTestId('slot-search-busy');
    await busy.waitFor();
    expect(await busy.innerText()).toContain('gives up after 2 s');
    expect(await slotSearchDone(page)).toBe('failed');
    const failed = await page.getByTestId('slot-search-failed').innerText();
    const figures = [...failed.matchAll(/(\d+) (?:s|seconds?)\b/g)].map((m) => m[1]);
    expect(figures.every((f) => f === '2')).toBe(true);
  });
});

describe.skipIf(!chromiumAvailable())('the services at 02:08 on a Sunday', () => {
  let s: Session;
  beforeAll(async () => {
    // Sunday 14 June 2026, 02:08 in the UK (BST).
    s = await openSession({ now: new Date('2026-06-14T01:08:00Z') });
  });
  afterAll(async () => {
    await s.close();
  });

  it('keeps the directory’s order and says so; each service says open now, or when it opens in UK time with the date', async () => {
    const { page } = s;
    await openCase(s, patient({ family: 'Sunday' }));
    await page.getByTestId('service-list').waitFor();
    expect(await page.getByTestId('service-order').innerText()).toContain('In the Directory of Services’ order');
    const ranks = (await page.locator('.app-service__rank').allInnerTexts()).map((r) => Number(r.replace(/\D/g, '')));
    expect(ranks).toEqual(ranks.map((_, i) => i + 1));
    const opening = (id: string) => page.locator(`[data-service-id="${id}"]`).getByTestId('service-opening').innerText();
    // Its clinics are weekday evenings and weekend days: closed in the night, and when it opens next.
    expect(await opening(SERVICE.hub)).toMatch(/^Closed now: opens Sun,? 14 Jun 2026, 09:00$/);
    expect(await opening(SERVICE.utc)).toBe('Open now: 24 hours');
    // Its night session runs into Monday morning: the day is said, not just "08:00".
    expect(await opening(SERVICE.ooh)).toMatch(/^Open now, until Mon,? 15 Jun 2026, 08:00$/);
    await expectNoAxeViolations(page, 'services at night');
  });

  it('compare suggests a slot the patient can reach, by the chosen channel, says why, and takes every bookable service a page at a time', async () => {
    const { page } = s;
    await openCase(s, patient({ family: 'Weigh' }));
    await page.getByTestId('compare-services').click();
    await page.getByTestId('compare').waitFor({ timeout: 40_000 });
    const utc = page.locator(`[data-compare-service="${SERVICE.utc}"]`);
    // 02:08 now: the UTC's in-person slots at 02:15 and 02:30 are too soon to reach; the suggestion says so.
    expect(await utc.getByTestId('compare-why').innerText()).toBe('Earliest inside the deadline; in-person slots (and any that do not say how) starting within 30 minutes are passed over so the patient can get there.');
    const [h, m] = (await utc.getByTestId('compare-earliest').innerText()).slice(0, 5).split(':').map(Number);
    expect((h ?? 0) * 60 + (m ?? 0)).toBeGreaterThanOrEqual(2 * 60 + 38);
    await page.getByLabel('How the patient is seen').selectOption('Telephone');
    expect(await page.locator(`[data-compare-service="${SERVICE.ooh}"]`).getByTestId('compare-why').innerText()).toContain('by telephone');
    await expectNoAxeViolations(page, 'compare by telephone');
    const all = await page.getByTestId('compare-all').innerText();
    const bookable = Number(/all (\d+) bookable/.exec(all)?.[1]);
    expect(bookable).toBeGreaterThan(5);
    await page.getByTestId('compare-all').click();
    await expect.poll(() => page.getByTestId('compare').count(), { timeout: 90_000 }).toBe(1);
    await page.locator('.app-compare__caption', { hasText: `${bookable} of ${bookable} bookable services searched` }).waitFor({ timeout: 90_000 });
    expect(await page.locator('[data-compare-service]').count()).toBe(5);
    const firstPage = await page.locator('[data-compare-service]').first().getAttribute('data-compare-service');
    await page.getByTestId('compare-next-page').click();
    expect(await page.locator('[data-compare-service]').first().getAttribute('data-compare-service')).not.toBe(firstPage);
    await expectNoAxeViolations(page, 'compare all, page 2');
  }, 150_000);
});
