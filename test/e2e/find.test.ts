import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking, Case, SlotSearchResult } from '../../preload/contract';
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
  return api<Booking>(s.ws, 'booking:book', { caseId: c.id, slotId: slot.slotId });
}

async function findBy(s: Session, field: string, value: string) {
  const { page } = s;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Find a booking' }).click();
  await page.getByRole('heading', { name: 'Find a booking', level: 1 }).waitFor();
  // Dates go into the NHS day/month/year boxes; everything else is one text field.
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) await fillDate(page, field, value);
  else await page.getByLabel(field, { exact: true }).fill(value);
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
    await findBy(s, 'Family name', 'Cancelme');
    expect(await page.getByTestId('find-count').innerText()).toBe('1 booking found.');
    await screenshot(page, 'find-results');
    await expectAccessible(page);
    await page.locator(`[data-booking-id="${b.id}"]`).getByRole('button', { name: /^Open/ }).click();
    await page.getByTestId('find-match').waitFor();
    await page.getByRole('button', { name: 'Cancel this appointment' }).click();
    await page.getByTestId('confirm-cancel').click();
    expect(await page.getByLabel('Why is the appointment being cancelled?').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Why is the appointment being cancelled?').fill('Patient feels better and no longer needs it.');
    await page.getByTestId('confirm-cancel').click();
    await page.getByTestId('cancel-result').waitFor();
    expect(await page.getByTestId('cancel-result').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('cancel-result').innerText()).toContain('cancelled');
    await screenshot(page, 'find-cancelled');
    await expectAccessible(page);
    const c = await api<Case>(s.ws, 'case:get', { caseId: b.caseId });
    expect(c.bookings.find((x) => x.id === b.id)?.status).toBe('cancelled');
  });

  it('finds by NHS number and rebooks: the new booking first, then the old cancelled, each outcome shown', async () => {
    const { page } = s;
    const b = await bookEarlier(s, 'Moveme', '9000000009');
    await findBy(s, 'NHS number', '900 000 0009');
    await page.locator(`[data-booking-id="${b.id}"]`).getByRole('button', { name: /^Open/ }).click();
    await page.getByRole('button', { name: 'Rebook' }).click();
    expect(await slotSearchDone(page)).toBe('list');
    const other = page.locator(`[data-slot-id]:not([data-slot-id="${b.slot.slotId}"])[data-outside="false"]`).first();
    await other.click();
    await page.getByLabel('Why is the appointment being moved?').fill('Patient asked for a later time.');
    await screenshot(page, 'rebook-confirm');
    await expectAccessible(page);
    await page.getByTestId('confirm-rebook').click();
    await page.getByTestId('rebook-outcome').waitFor();
    expect(await page.getByTestId('rebook-book-result').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('rebook-cancel-result').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('rebook-reference').innerText()).not.toBe('');
    await screenshot(page, 'rebook-outcome');
    const c = await api<Case>(s.ws, 'case:get', { caseId: b.caseId });
    expect(c.bookings.find((x) => x.id === b.id)?.status).toBe('cancelled');
    expect(c.bookings.filter((x) => x.status === 'booked')).toHaveLength(1);
  });

  it('finds by date of birth and by appointment date', async () => {
    const { page } = s;
    const b = await bookEarlier(s, 'Datey');
    await findBy(s, 'Date of birth', '1961-04-12');
    await page.locator(`[data-booking-id="${b.id}"]`).waitFor();
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(b.slot.start));
    await findBy(s, 'Appointment date', day);
    await page.locator(`[data-booking-id="${b.id}"]`).waitFor();
  });

  it('cancels from within the open case', async () => {
    const { page } = s;
    const b = await bookEarlier(s, 'Incase');
    await findBy(s, 'Family name', 'Incase');
    await page.locator(`[data-booking-id="${b.id}"]`).getByRole('button', { name: /^Open/ }).click();
    await page.getByRole('button', { name: 'Open the case' }).click();
    const bookings = page.getByTestId('case-bookings');
    await bookings.waitFor();
    await bookings.getByRole('button', { name: 'Cancel this appointment' }).click();
    await bookings.getByLabel('Why is the appointment being cancelled?').fill('Booked in error.');
    await bookings.getByTestId('confirm-cancel').click();
    await page.getByTestId('cancel-result').waitFor();
    expect(await page.getByTestId('cancel-result').getAttribute('data-ok')).toBe('true');
  });
});
