import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from './support/chromium';
import { expectAccessible, screenshot } from './support/page';
import { openSession, type Session } from './support/booking';
import { fillDate } from './support/dates';
import type { Page } from 'playwright-core';

/** Fills the parts of the form every test needs, leaving contacts to the test. */
async function fillPatient(page: Page, o: { postcode?: string; nhs?: string } = {}) {
  await page.getByLabel('Assessment outcome (disposition)').selectOption('Dx05');
  await page.getByLabel('Given name', { exact: true }).fill('Oliver');
  await page.getByLabel('Family name', { exact: true }).fill('Tennant');
  await fillDate(page, 'Date of birth', '2019-06-30');
  await page.getByLabel('Gender').selectOption('male');
  await page.locator('#address-line1').fill('4 Canal Wharf');
  await page.locator('#address-city').fill('Leeds');
  await page.locator('#address-postcode').fill(o.postcode ?? 'LS11 5PS');
  if (o.nhs !== undefined) await page.getByLabel('NHS number (optional)').fill(o.nhs);
}

async function openNewCase(page: Page) {
  const nav = page.getByRole('navigation', { name: 'Main' });
  // Through the case list, so each test starts from an empty form.
  await nav.getByRole('button', { name: 'Cases' }).click();
  await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
  await nav.getByRole('button', { name: 'New case' }).click();
  await page.getByRole('heading', { name: 'New case', level: 1 }).waitFor();
  // A form kept from the previous test is offered back, never filled in on its own: start a new call.
  await page.getByRole('button', { name: 'Start the case' }).or(page.getByTestId('draft-offered')).waitFor();
  if ((await page.getByTestId('draft-offered').count()) > 0) {
    await page.getByRole('button', { name: 'Start a new call' }).click();
    await expect.poll(() => page.locator('#patient-given').inputValue()).toBe('');
  }
}

async function summary(page: Page): Promise<string> {
  await page.getByTestId('error-summary').waitFor();
  return page.getByTestId('error-summary').innerText();
}

describe.skipIf(!chromiumAvailable())('new case: patient, contacts and assessment outcome', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(async () => {
    await s.close();
  });

  it('refuses a bad postcode and a bad NHS number, linking each summary message to its field', async () => {
    const { page } = s;
    await openNewCase(page);
    await expect.poll(() => page.getByTestId('nhs-number-state').innerText()).toBe('NHS number not known');
    await expectAccessible(page);
    await screenshot(page, 'new-case-empty');
    await fillPatient(page, { postcode: 'LS99 ZZZ9', nhs: '9434765918' });
    await page.locator('[data-number-key] input[type="tel"]').first().fill('07700 900456');
    await page.locator('[data-number-key] select[id$="-rank"]').first().selectOption('1');
    await page.getByRole('button', { name: 'Start the case' }).click();
    const text = await summary(page);
    expect(text).toContain('The postcode is not a valid UK postcode');
    expect(text).toContain('NHS number is not a valid NHS number');
    // The summary has focus, and its links go to the fields.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');
    await page.getByRole('link', { name: /postcode/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('address-postcode');
    expect(await page.locator('#address-postcode-error').innerText()).toContain('not a valid UK postcode');
    await screenshot(page, 'new-case-errors');
    await expectAccessible(page);
  });

  it('needs at least one contact', async () => {
    const { page } = s;
    await openNewCase(page);
    await fillPatient(page);
    await page.getByRole('button', { name: /^Remove number 1/ }).click();
    await page.getByRole('button', { name: 'Start the case' }).click();
    expect(await summary(page)).toContain('Add at least one way to contact the patient or a third party');
  });

  it('needs a primary contact chosen by the user: no rank is defaulted', async () => {
    const { page } = s;
    await openNewCase(page);
    await fillPatient(page);
    await page.locator('[data-number-key] input[type="tel"]').first().fill('07700 900456');
    expect(await page.locator('[data-number-key] select[id$="-rank"]').first().inputValue()).toBe('');
    await page.getByRole('button', { name: 'Start the case' }).click();
    expect(await summary(page)).toContain('Choose a rank for this number');
  });

  it('refuses a second rank 1 and says which number already holds it', async () => {
    const { page } = s;
    await openNewCase(page);
    await page.locator('[data-number-key] input[type="tel"]').first().fill('07700 900456');
    await page.locator('[data-number-key] select[id$="-rank"]').first().selectOption('1');
    await page.getByRole('button', { name: 'Add a number for the patient' }).click();
    const second = page.locator('[data-number-key]').nth(1);
    await second.locator('input[type="tel"]').fill('0113 496 0000');
    await second.locator('select[id$="-rank"]').selectOption('1');
    await expect.poll(() => page.getByTestId('rank-refused').innerText()).toContain('Only one number can be the primary contact (rank 1): 07700 900456');
    expect(await second.locator('select[id$="-rank"]').inputValue()).toBe('');
    await second.locator('select[id$="-rank"]').selectOption('2');
    expect(await page.getByTestId('rank-refused').count()).toBe(0);
  });

  it('starts a case for a patient without an NHS number whose primary contact is a third party', async () => {
    const { page } = s;
    await openNewCase(page);
    await fillPatient(page);
    await page.locator('[data-number-key] input[type="tel"]').first().fill('0113 496 0001');
    await page.locator('[data-number-key] select[id$="-rank"]').first().selectOption('2');
    await page.getByRole('button', { name: 'Add a third party' }).click();
    await page.getByLabel('Their given name').fill('Sarah');
    await page.getByLabel('Their family name').fill('Tennant');
    await page.getByLabel('Relationship to the patient').selectOption('N');
    await page.getByLabel('Relationship in their words (optional)').fill('Mother');
    const theirs = page.locator('[data-third-party="1"] [data-number-key]');
    await theirs.locator('input[type="tel"]').fill('07700 900789');
    await theirs.locator('select[id$="-rank"]').selectOption('1');
    await screenshot(page, 'new-case-filled');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Start the case' }).click();
    // Starting a case lists its services too; on a loaded two-core machine that can pass 30 s.
    await page.getByRole('heading', { name: 'Book an appointment', level: 1 }).waitFor({ timeout: 60_000 });
    const banner = page.getByTestId('patient-banner');
    expect(await banner.innerText()).toContain('TENNANT');
    expect(await page.getByTestId('patient-nhs-number').innerText()).toContain('NHS number not known');
    expect(await page.getByTestId('deadline').innerText()).toMatch(/\d{2}:\d{2}/);
    const stored = await s.ws.app.dispatch('case:list', {}, { transport: 'http' });
    expect(stored.ok).toBe(true);
  });
});
