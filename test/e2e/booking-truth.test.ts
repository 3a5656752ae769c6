import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../preload/contract';
import { FaultRegistry } from '../../main/sandbox/faults/fault-control';
import { chromiumAvailable } from './support/chromium';
import { expectAccessible, screenshot } from './support/page';
import { api, chooseService, openCase, openSession, patient, SERVICE, slotSearchDone, type Session } from './support/booking';

/** The sandbox's named fault services (main/sandbox/seed/fault-services.ts), each with its standing fault. */
const FAULT = { bookingAnswerLost: '2000090001', cancelAnswerLostAfterCancelling: '2000090005' } as const;

async function bookFirstInside(s: Session, serviceId: string): Promise<void> {
  const { page } = s;
  await chooseService(page, serviceId);
  expect(await slotSearchDone(page)).toBe('list');
  await page.locator('[data-testid="slot-list"] [data-slot-id][data-outside="false"]').first().click();
  await page.getByTestId('book-button').click();
}

function sandboxFaults(s: Session): FaultRegistry {
  const faults = s.ws.app.spine?.sandbox?.faults;
  if (!(faults instanceof FaultRegistry)) throw new Error('the sandbox fault registry is not reachable');
  return faults;
}

const caseOf = (s: Session, c: Case) => api<Case>(s.ws, 'case:get', { caseId: c.id });

describe.skipIf(!chromiumAvailable())('booking truth on the case screen', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(async () => {
    await s.close();
  });

  it('after a rebook the top of the case, copy and print show only the new appointment', async () => {
    const { page } = s;
    const c = await openCase(s, patient({ family: 'Rebook' }));
    await bookFirstInside(s, SERVICE.utc);
    await page.getByTestId('booked').waitFor();
    const old = (await caseOf(s, c)).bookings.find((b) => b.status === 'booked');
    if (old === undefined) throw new Error('not booked');
    const bookings = page.getByTestId('case-bookings');
    await bookings.getByRole('button', { name: `Rebook appointment ${old.reference}` }).click();
    await bookings.getByLabel('Why is the appointment being moved?').fill('Patient asked for a later time');
    await bookings.locator('[data-testid="slot-list"][data-painted]').waitFor();
    await bookings.locator(`[data-slot-id][data-outside="false"]:not([data-slot-id="${old.slot.slotId}"])`).first().click();
    await bookings.getByTestId('confirm-rebook').click();
    const outcome = page.getByTestId('rebook-outcome');
    await outcome.waitFor();
    // Focus moves to the Booked step's heading (issue 20); the outcome is announced as a status.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('step-heading');
    expect(await outcome.getAttribute('role')).toBe('status');
    const now = await caseOf(s, c);
    const fresh = now.bookings.find((b) => b.status === 'booked');
    if (fresh === undefined) throw new Error('the new appointment is not booked');
    expect(fresh.id).not.toBe(old.id);
    await expect.poll(() => page.getByTestId('case-booking-state').innerText()).toContain(fresh.slotText);
    const header = await page.getByTestId('case-booking-state').innerText();
    expect(header).not.toContain(old.slotText);
    expect(await page.getByTestId('appointment-reference').innerText()).toBe(fresh.reference);
    // Our reference to read out, K7Q-2MX/2 (case, then the appointment's number in it); the Provider's own number beside it; the service's phone.
    expect(fresh.reference).toBe(`${now.reference}/2`);
    expect(await page.getByTestId('provider-number').innerText()).toBe(fresh.appointmentId);
    expect(await page.getByTestId('booked-phone').innerText()).toBe('0113 496 0100');
    const printed = await page.getByTestId('print-text').textContent();
    expect(printed).toContain(fresh.reference);
    expect(printed).not.toContain(old.reference);
    // One reference per appointment, as main words it; none of our own UUIDs (booking, request, document) on screen.
    const body = await page.locator('main').innerText();
    for (const b of now.bookings) {
      expect(body).toContain(b.reference);
      for (const uuid of [b.id, b.requestId, b.documentId]) expect(body).not.toContain(uuid);
    }
    expect(await page.locator(`[data-booking-id="${old.id}"] [data-testid="booking-status"]`).innerText()).toBe(now.bookings.find((b) => b.id === old.id)?.statusText);
    await screenshot(page, 'truth-rebooked');
    await expectAccessible(page);
  });

  it('the referral follows the booking: prompted after booking, sent once, an update offered after a rebook', async () => {
    const { page } = s;
    const c = await openCase(s, patient({ family: 'Referfollow' }));
    await bookFirstInside(s, SERVICE.utc);
    await page.getByTestId('booked').waitFor();
    // The prompt sits under the booked appointment, as the step's next action.
    const prompt = page.getByTestId('referral-panel');
    expect(await page.locator('.app-booked-step [data-testid="referral-panel"]').count()).toBe(1);
    await prompt.getByTestId('send-referral').click();
    await page.getByTestId('referral-outcome').waitFor();
    expect(await prompt.getByTestId('send-referral').isDisabled()).toBe(true);
    const old = (await caseOf(s, c)).bookings.find((b) => b.status === 'booked');
    if (old === undefined) throw new Error('not booked');
    const bookings = page.getByTestId('case-bookings');
    await bookings.getByRole('button', { name: `Rebook appointment ${old.reference}` }).click();
    await bookings.getByLabel('Why is the appointment being moved?').fill('Later suits the patient');
    await bookings.locator('[data-testid="slot-list"][data-painted]').waitFor();
    await bookings.locator(`[data-slot-id][data-outside="false"]:not([data-slot-id="${old.slot.slotId}"])`).first().click();
    await bookings.getByTestId('confirm-rebook').click();
    await page.getByTestId('rebook-outcome').waitFor();
    const view = (await caseOf(s, c)).bookingView;
    const update = view.actions.find((a) => a.action === 'send-referral-update');
    await expect.poll(() => page.getByTestId('referral-state').innerText()).toBe(view.referral.message);
    expect(view.referral.status).toBe('update-offered');
    expect(await page.getByTestId('send-referral').innerText()).toBe(update?.label);
    expect(await page.getByTestId('send-referral').isEnabled()).toBe(true);
    await screenshot(page, 'truth-referral-update');
    await expectAccessible(page);
  });

  it('a cancel answered 504 shows "checking", then the truth the Provider holds', async () => {
    const { page } = s;
    const c = await openCase(s, patient({ family: 'Cancelfive' }));
    await bookFirstInside(s, FAULT.cancelAnswerLostAfterCancelling);
    await page.getByTestId('booked').waitFor();
    const booked = (await caseOf(s, c)).bookings.find((b) => b.status === 'booked');
    if (booked === undefined) throw new Error('not booked');
    const bookings = page.getByTestId('case-bookings');
    await bookings.getByRole('button', { name: `Cancel appointment ${booked.reference}` }).click();
    await bookings.getByLabel('Why is the appointment being cancelled?').fill('Patient feels better');
    // The cancel is made but its answer is lost, and the read-back after it gets a 404 (the read before the cancel goes through): only the reconciler can learn the truth.
    sandboxFaults(s).add(FAULT.cancelAnswerLostAfterCancelling, { kind: 'not-found-404', operation: 'read', skip: 1, times: 1 });
    await bookings.getByTestId('confirm-cancel').click();
    const outcome = page.getByTestId('cancel-outcome');
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-tone')).toBe('uncertain');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('cancel-outcome');
    await screenshot(page, 'truth-cancel-checking');
    // Main reads the appointment back; the screen re-reads main until it knows.
    await expect.poll(() => page.getByTestId('case-booking-state').getAttribute('data-tone'), { timeout: 30_000 }).toBe('cancelled');
    const settled = (await caseOf(s, c)).bookings.find((b) => b.id === booked.id);
    expect(settled?.status).toBe('cancelled');
    expect(await page.locator(`[data-booking-id="${booked.id}"] [data-testid="booking-status"]`).innerText()).toBe(settled?.statusText);
    await screenshot(page, 'truth-cancel-settled');
    await expectAccessible(page);
  });

  it('a lost booking answer: "checking … do not book again" with the slot and time waited, every unsafe exit disabled with its reason', async () => {
    const { page } = s;
    const c = await openCase(s, patient({ family: 'Lostanswer' }));
    // The directory's number is in the service's details before it is chosen.
    const listed = page.locator(`[data-service-id="${FAULT.bookingAnswerLost}"]`);
    await listed.waitFor();
    expect(await listed.locator('.app-service__meta').innerText()).toContain('Phone 0113 496 0901');
    await bookFirstInside(s, FAULT.bookingAnswerLost);
    const checking = page.getByTestId('checking-booking');
    await checking.waitFor({ timeout: 30_000 });
    const view = (await caseOf(s, c)).bookingView;
    expect(await checking.innerText()).toContain('Checking with Sandbox — booking answer lost whether the booking was made — do not book again');
    expect(await page.getByTestId('checking-slot').innerText()).toMatch(/\d{2}:\d{2}/);
    await expect.poll(() => page.getByTestId('checking-elapsed').innerText()).toMatch(/^\d+ s$|min/);
    // The service's number from the directory, where the clinician needs it: beside the slot and in the advice for an answer that never comes.
    expect(await page.getByTestId('checking-phone').innerText()).toBe('0113 496 0901');
    expect(view.headline.ifStillUnknown).toContain('phone Sandbox — booking answer lost on 0113 496 0901');
    expect(await page.getByTestId('if-still-unknown').innerText()).toContain(view.headline.ifStillUnknown);
    // Book another, change service (back to the appointments) and send the referral are all off, each saying why.
    expect(await page.getByTestId('exits-blocked').innerText()).not.toBe('');
    expect(await page.getByRole('navigation', { name: 'Booking steps' }).getByRole('button', { name: /Choose a service/ }).isDisabled()).toBe(true);
    expect(await page.getByTestId('book-button').isDisabled()).toBe(true);
    expect(await page.getByTestId('book-blocked').innerText()).not.toBe('');
    expect(await page.getByTestId('send-referral').isDisabled()).toBe(true);
    expect(await page.getByTestId('referral-blocked').innerText()).not.toBe('');
    await screenshot(page, 'truth-lost-answer');
    await expectAccessible(page);
    // Main keeps checking on its own; once the Provider answers (its standing fault lifted) the case settles and the exits come back.
    sandboxFaults(s).clear(FAULT.bookingAnswerLost);
    await expect.poll(() => page.getByTestId('case-booking-state').getAttribute('data-tone'), { timeout: 45_000 }).toBe('booked');
    expect(await page.getByTestId('checking-booking').count()).toBe(0);
    await page.getByTestId('booked').waitFor();
    expect(await page.getByTestId('send-referral').isEnabled()).toBe(true);
  });
});
