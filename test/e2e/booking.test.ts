import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking, Case, SlotSearchResult } from '../../preload/contract';
import { nhsNumberFrom } from '../support/patients';
import { chromiumAvailable } from './support/chromium';
import { expectAccessible, screenshot } from './support/page';
import { api, apiStartCase, fillRegistration, chooseService, injectFault, openCase, openSession, patient, SERVICE, slotSearchDone, type Session } from './support/booking';

/** Clicks the first slot inside (or after) the deadline and waits for the confirm step. */
async function pickSlot(page: Page, outside: boolean): Promise<string> {
  const slot = page.locator(`[data-slot-id][data-outside="${outside}"]`).first();
  if (outside) {
    // Slots after the deadline are further down: jump there with the keyboard.
    await page.locator('[data-slot-index="0"]').focus();
    await page.keyboard.press('End');
  }
  await slot.waitFor();
  const id = (await slot.getAttribute('data-slot-id')) ?? '';
  await slot.click();
  await page.getByTestId('confirm-step').waitFor();
  return id;
}

async function bookedCase(s: Session, c: Case): Promise<Case> {
  return api<Case>(s.ws, 'case:get', { caseId: c.id });
}

describe.skipIf(!chromiumAvailable())('booking an appointment', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(async () => {
    await s.close();
  });

  it('books a patient without an NHS number, showing the contact the Provider receives, primary first', async () => {
    const { page } = s;
    const p = patient({
      nhsNumber: undefined,
      nhsNumberVerified: undefined,
      family: 'Okonjo',
      telecom: [{ system: 'phone', use: 'home', value: '0113 496 0100', rank: 2 }],
      contacts: [{ relationship: 'N', relationshipText: 'Daughter', name: { given: 'Ada', family: 'Okonjo' }, telecom: [{ system: 'phone', use: 'mobile', value: '07700 900999', rank: 1 }] }],
    });
    const c = await openCase(s, p);
    expect(await page.getByTestId('patient-nhs-number').innerText()).toContain('NHS number not known');
    await chooseService(page, SERVICE.utc);
    expect(await slotSearchDone(page)).toBe('list');
    await pickSlot(page, false);
    await page.getByText('The patient details the service will receive').click();
    const contacts = await page.getByTestId('contact-order').locator('li').allInnerTexts();
    expect(contacts[0]).toContain('Primary contact: Ada Okonjo (Daughter, Next of kin), 07700 900999');
    expect(contacts[1]).toContain('0113 496 0100');
    expect(await page.getByTestId('patient-summary').innerText()).toContain('NHS number not known');
    expect(await page.getByTestId('outside-warning').count()).toBe(0);
    await screenshot(page, 'confirm-inside');
    await expectAccessible(page);
    await page.getByTestId('book-button').click();
    await page.getByTestId('booked').waitFor();
    const stored = (await bookedCase(s, c)).bookings.find((b) => b.status === 'booked');
    expect(stored?.appointmentId).toBeDefined();
    expect(await page.getByTestId('appointment-reference').innerText()).toBe(stored?.reference);
    await screenshot(page, 'booked');
    await expectAccessible(page);
  });

  it('after the deadline: warns with the deadline and how far past, and nothing can be sent without approval', async () => {
    const { page } = s;
    const c = await openCase(s, patient({ family: 'Latecomer' }));
    await chooseService(page, SERVICE.utc);
    await slotSearchDone(page);
    await pickSlot(page, true);
    const warning = await page.getByTestId('outside-warning').innerText();
    expect(warning).toContain('This appointment is after the deadline');
    expect(warning).toMatch(/The deadline for Dx05 is \w{3}, \d+ \w{3} \d{4}, \d{2}:\d{2}/);
    // Any of days, hours and minutes, e.g. "2 days 17 h" (no minutes) or "14 min".
    expect(warning).toMatch(/starts ((\d+ days?|\d+ h|\d+ min) )+after it/);
    expect(await page.getByTestId('book-button').isDisabled()).toBe(true);
    // Two of three parts is still not an approval.
    await page.getByLabel('Approving clinician’s name').fill('Dr Priya Nair');
    await page.getByLabel('Their role').fill('Clinical supervisor');
    expect(await page.getByTestId('book-button').isDisabled()).toBe(true);
    await page.getByTestId('book-button').click({ force: true }).catch(() => undefined);
    expect((await bookedCase(s, c)).bookings).toHaveLength(0);
    await screenshot(page, 'confirm-outside-no-approval');
    await expectAccessible(page);
  });

  it('after the deadline with approval: books, and the approval is recorded and shown', async () => {
    const { page } = s;
    const c = await openCase(s, patient({ family: 'Approved' }));
    await chooseService(page, SERVICE.utc);
    await slotSearchDone(page);
    await pickSlot(page, true);
    await page.getByLabel('I am the approving clinician').check();
    expect(await page.getByLabel('Approving clinician’s name').inputValue()).toBe('Dr Alex Morgan');
    expect(await page.getByLabel('Their role').inputValue()).toBe('Clinical navigator');
    await page.getByLabel('Their role').fill('GP');
    await fillRegistration(page);
    await page.getByLabel('Why this appointment is clinically acceptable').fill('Stable, safety-netted; earliest suitable appointment.');
    expect(await page.getByTestId('book-button').isEnabled()).toBe(true);
    await screenshot(page, 'confirm-outside-approved');
    await page.getByTestId('book-button').click();
    await page.getByTestId('booked').waitFor();
    expect(await page.getByTestId('approval-shown').innerText()).toContain('approved by Dr Alex Morgan (GP, GMC ');
    const b = (await bookedCase(s, c)).bookings[0];
    expect(b?.outsideTimeframe).toBe(true);
    expect(b?.approval?.approverName).toBe('Dr Alex Morgan');
  });

  it('booking-only service: the referral is blocked with the reason until a booking exists, then allowed', async () => {
    const { page } = s;
    const c = await openCase(s, patient({ family: 'Sdec' }));
    await chooseService(page, SERVICE.bookingOnly);
    await page.getByTestId('referral-blocked').waitFor();
    expect(await page.getByTestId('referral-blocked').innerText()).toContain('only accepts patients with a booked appointment');
    expect(await page.getByTestId('send-referral').isDisabled()).toBe(true);
    const state = await slotSearchDone(page);
    expect(state).toBe('list');
    await screenshot(page, 'booking-only-blocked');
    await expectAccessible(page);
    await pickSlot(page, false).catch(async () => pickSlot(page, true));
    if ((await page.getByTestId('approval').count()) > 0) {
      await page.getByLabel('I am the approving clinician').check();
      await page.getByLabel('Their role').fill('GP');
      await fillRegistration(page);
      await page.getByLabel('Why this appointment is clinically acceptable').fill('Only service able to see the patient.');
    }
    await page.getByTestId('book-button').click();
    await page.getByTestId('booked').waitFor();
    await expect.poll(() => page.getByTestId('referral-panel').getAttribute('data-referral-allowed')).toBe('true');
    expect(await page.getByTestId('send-referral').isEnabled()).toBe(true);
    expect(await page.getByTestId('referral-blocked').count()).toBe(0);
    await page.getByTestId('send-referral').click();
    await page.getByTestId('referral-outcome').waitFor();
    expect(await page.getByTestId('referral-outcome').innerText()).toContain('Referral sent');
    // Focus lands on what happened, and the same referral cannot be sent twice by accident.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('referral-outcome');
    if ((await page.getByTestId('send-referral').count()) > 0) expect(await page.getByTestId('send-referral').isDisabled()).toBe(true);
    // The CDA as sent: its id is the booking's document UUID and it carries the Appointment URL.
    const booking = (await bookedCase(s, c)).bookings[0];
    await page.getByTestId('view-referral-document').first().click();
    const doc = page.getByTestId('referral-document');
    await doc.waitFor();
    const shown = await doc.innerText();
    expect(shown).toContain(booking?.documentId ?? 'missing');
    expect(shown).toContain(booking?.appointmentUrl ?? 'missing');
    // Readable first; the XML as sent is one click away.
    await doc.getByText('Show the XML as sent').click();
    expect(await doc.getByTestId('referral-xml').innerText()).toContain('ClinicalDocument');
    await screenshot(page, 'booking-only-referral');
    await expectAccessible(page);
  });

  it('slot taken between display and booking: says so, with focus on the message, and refreshes the list', async () => {
    const { page } = s;
    const c = await openCase(s, patient({ family: 'Second' }));
    await chooseService(page, SERVICE.utc);
    await slotSearchDone(page);
    const slotId = await pickSlot(page, false);
    // Another desk books the same slot first, for another patient (the same one would be a second booking, refused without a reason).
    const other = await apiStartCase(s.ws, { patient: patient({ family: 'Quicker', birthDate: '1975-05-05', nhsNumber: nhsNumberFrom(40_100_001) }), dispositionCode: 'Dx05' });
    await api(s.ws, 'case:chooseService', { caseId: other.id, serviceId: SERVICE.utc });
    await api<SlotSearchResult>(s.ws, 'slots:search', { caseId: other.id });
    await api<Booking>(s.ws, 'booking:book', { caseId: other.id, slotId });
    await page.getByTestId('book-button').click();
    const outcome = page.getByTestId('booking-outcome');
    await outcome.waitFor();
    expect(await outcome.innerText()).toContain('That appointment is no longer free');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('booking-outcome');
    expect(await slotSearchDone(page)).toBe('list');
    expect(await page.locator(`[data-testid="slot-list"] [data-slot-id="${slotId}"]`).count()).toBe(0);
    expect((await bookedCase(s, c)).bookings.filter((b) => b.status === 'booked')).toHaveLength(0);
    await screenshot(page, 'slot-taken');
    await expectAccessible(page);
  });

  /** Opens a case at the out-of-hours service and gets to the confirm step, approved if the slot is late. */
  async function readyToBook(family: string) {
    const { page } = s;
    await openCase(s, patient({ family }));
    await chooseService(page, SERVICE.ooh);
    expect(await slotSearchDone(page)).toBe('list');
    await pickSlot(page, false).catch(async () => pickSlot(page, true));
    if ((await page.getByTestId('approval').count()) > 0) {
      await page.getByLabel('I am the approving clinician').check();
      await page.getByLabel('Their role').fill('GP');
      await fillRegistration(page);
      await page.getByLabel('Why this appointment is clinically acceptable').fill('Telephone call-back is suitable.');
    }
  }

  it('Provider 500: says it was not booked, focus on the message, booking again and the referral stay open; booking again books', { timeout: 120_000 }, async () => {
    const { page } = s;
    await readyToBook('Servererror');
    injectFault(s.ws, SERVICE.ooh, { kind: 'server-error', operation: 'book' });
    try {
      await page.getByTestId('book-button').click();
      const failed = page.getByTestId('booking-outcome');
      await failed.waitFor({ timeout: 90_000 });
      expect(await failed.getAttribute('data-tone')).toBe('failure');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('booking-outcome');
      expect(await page.getByTestId('book-button').isEnabled()).toBe(true);
      expect(await page.getByTestId('send-referral').isEnabled()).toBe(true);
      await screenshot(page, 'booking-failed-500');
      await expectAccessible(page);
    } finally {
      s.ws.app.spine?.sandbox?.faults.clear(SERVICE.ooh);
    }
    await page.getByTestId('book-button').click();
    await page.getByTestId('booked').waitFor({ timeout: 30_000 });
  });

  it('Provider timeout (SSP 504) on the booking: "Checking with <service> whether the booking was made" until main knows', { timeout: 120_000 }, async () => {
    const { page } = s;
    await readyToBook('Timeout');
    injectFault(s.ws, SERVICE.ooh, { kind: 'ssp-504', operation: 'book' });
    try {
      await page.getByTestId('book-button').click();
      await page.getByTestId('checking-booking').waitFor({ timeout: 90_000 });
      expect(await page.getByTestId('checking-booking').innerText()).toContain('Checking with County GP Out of Hours Service whether the booking was made — do not book again');
      expect(await page.getByTestId('booked').count()).toBe(0);
      await screenshot(page, 'booking-checking');
      await expectAccessible(page);
    } finally {
      s.ws.app.spine?.sandbox?.faults.clear(SERVICE.ooh);
    }
    // The Provider answers again: the same booking resolves, never a second one.
    await page.getByTestId('booked').waitFor({ timeout: 60_000 });
    await screenshot(page, 'booking-checked');
  });
});
