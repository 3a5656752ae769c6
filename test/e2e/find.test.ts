import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking, BookingResult, Case, SlotSearchResult } from '../../preload/contract';
import { chromiumAvailable } from './support/chromium';
import { expectAccessible, screenshot } from './support/page';
import { fillDate } from './support/dates';
import { api, openSession, patient, SERVICE, slotSearchDone, type Session } from './support/booking';

/** A booking made earlier from this workstation, through the API. */
async function bookEarlier(s: Session, family: string, nhsNumber?: string): Promise<Booking> {
  const p = patient({ family, ...(nhsNumber === undefined ? { nhsNumber: undefined, nhsNumberVerified: undefined } : { nhsNumber }) });
  const c = await api<Case>(s.ws, 'case:start', { patient: p, dispositionCode: 'Dx06' });
  await api(s.ws, 'case:chooseService', { caseId: c.id, serviceId: SERVICE.utc });
  const slots = await api<SlotSearchResult>(s.ws, 'slots:search', { caseId: c.id });
  const slot = slots.slots.find((x) => !x.outsideTimeframe);
  if (slot === undefined) throw new Error('no slot inside the timeframe');
  const r = await api<BookingResult>(s.ws, 'booking:book', { caseId: c.id, slotId: slot.slotId });
  const booked = r.case.bookings.find((b) => b.id === r.bookingId);
  if (booked === undefined) throw new Error('the booking is not in the case');
  return booked;
}

/** The patient() of support/booking.ts was born on this day. */
const BORN = '1961-04-12';

/** Fills each [field, value] pair on the Find screen and searches. */
async function findBy(s: Session, ...terms: [string, string][]) {
  const { page } = s;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Find a booking' }).click();
  await page.getByRole('heading', { name: 'Find a booking', level: 1 }).waitFor();
  for (const [field, value] of terms) {
    // Dates go into the NHS day/month/year boxes; everything else is one text field.
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) await fillDate(page, field, value);
    else await page.getByLabel(field, { exact: true }).fill(value);
  }
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByTestId('find-count').waitFor();
}

describe.skipIf(!chromiumAvailable())('find a booking later, cancel it or rebook it', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(async () => {
    await s.close();
  });

  it('asks for at least one search term', async () => {
    const { page } = s;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Find a booking' }).click();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    expect(await page.getByTestId('error-summary').innerText()).toContain('Enter at least one of');
    await expectAccessible(page);
  });

  it('finds by family name and cancels with a reason, confirming what the Provider said', async () => {
    const { page } = s;
    const b = await bookEarlier(s, 'Cancelme');
    await findBy(s, ['Family name', 'Cancel'], ['Date of birth', BORN]);
    expect(await page.getByTestId('find-count').innerText()).toBe('1 booking found.');
    await screenshot(page, 'find-results');
    await expectAccessible(page);
    await page.locator(`[data-booking-id="${b.id}"]`).getByRole('button', { name: /^Open/ }).click();
    await page.getByTestId('find-match').waitFor();
    expect(await page.getByTestId('find-reference').innerText()).toBe(b.reference);
    expect(await page.getByTestId('find-timeframe').innerText()).toBe(b.timeframe.text);
    await page.getByRole('button', { name: `Cancel appointment ${b.reference}` }).first().click();
    await page.getByTestId('confirm-cancel').click();
    expect(await page.getByLabel('Why is the appointment being cancelled?').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Why is the appointment being cancelled?').fill('Patient feels better and no longer needs it.');
    await page.getByTestId('confirm-cancel').click();
    await page.getByTestId('cancel-outcome').waitFor();
    expect(await page.getByTestId('cancel-outcome').getAttribute('data-tone')).toBe('success');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('cancel-outcome');
    await screenshot(page, 'find-cancelled');
    await expectAccessible(page);
    const c = await api<Case>(s.ws, 'case:get', { caseId: b.caseId });
    expect(c.bookings.find((x) => x.id === b.id)?.status).toBe('cancelled');
  });

  it('finds by NHS number and rebooks: the new booking first, then the old cancelled, each outcome shown', async () => {
    const { page } = s;
    const b = await bookEarlier(s, 'Moveme', '9000000009');
    await findBy(s, ['NHS number', '900 000 0009']);
    await page.locator(`[data-booking-id="${b.id}"]`).getByRole('button', { name: /^Open/ }).click();
    await page.getByRole('button', { name: `Rebook appointment ${b.reference}` }).click();
    expect(await slotSearchDone(page)).toBe('list');
    const other = page.locator(`[data-slot-id]:not([data-slot-id="${b.slot.slotId}"])[data-outside="false"]`).first();
    await other.click();
    await page.getByLabel('Why is the appointment being moved?').fill('Patient asked for a later time.');
    await screenshot(page, 'rebook-confirm');
    await expectAccessible(page);
    await page.getByTestId('confirm-rebook').click();
    await page.getByTestId('rebook-outcome').waitFor();
    expect(await page.getByTestId('rebook-outcome').getAttribute('data-tone')).toBe('success');
    await screenshot(page, 'rebook-outcome');
    const c = await api<Case>(s.ws, 'case:get', { caseId: b.caseId });
    expect(c.bookings.find((x) => x.id === b.id)?.status).toBe('cancelled');
    expect(c.bookings.filter((x) => x.status === 'booked')).toHaveLength(1);
  });

  it('finds by date of birth and by appointment date', async () => {
    const { page } = s;
    const b = await bookEarlier(s, 'Datey');
    await findBy(s, ['Date of birth', BORN]);
    await page.locator(`[data-booking-id="${b.id}"]`).waitFor();
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(b.slot.start));
    await findBy(s, ['Appointment date', day]);
    await page.locator(`[data-booking-id="${b.id}"]`).waitFor();
  });

  it('cancels from within the open case', async () => {
    const { page } = s;
    const b = await bookEarlier(s, 'Incase');
    await findBy(s, ['Family name', 'incase'], ['Date of birth', BORN]);
    await page.locator(`[data-booking-id="${b.id}"]`).getByRole('button', { name: /^Open/ }).click();
    await page.getByRole('button', { name: 'Open the case' }).click();
    const bookings = page.getByTestId('case-bookings');
    await bookings.waitFor();
    await bookings.getByRole('button', { name: `Cancel appointment ${b.reference}` }).click();
    await bookings.getByLabel('Why is the appointment being cancelled?').fill('Booked in error.');
    await bookings.getByTestId('confirm-cancel').click();
    await page.getByTestId('cancel-outcome').waitFor();
    expect(await page.getByTestId('cancel-outcome').getAttribute('data-tone')).toBe('success');
    await expect.poll(() => page.getByTestId('case-booking-state').getAttribute('data-tone')).toBe('cancelled');
  });
});
