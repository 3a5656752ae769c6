import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../preload/contract';
import { chromiumAvailable, newPage, syncClock } from './support/chromium';
import { expectAccessible, screenshot } from './support/page';
import { fillDate } from './support/dates';
import { api, chooseService, fillRegistration, openCase, openSession, patient, SERVICE, slotSearchDone, type Session } from './support/booking';

const DESK = { width: 1366, height: 768 };

async function openNewCase(page: Page): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Cases' }).click();
  await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
  await nav.getByRole('button', { name: 'New case' }).click();
  await page.getByRole('button', { name: 'Start the case' }).or(page.getByTestId('draft-offered')).waitFor();
  if ((await page.getByTestId('draft-offered').count()) > 0) {
    await page.getByRole('button', { name: 'Start a new call' }).click();
    await expect.poll(() => page.locator('#patient-given').inputValue()).toBe('');
  }
}

async function fillPatient(page: Page, family: string): Promise<void> {
  await page.getByLabel('Assessment outcome (disposition)').selectOption('Dx05');
  await page.getByLabel('Given name', { exact: true }).fill('Robin');
  await page.getByLabel('Family name', { exact: true }).fill(family);
  await fillDate(page, 'Date of birth', '1988-02-29');
  await page.getByLabel('Gender').selectOption('other');
  await page.locator('#address-line1').fill('1 Dock Street');
  await page.locator('#address-postcode').fill('LS10 1PZ');
  await page.locator('[data-number-key] input[type="tel"]').first().fill('07700 900321');
  await page.locator('[data-number-key] select[id$="-rank"]').first().selectOption('1');
}

/**
 * The form's kept copy, as last typed, has reached main: the status line says it was kept, and
 * main's copy holds `typed` (the status line alone can still show an earlier save).
 */
async function kept(s: Session, typed: string): Promise<void> {
  await expect.poll(() => s.page.getByTestId('draft-saved').innerText()).toMatch(/^Form kept at \d{2}:\d{2}/);
  await expect.poll(async () => (await api<{ draft?: { form: string } }>(s.ws, 'case:loadDraft', {})).draft?.form).toContain(typed);
}

/** The visible primary buttons (an NHS button with no secondary, reverse or warning modifier), by their text. */
async function primaryActions(page: Page): Promise<string[]> {
  const primary = page.locator('.nhsuk-button:not(.nhsuk-button--secondary):not(.nhsuk-button--reverse):not(.nhsuk-button--warning)');
  const labels: string[] = [];
  for (const button of await primary.all()) if (await button.isVisible()) labels.push((await button.innerText()).trim());
  return labels;
}

async function caseByFamily(s: Session, family: string): Promise<Case> {
  const list = await api<{ cases: { id: string; patientName: string }[] }>(s.ws, 'case:list', {});
  const found = list.cases.find((c) => c.patientName.includes(family.toUpperCase()));
  if (found === undefined) throw new Error(`no case for ${family}`);
  return api<Case>(s.ws, 'case:get', { caseId: found.id });
}

describe.skipIf(!chromiumAvailable())('forms that do not lose work (1366×768)', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
    await s.page.setViewportSize(DESK);
  });
  afterAll(async () => {
    await s.close();
  });

  it('keeps the new-case form across a page reload and a trip to another screen', async () => {
    const { page } = s;
    await openNewCase(page);
    await fillPatient(page, 'Keeper');
    await kept(s, '"rank":"1"');
    await page.reload();
    // The kept form is offered back with whose call it was, never put into the form on its own.
    await page.getByTestId('draft-offered').waitFor();
    expect(await page.locator('#patient-family').count()).toBe(0);
    expect(await page.getByTestId('draft-offered-whose').innerText()).toMatch(/^It is for Robin Keeper, born 29 February 1988: begun at Tue,? 9 Jun 2026, \d{2}:\d{2}, last changed at Tue,? 9 Jun 2026, \d{2}:\d{2}\.$/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kept-form-heading');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Continue that call’s form' }).click();
    await page.getByTestId('draft-restored').waitFor();
    expect(await page.locator('#patient-family').inputValue()).toBe('Keeper');
    expect(await page.locator('#patient-birth-date-day').inputValue()).toBe('29');
    expect(await page.locator('#patient-birth-date-month').inputValue()).toBe('2');
    expect(await page.getByLabel('Assessment outcome (disposition)').inputValue()).toBe('Dx05');
    expect(await page.locator('[data-number-key] select[id$="-rank"]').first().inputValue()).toBe('1');
    await screenshot(page, 'new-case-restored');
    await expectAccessible(page);
    // Another screen and back: still there, with the change made just before leaving.
    await page.locator('#patient-given').fill('Robyn');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Find a booking' }).click();
    await page.getByRole('heading', { name: 'Find a booking', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'New case' }).click();
    await page.getByRole('button', { name: 'Continue that call’s form' }).click();
    await page.getByTestId('draft-restored').waitFor();
    expect(await page.locator('#patient-given').inputValue()).toBe('Robyn');
    // Starting the case ends the draft: the next new case is empty.
    await page.getByRole('button', { name: 'Start the case' }).click();
    await page.locator('[data-case-id]').first().waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'New case' }).click();
    await page.getByRole('button', { name: 'Start the case' }).waitFor();
    expect(await page.getByTestId('draft-restored').count()).toBe(0);
    expect(await page.locator('#patient-family').inputValue()).toBe('');
  });

  it('starts the next caller clean: a kept form is offered back, and a new call gets an empty form whose start is now', async () => {
    const { page } = s;
    await openNewCase(page);
    await fillPatient(page, 'Previous');
    await page.getByRole('button', { name: 'Change the start time' }).click();
    await page.locator('#case-started-at-time').fill('09:05');
    await kept(s, '"startTime":"09:05"');
    // The call ends without a case; the next caller rings and the clinician opens a new case.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Cases' }).click();
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'New case' }).click();
    await page.getByTestId('draft-offered').waitFor();
    expect(await page.getByTestId('draft-offered-whose').innerText()).toContain('Robin Previous');
    await page.getByRole('button', { name: 'Start a new call' }).click();
    await page.getByRole('button', { name: 'Start the case' }).waitFor();
    expect(await page.locator('#patient-family').inputValue()).toBe('');
    expect(await page.locator('[data-number-key] input[type="tel"]').first().inputValue()).toBe('');
    expect(await page.getByTestId('case-start').innerText()).toMatch(/^Case started Tue,? 9 Jun 2026, 14:\d{2} \(when this form was opened\)/);
    expect(await page.getByTestId('draft-restored').count()).toBe(0);
    // The previous call's form is gone: a reload offers nothing back.
    await page.reload();
    await page.getByRole('button', { name: 'Start the case' }).waitFor();
    expect(await page.getByTestId('draft-offered').count()).toBe(0);
  });

  it('lists errors in the order of the page and clears each one as soon as its field is corrected', async () => {
    const { page } = s;
    await openNewCase(page);
    await page.locator('[data-number-key] input[type="tel"]').first().fill('07700 900111');
    await page.getByRole('button', { name: 'Start the case' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    const ordered = await page.evaluate(() => {
      const ids = [...document.querySelectorAll('[data-testid="error-summary"] a')].map((a) => a.getAttribute('href')?.slice(1) ?? '');
      const els = ids.map((id) => document.getElementById(id));
      return { ids, inOrder: els.every((el, i) => i === 0 || (el !== null && els[i - 1] !== null && (els[i - 1] as Element).compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0) };
    });
    expect(ordered.ids.slice(0, 3)).toEqual(['disposition', 'patient-given', 'patient-family']);
    expect(ordered).toEqual({ ids: ordered.ids, inOrder: true });
    await screenshot(page, 'new-case-errors-in-order');
    const before = await summary.locator('li').count();
    await page.locator('#patient-given').fill('Robin');
    await expect.poll(() => summary.locator('li').count()).toBe(before - 1);
    expect(await page.locator('#patient-given-error').count()).toBe(0);
    expect(await summary.innerText()).not.toContain('Given name');
    // Typing stays in the field: clearing an error never pulls focus back to the summary.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('patient-given');
    // A half-corrected date keeps its error, now saying what is still missing.
    await page.locator('#patient-birth-date-day').fill('3');
    await expect.poll(() => page.locator('#patient-birth-date-error').innerText()).toContain('Date of birth must include a month and a year');
    await expectAccessible(page);
  });

  it('explains a refused rank 1 beside the rank the user just chose', async () => {
    const { page } = s;
    await openNewCase(page);
    await page.locator('[data-number-key] input[type="tel"]').first().fill('07700 900456');
    await page.locator('[data-number-key] select[id$="-rank"]').first().selectOption('1');
    await page.getByRole('button', { name: 'Add a number for the patient' }).click();
    const second = page.locator('[data-number-key]').nth(1);
    await second.locator('input[type="tel"]').fill('0113 496 0000');
    await second.locator('select[id$="-rank"]').selectOption('1');
    const refusal = second.getByTestId('rank-refused');
    await expect.poll(() => refusal.innerText()).toContain('07700 900456 (Mobile phone) for the patient is already rank 1');
    expect(await page.locator('[data-number-key]').first().getByTestId('rank-refused').count()).toBe(0);
    const select = await second.locator('select[id$="-rank"]').boundingBox();
    const message = await refusal.boundingBox();
    // Right under the rank box, inside the viewport the user is looking at.
    expect(message !== null && select !== null && message.y - (select.y + select.height) < 60 && message.y + message.height < DESK.height + (await page.evaluate(() => window.scrollY))).toBe(true);
    await screenshot(page, 'new-case-rank-refused');
    await expectAccessible(page);
  });

  it('takes the call’s notes on the new-case form (limit explained, kept across a reload), keeps unsaved edits on the case, and shows them in the readable referral', async () => {
    const { page } = s;
    await openNewCase(page);
    await fillPatient(page, 'Notetaker');
    const notes = page.locator('#case-notes');
    await notes.fill('x'.repeat(4001));
    await page.getByRole('button', { name: 'Start the case' }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await summary.getByRole('link', { name: 'The notes must be 4,000 characters or fewer (now 4,001): shorten them.' }).waitFor();
    await notes.fill('Fell from a step ladder at 14:00, left wrist swollen.\nNo head injury; takes warfarin.');
    // The summary goes on the re-render after the fix; count() alone would read the page before it.
    await summary.waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
    expect(await summary.count()).toBe(0);
    await kept(s, 'warfarin');
    await page.reload();
    await page.getByRole('button', { name: 'Continue that call’s form' }).click();
    await page.getByTestId('draft-restored').waitFor();
    expect(await page.locator('#case-notes').inputValue()).toBe('Fell from a step ladder at 14:00, left wrist swollen.\nNo head injury; takes warfarin.');
    await page.getByRole('button', { name: 'Start the case' }).click();
    await page.locator('[data-case-id]').first().waitFor();
    const started = await caseByFamily(s, 'Notetaker');
    expect(started.notes).toBe('Fell from a step ladder at 14:00, left wrist swollen.\nNo head injury; takes warfarin.');

    // On the case: an edit not yet saved survives a reload (main keeps it as a draft), then is saved on request.
    const onCase = page.locator('#case-screen-notes');
    expect(await onCase.inputValue()).toBe(started.notes);
    await onCase.fill(`${started.notes ?? ''}\nAdvised to call 999 if the hand goes numb.`);
    await expect.poll(async () => (await api<{ draft?: { form: string } }>(s.ws, 'case:loadDraft', { caseId: started.id })).draft?.form).toContain('999');
    await page.reload();
    await page.getByTestId('notes-restored').waitFor();
    expect(await page.locator('#case-screen-notes').inputValue()).toContain('Advised to call 999');
    expect((await api<Case>(s.ws, 'case:get', { caseId: started.id })).notes).not.toContain('999');
    await page.getByTestId('save-notes').click();
    await expect.poll(() => page.getByTestId('notes-state').innerText()).toMatch(/^Notes saved at \d{2}:\d{2}\.$/);
    expect((await api<Case>(s.ws, 'case:get', { caseId: started.id })).notes).toContain('Advised to call 999');
    expect((await api<{ draft?: unknown }>(s.ws, 'case:loadDraft', { caseId: started.id })).draft).toBeUndefined();
    await screenshot(page, 'case-notes');
    await expectAccessible(page);

    // The referral carries them as their own section, read as a document.
    await api(s.ws, 'case:chooseService', { caseId: started.id, serviceId: SERVICE.utc });
    await api(s.ws, 'referral:send', { caseId: started.id });
    await page.reload();
    await page.getByTestId('view-referral-document').first().click();
    const section = page.getByTestId('cda-section').filter({ has: page.getByRole('heading', { name: 'Clinical notes of the call' }) });
    await section.waitFor();
    expect(await section.locator('p').allInnerTexts()).toEqual([
      'Fell from a step ladder at 14:00, left wrist swollen.',
      'No head injury; takes warfarin.',
      'Advised to call 999 if the hand goes numb.',
    ]);
    await screenshot(page, 'referral-readable-notes');
    await expectAccessible(page);
  });

  it('offers exactly one primary action at each step, from the new case to the referral sent', async () => {
    const { page } = s;
    await openNewCase(page);
    expect(await primaryActions(page), 'new case').toEqual(['Start the case']);
    await fillPatient(page, 'Primary');
    await page.getByRole('button', { name: 'Start the case' }).click();
    await page.locator('[data-case-id][data-step="services"]').waitFor();
    await page.locator(`[data-service-id="${SERVICE.utc}"]`).waitFor();
    expect(await primaryActions(page), 'services').toEqual(['Compare the top 5 bookable services']);
    await chooseService(page, SERVICE.utc);
    expect(await slotSearchDone(page)).toBe('list');
    // Choosing an appointment is done in the list itself: no button competes with it.
    expect(await primaryActions(page), 'slots').toEqual([]);
    expect(await page.getByTestId('slot-pane').innerText()).toContain('Choose an appointment from the list');
    await page.locator('[data-slot-id][data-outside="false"]').nth(5).click();
    await page.getByTestId('confirm-step').waitFor();
    expect(await primaryActions(page), 'check and book').toEqual(['Book this appointment']);
    await page.getByTestId('book-button').click();
    await page.getByTestId('booked').waitFor();
    expect(await primaryActions(page), 'booked').toEqual(['Send referral']);
    await page.getByTestId('send-referral').click();
    await page.getByTestId('referral-outcome').waitFor();
    expect(await primaryActions(page), 'referral sent').toEqual(['Start a new case']);
    await screenshot(page, 'case-referred-next-case');
    await expectAccessible(page);
    await page.getByTestId('next-case').click();
    await page.getByRole('heading', { name: 'New case', level: 1 }).waitFor();
  });

  it('starts a case for a patient of no fixed abode', async () => {
    const { page } = s;
    await openNewCase(page);
    await fillPatient(page, 'Nfa');
    await page.getByLabel('No fixed abode').check();
    expect(await page.locator('#address-line1').count()).toBe(0);
    await page.locator('#address-postcode').fill('');
    await screenshot(page, 'new-case-no-fixed-abode');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Start the case' }).click();
    await page.locator('[data-case-id]').first().waitFor();
    const c = await caseByFamily(s, 'Nfa');
    expect(c.patient.address).toEqual({ lines: [], noFixedAbode: true, postcode: 'ZZ99 3VZ' });
  });

  it('sets the deadline by hand only with a reason and who decided, and audits both', async () => {
    const { page } = s;
    await openNewCase(page);
    await fillPatient(page, 'Byhand');
    await page.getByLabel('Set the deadline by hand').check();
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(s.ws.clock().getTime() + 86_400_000));
    await fillDate(page, 'Deadline (UK time)', tomorrow);
    await page.getByLabel('Time (24-hour)').fill('18:30');
    await page.getByRole('button', { name: 'Start the case' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('Enter the name and role of who decided the deadline');
    await page.getByLabel('Why the deadline is different').fill('ok');
    await page.getByLabel('Who decided (name and role)').fill('Dr Priya Nair, GP');
    await page.getByRole('button', { name: 'Start the case' }).click();
    await expect.poll(() => summary.innerText()).toContain('Give the clinical reason in at least 20 characters');
    await screenshot(page, 'new-case-deadline-by-hand');
    await expectAccessible(page);
    await page.getByLabel('Why the deadline is different').fill('Carer can only bring the patient after work');
    await page.getByRole('button', { name: 'Start the case' }).click();
    await page.locator('[data-case-id]').first().waitFor();
    const c = await caseByFamily(s, 'Byhand');
    expect(c.outcome).toMatchObject({ deadlineSetByHand: true, deadlineReason: 'Carer can only bring the patient after work', deadlineDecidedBy: 'Dr Priya Nair, GP' });
    const row = s.ws.app.db?.prepare("SELECT detail FROM audit_events WHERE type = 'case.opened' AND case_id = ?").get(c.id) as { detail: string } | undefined;
    expect(JSON.parse(row?.detail ?? '{}')).toMatchObject({ deadlineSetByHand: true, deadlineReason: 'Carer can only bring the patient after work', deadlineDecidedBy: 'Dr Priya Nair, GP' });
  });

  it('asks for the approver’s register and number in its format, and a reason that says something', async () => {
    const { page } = s;
    await openCase(s, patient({ family: 'Registered' }));
    await chooseService(page, SERVICE.utc);
    await slotSearchDone(page);
    await pickLateSlot(page);
    await page.getByLabel('I am the approving clinician').check();
    await page.getByLabel('Their professional register').selectOption('NMC');
    await page.getByLabel('Their registration number').fill('1234567');
    await page.getByLabel('Why this appointment is clinically acceptable').focus();
    await expect.poll(() => page.getByTestId('approval').innerText()).toContain('A NMC number is 2 digits, a letter, 4 digits and a letter, for example 12A3456E');
    await page.getByLabel('Why this appointment is clinically acceptable').fill('aaaaaaaaaaaaaaaaaaaaaaa');
    await page.getByLabel('Their registration number').focus();
    await expect.poll(() => page.getByTestId('approval').innerText()).toContain('Give the clinical reason in words');
    expect(await page.getByTestId('book-button').isDisabled()).toBe(true);
    await screenshot(page, 'approval-format-errors');
    await expectAccessible(page);
    await fillRegistration(page, 'NMC', '12a3456e');
    await page.getByLabel('Why this appointment is clinically acceptable').fill('Stable, safety-netted; earliest suitable appointment.');
    await expect.poll(() => page.getByTestId('book-button').isEnabled()).toBe(true);
    await page.getByTestId('book-button').click();
    await page.getByTestId('booked').waitFor();
    const c = await caseByFamily(s, 'Registered');
    expect(c.bookings[0]?.approval).toMatchObject({ registrationBody: 'NMC', registrationNumber: '12A3456E' });
  });
});

/** Clicks the first slot after the deadline (keyboard End jumps there) and waits for the confirm step. */
async function pickLateSlot(page: Page): Promise<void> {
  await page.locator('[data-slot-index="0"]').focus();
  await page.keyboard.press('End');
  const slot = page.locator('[data-slot-id][data-outside="true"]').first();
  await slot.waitFor();
  await slot.click();
  await page.getByTestId('confirm-step').waitFor();
}

describe.skipIf(!chromiumAvailable())('approval by a user who is not a clinician', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession({ profile: { displayName: 'Sam Okafor', title: 'Mr', clinician: false, role: 'Health advisor' } });
    await s.page.setViewportSize(DESK);
  });
  afterAll(async () => {
    await s.close();
  });

  it('offers no "I am the approving clinician", refuses their own name, and books with a clinician’s', async () => {
    const { page } = s;
    await openCase(s, patient({ family: 'Advisor' }));
    await chooseService(page, SERVICE.utc);
    await slotSearchDone(page);
    await pickLateSlot(page);
    expect(await page.getByLabel('I am the approving clinician').count()).toBe(0);
    await page.getByTestId('not-a-clinician').waitFor();
    await page.getByLabel('Approving clinician’s name').fill('Sam Okafor');
    await page.getByLabel('Their role').fill('Health advisor');
    await fillRegistration(page, 'HCPC', 'PA123456');
    await page.getByLabel('Why this appointment is clinically acceptable').fill('Patient cannot travel before this evening');
    await expect.poll(() => page.getByTestId('approval').innerText()).toContain('you cannot approve this yourself');
    await screenshot(page, 'approval-not-a-clinician');
    await expectAccessible(page);
    await page.getByLabel('Approving clinician’s name').fill('Dr Priya Nair');
    await page.getByLabel('Their role').fill('GP');
    await fillRegistration(page, 'GMC', '7654321');
    await page.getByTestId('book-button').click();
    await page.getByTestId('booked').waitFor();
  });
});

describe.skipIf(!chromiumAvailable())('UK dates whatever the browser’s locale', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(async () => {
    await s.close();
  });

  it('uses day, month and year boxes (never a browser date picker) on the new-case, find and reports screens, in an en-US browser', async () => {
    const context = await s.browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York', viewport: DESK });
    await syncClock(context, s.ws.clock);
    const page = await context.newPage();
    await page.goto(s.ws.url);
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [button, heading] of [
      ['New case', 'New case'],
      ['Find a booking', 'Find a booking'],
      ['Reports', 'Reports'],
    ] as const) {
      await nav.getByRole('button', { name: button }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.locator('.nhsuk-date-input').first().waitFor();
      expect(await page.locator('input[type="date"], input[type="datetime-local"], input[type="month"]').count()).toBe(0);
      // Day, then month, then year, in every date on the screen.
      const labels = await page.locator('.nhsuk-date-input').first().locator('label').allInnerTexts();
      expect(labels.slice(0, 3)).toEqual(['Day', 'Month', 'Year']);
    }
    // The reports range, typed in the UK order, runs.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(s.ws.clock());
    await fillDate(page, 'From', '2026-01-01');
    await fillDate(page, 'To (included)', today);
    await page.getByTestId('run-report').click();
    await page.getByTestId('report-result').waitFor();
    await screenshot(page, 'reports-uk-dates');
    await expectAccessible(page);
    await fillDate(page, 'From', '2026-02-30');
    await page.getByTestId('run-report').click();
    await expect.poll(() => page.getByTestId('error-summary').innerText()).toContain('The first day must be a real date');
    await context.close();
  });

  it('finds a booking by a date of birth typed in the UK order', async () => {
    const page = await newPage(s.browser, s.ws.clock);
    await page.setViewportSize(DESK);
    await page.goto(s.ws.url);
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Find a booking' }).click();
    await fillDate(page, 'Date of birth', '1961-13-12');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.getByTestId('error-summary').innerText()).toContain('Date of birth must be a real date: the month is a number from 1 to 12');
    await screenshot(page, 'find-date-error');
    await expectAccessible(page);
  });
});
