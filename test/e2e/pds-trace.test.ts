/**
 * Issue 19 in Chromium: trace a patient on PDS from the new-case form, start the case and book;
 * a second case for the same person shows the existing booking and needs a reason to go on.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../preload/contract';
import { chromiumAvailable } from './support/chromium';
import { expectAccessible, screenshot } from './support/page';
import { fillDate } from './support/dates';
import { api, chooseService, openCase, openSession, patient, SERVICE, slotSearchDone, type Session } from './support/booking';
import { startCase } from '../support/start-case';

async function openNewCase(page: Page): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Cases' }).click();
  await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
  await nav.getByRole('button', { name: 'New case' }).click();
  await page.getByRole('button', { name: 'Start the case' }).waitFor();
  if ((await page.getByTestId('draft-restored').count()) > 0) {
    await page.getByRole('button', { name: 'Clear it and start a new form' }).click();
    await expect.poll(() => page.locator('#patient-given').inputValue()).toBe('');
  }
}

/** The PDS stand-in's normal test patient, as the caller gives her name and date of birth. */
async function traceJaneSmith(page: Page): Promise<void> {
  await page.getByLabel('Assessment outcome (disposition)').selectOption('Dx05');
  await page.getByLabel('Given name', { exact: true }).fill('Jane');
  await page.getByLabel('Family name', { exact: true }).fill('Smith');
  await fillDate(page, 'Date of birth', '2010-10-22');
  await page.getByRole('button', { name: 'Trace on PDS' }).click();
  await page.getByTestId('pds-match').waitFor();
}

async function addPrimaryPhone(page: Page): Promise<void> {
  await page.locator('[data-number-key] input[type="tel"]').first().fill('07700 900777');
  await page.locator('[data-number-key] select[id$="-rank"]').first().selectOption('1');
}

describe.skipIf(!chromiumAvailable())('PDS trace and the second-booking warning', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(async () => {
    await s.close();
  });

  it('traces a patient, starts the case with the traced NHS number, and books', async () => {
    const { page } = s;
    await openNewCase(page);
    await traceJaneSmith(page);
    const match = await page.getByTestId('pds-match').innerText();
    expect(match).toContain('Mrs Jane SMITH');
    expect(match).toContain('22/10/2010');
    expect(match).toContain('Female');
    expect(match).toContain('1 Trevelyan Square, Boar Lane, City Centre, Leeds, West Yorkshire, LS1 6AE');
    expect(match).toContain('Y12345');
    expect(await page.getByTestId('pds-nhs-number').innerText()).toBe('900 000 0009');
    await screenshot(page, 'pds-match');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'This is the patient: use these details' }).click();
    await page.getByTestId('pds-traced').waitFor();
    expect(await page.locator('#address-postcode').inputValue()).toBe('LS1 6AE');
    expect(await page.getByLabel('NHS number (optional)').inputValue()).toBe('9000000009');
    expect(await page.getByTestId('nhs-number-state').innerText()).toBe('Traced on PDS (verified)');
    await addPrimaryPhone(page);
    await page.getByRole('button', { name: 'Start the case' }).click();
    await page.locator('[data-case-id]').first().waitFor();
    expect(await page.getByTestId('patient-nhs-number').innerText()).toContain('900 000 0009 (verified)');
    expect(await page.getByTestId('patient-trace').innerText()).toBe('Traced on PDS');
    await chooseService(page, SERVICE.utc);
    expect(await slotSearchDone(page)).toBe('list');
    await page.locator('[data-slot-id][data-outside="false"]').first().click();
    await page.getByTestId('confirm-step').waitFor();
    await page.getByTestId('book-button').click();
    await page.getByTestId('booked').waitFor();
  });

  it('a second case for the same person shows the existing booking, and goes on only with a reason', async () => {
    const { page } = s;
    await openNewCase(page);
    await traceJaneSmith(page);
    await page.getByRole('button', { name: 'This is the patient: use these details' }).click();
    await addPrimaryPhone(page);
    await page.getByRole('button', { name: 'Start the case' }).click();
    const warning = page.getByTestId('second-booking-warning');
    await warning.waitFor();
    const existing = await page.getByTestId('existing-case').first().innerText();
    expect(existing).toContain('Mrs Jane SMITH, born 22/10/2010, NHS number 900 000 0009');
    expect(existing).toMatch(/Booked: Riverside Urgent Treatment Centre/);
    await screenshot(page, 'second-booking-warning');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Start a new case anyway' }).click();
    await expect.poll(() => page.locator('#second-booking-reason-error').innerText()).toMatch(/at least 10 characters/);
    await page.getByLabel('Or start a new case anyway: why is another case needed?').fill('A new problem: a burn to the hand, not the earlier complaint.');
    await page.getByRole('button', { name: 'Start a new case anyway' }).click();
    await page.locator('[data-case-id]').first().waitFor();
    const caseId = (await page.locator('[data-case-id]').first().getAttribute('data-case-id')) ?? '';
    const events = await api<{ events: { type: string }[] }>(s.ws, 'audit:caseEvents', { caseId });
    expect(events.events.map((e) => e.type)).toContain('case.second-booking-confirmed');
    const c = await api<Case>(s.ws, 'case:get', { caseId });
    expect(c.patient.nhsNumber).toBe('9000000009');
  });

  it('same-named patients are told apart in the Cases list by NHS number or "No NHS number"', async () => {
    const { page } = s;
    // Another Jane Smith of the same birth date, without an NHS number: main asks for the reason, as the form would.
    await startCase((channel, request) => api(s.ws, channel, request), {
      dispositionCode: 'Dx05',
      patient: { given: 'Jane', family: 'Smith', birthDate: '2010-10-22', gender: 'female', address: { lines: ['3 Kirkgate'], postcode: 'LS2 7DJ' }, telecom: [{ system: 'phone', use: 'mobile', value: '07700 900778', rank: 1 }], contacts: [] },
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Cases' }).click();
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    const rows = await page.locator('[data-testid="case-list"] tr', { hasText: 'Jane SMITH' }).allInnerTexts();
    expect(rows.filter((r) => r.includes('900 000 0009'))).toHaveLength(2);
    expect(rows.filter((r) => r.includes('No NHS number'))).toHaveLength(1);
  });

  it('choosing a service warns of a live booking another case made meanwhile, and goes on with a reason', async () => {
    const { page } = s;
    const who = patient({ family: 'Meanwhile', nhsNumber: '4010001577', birthDate: '1949-01-01' });
    const first = await openCase(s, who);
    // Meanwhile (as on another desk) a second case for the same person is started and booked.
    const other = await api<Case>(s.ws, 'case:start', { patient: who, dispositionCode: 'Dx05', secondBooking: { reason: 'Started on another desk for a separate problem.', existingCaseIds: [first.id] } });
    await api(s.ws, 'case:chooseService', { caseId: other.id, serviceId: SERVICE.utc });
    const slots = await api<{ slots: { slotId: string; outsideTimeframe: boolean }[] }>(s.ws, 'slots:search', { caseId: other.id });
    const slot = slots.slots.find((x) => !x.outsideTimeframe);
    await api(s.ws, 'booking:book', { caseId: other.id, slotId: slot?.slotId });
    await page.locator(`[data-service-id="${SERVICE.utc}"]`).getByRole('button', { name: /^Choose/ }).click();
    await page.getByTestId('second-booking-warning').waitFor();
    expect(await page.getByTestId('existing-case').innerText()).toContain('NHS number 401 000 1577');
    await page.getByLabel('Or choose this service anyway: why is another booking needed?').fill('The other booking is for a different problem.');
    await page.getByRole('button', { name: 'Choose this service anyway' }).click();
    expect(await slotSearchDone(page)).toBe('list');
    const events = await api<{ events: { type: string }[] }>(s.ws, 'audit:caseEvents', { caseId: first.id });
    expect(events.events.filter((e) => e.type === 'case.second-booking-confirmed')).toHaveLength(1);
  });

  it('a deceased record cannot be used, and the clinician can go on untraced', async () => {
    const { page } = s;
    await openNewCase(page);
    await page.getByLabel('Assessment outcome (disposition)').selectOption('Dx05');
    await page.getByLabel('Family name', { exact: true }).fill('Grey');
    await fillDate(page, 'Date of birth', '1931-07-02');
    await page.getByRole('button', { name: 'Trace on PDS' }).click();
    await page.getByTestId('pds-match').waitFor();
    expect(await page.getByTestId('pds-match').innerText()).toContain('died on 12 March 2024');
    expect(await page.getByRole('button', { name: 'This is the patient: use these details' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Continue without tracing' }).click();
    expect(await page.getByTestId('pds-not-traced').count()).toBe(1);
  });
});
