import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case, CaseSummary } from '../../preload/contract';
import { chromiumAvailable } from './support/chromium';
import { expectAccessible } from './support/page';
import { api, openSession, type Session } from './support/booking';
import { fillDate } from './support/dates';

/** The Pathways SG and SD on the new-case form: optional, each problem linked to its field, kept with the case. */
describe.skipIf(!chromiumAvailable())('new case: the Pathways symptom group and discriminator', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(async () => {
    await s.close();
  });

  it('refuses an SD without its SG, then starts the case with both, code and text', async () => {
    const { page } = s;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'New case' }).click();
    await page.getByRole('button', { name: 'Start the case' }).waitFor();
    await page.getByLabel('Assessment outcome (disposition)').selectOption('Dx05');
    await page.getByLabel('Given name', { exact: true }).fill('Imogen');
    await page.getByLabel('Family name', { exact: true }).fill('Pathways');
    await fillDate(page, 'Date of birth', '1985-03-02');
    await page.getByLabel('Gender').selectOption('female');
    await page.locator('#address-line1').fill('4 Canal Wharf');
    await page.locator('#address-city').fill('Leeds');
    await page.locator('#address-postcode').fill('LS11 5PS');
    await page.locator('[data-number-key] input[type="tel"]').first().fill('07700 900456');
    await page.locator('[data-number-key] select[id$="-rank"]').first().selectOption('1');
    await page.getByTestId('pathways').locator('summary').click();
    await page.getByLabel('SD code').fill('4052');
    await page.getByLabel('Symptom discriminator', { exact: true }).fill('Severe pain');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Start the case' }).click();
    await page.getByTestId('error-summary').waitFor();
    const link = page.getByTestId('error-summary').getByRole('link', { name: /symptom group the discriminator belongs to/ });
    expect(await link.getAttribute('href')).toBe('#pathways-sg-code');

    await page.getByLabel('SG code').fill('1011');
    await page.getByLabel('Symptom group', { exact: true }).fill('Bites and Stings');
    await page.getByRole('button', { name: 'Start the case' }).click();
    await page.getByRole('heading', { name: 'Book an appointment', level: 1 }).waitFor({ timeout: 60_000 });
    const { cases } = await api<{ cases: CaseSummary[] }>(s.ws, 'case:list', {});
    const started = cases.find((c) => c.patientName.includes('Imogen'));
    if (started === undefined) throw new Error('the case was not listed');
    const kept = await api<Case>(s.ws, 'case:get', { caseId: started.id });
    expect(kept.outcome).toMatchObject({ symptomGroup: { code: '1011', text: 'Bites and Stings' }, symptomDiscriminator: { code: '4052', text: 'Severe pain' } });
  });
});
