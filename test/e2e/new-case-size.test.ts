import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from './support/chromium';
import { openSession, type Session } from './support/booking';
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
});
