import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from './support/chromium';
import { openSession, type Session } from './support/booking';
import { fillDate } from './support/dates';
import { expectAccessible } from './support/page';

const DESK = { width: 1366, height: 768 };

/** Issue 20, item 6: a patient-only call's new-case form fits two screens on a 1366×768 desk. */
describe.skipIf(!chromiumAvailable())('the new-case form at 1366×768', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
    await s.page.setViewportSize(DESK);
  });
  afterAll(async () => {
    await s.close();
  });

  it('fits two screens for a patient-only call', async () => {
    const { page } = s;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'New case' }).click();
    await page.getByRole('button', { name: 'Start the case' }).waitFor();
    const screens = await page.evaluate(() => document.documentElement.scrollHeight / window.innerHeight);
    console.log(`new-case form: ${screens.toFixed(2)} screens at 1366×768`);
    expect(screens).toBeLessThanOrEqual(2);
    // Two columns, read and tabbed in the order written: outcome and patient, then trace, contacts and notes.
    const firstColumn = await page.locator('.app-new-case__column').first().boundingBox();
    const secondColumn = await page.locator('.app-new-case__column').nth(1).boundingBox();
    expect(secondColumn?.x ?? 0).toBeGreaterThan((firstColumn?.x ?? 0) + (firstColumn?.width ?? 0));
    await expectAccessible(page);
  });

  it('folds the optional Pathways codes away until wanted, and opens them when they hold something', async () => {
    const { page } = s;
    const pathways = page.getByTestId('pathways');
    expect(await pathways.getAttribute('open')).toBeNull();
    await page.getByTestId('pathways').locator('summary').click();
    await page.getByLabel('SG code').fill('1011');
    await expect.poll(() => page.getByTestId('draft-saved').innerText()).toMatch(/^Form kept at/);
    await page.reload();
    await page.getByRole('button', { name: 'Continue that call’s form' }).click();
    await page.getByLabel('SG code').waitFor();
    expect(await page.getByLabel('SG code').inputValue()).toBe('1011');
  });

  it('folds the optional safeguarding concern away with the Pathways codes, nothing chosen; once given, the case header shows it on the next screen', async () => {
    const { page } = s;
    // The form the Pathways test kept: its lone SG code is cleared, as a clinician would.
    await page.getByLabel('SG code').fill('');
    // Folded with the Pathways codes (its summary names it), the group closes again once emptied.
    const group = page.getByTestId('pathways');
    expect(await group.getAttribute('open')).toBeNull();
    await group.getByText('Pathways codes and safeguarding concern (optional)').click();
    expect(await page.getByLabel('About a child').isChecked()).toBe(false);
    expect(await page.getByLabel('About an adult').isChecked()).toBe(false);
    await page.getByLabel('Assessment outcome (disposition)').selectOption('Dx05');
    await page.getByLabel('Given name', { exact: true }).fill('Sofia');
    await page.getByLabel('Family name', { exact: true }).fill('Safeguard');
    await fillDate(page, 'Date of birth', '1988-07-14');
    await page.getByLabel('Gender').selectOption('female');
    await page.locator('#address-line1').fill('9 Mill Lane');
    await page.locator('#address-city').fill('Leeds');
    await page.locator('#address-postcode').fill('LS6 2AB');
    await page.locator('[data-number-key] input[type="tel"]').first().fill('07700 900789');
    await page.locator('[data-number-key] select[id$="-rank"]').first().selectOption('1');
    await page.getByLabel('What the concern is').fill('Her son (5) is left alone overnight.');
    await page.getByRole('button', { name: 'Start the case' }).click();
    await page.getByTestId('error-summary').waitFor();
    // Words without whom they are about are not sent: the problem links to the first choice.
    const link = page.getByTestId('error-summary').getByRole('link', { name: /about a child or an adult/ });
    expect(await link.getAttribute('href')).toBe('#safeguarding-about-child');
    await page.getByLabel('About a child').check();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Start the case' }).click();
    await page.getByRole('heading', { name: 'Book an appointment', level: 1 }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('safeguarding-concern').innerText()).toBe('Safeguarding concern: about a child — Her son (5) is left alone overnight.');
    // The case's own panel changes it; the header follows what main kept.
    const panel = page.getByTestId('safeguarding-panel');
    await panel.getByRole('button', { name: 'Change the concern' }).click();
    expect(await panel.getByLabel('About a child').isChecked()).toBe(true);
    await expectAccessible(page);
    await panel.getByLabel('What the concern is').fill('Her son (5) is left alone overnight; neighbour worried.');
    await panel.getByRole('button', { name: 'Save the concern' }).click();
    await expect.poll(() => page.getByTestId('safeguarding-concern').innerText()).toBe('Safeguarding concern: about a child — Her son (5) is left alone overnight; neighbour worried.');
  });
});
