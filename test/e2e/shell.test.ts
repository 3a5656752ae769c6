import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, newPage } from './support/chromium';
import { expectAccessible, screenshot } from './support/page';
import { startWorkstation, type RunningWorkstation } from './support/workstation';

describe.skipIf(!chromiumAvailable())('the shell in the browser build', () => {
  let browser: Browser;
  let ws: RunningWorkstation;
  let page: Page;

  beforeAll(async () => {
    ws = await startWorkstation();
    browser = await launchChromium();
    page = await newPage(browser);
    await page.goto(ws.url);
  });
  afterAll(async () => {
    await browser.close();
    await ws.close();
  });

  it('shows the SANDBOX banner and the logged-on user and organisation', async () => {
    await expect.poll(() => page.locator('[data-environment]').getAttribute('data-environment')).toBe('SANDBOX');
    await expect.poll(() => page.getByTestId('logged-on-user').innerText()).toContain('Dr Alex Morgan');
    expect(await page.getByTestId('logged-on-user').innerText()).toContain('Sandbox NHS 111 Service (X99999)');
    await screenshot(page, 'shell-home');
    await expectAccessible(page);
  });

  it('takes the bridge token out of the address bar and keeps working after a reload', async () => {
    expect(page.url()).not.toContain('token=');
    await page.reload();
    await expect.poll(() => page.locator('[data-environment]').count()).toBe(1);
    await expect.poll(() => page.getByRole('heading', { name: 'Cases' }).count()).toBe(1);
  });
});

describe.skipIf(!chromiumAvailable())('a bad settings file', () => {
  it('opens the configuration problem screen naming each bad field', async () => {
    const ws = await startWorkstation({ settings: { mode: 'live', asid: '123', ssp: { baseUrl: 'http://insecure.example' } } });
    const browser = await launchChromium();
    try {
      const page = await newPage(browser);
      await page.goto(ws.url);
      const problems = page.getByTestId('config-problems');
      await expect.poll(() => problems.count()).toBe(1);
      const text = await problems.innerText();
      expect(text).toContain('The setting asid must be a 12-digit ASID.');
      expect(text).toContain('The setting ssp.baseUrl must be an https:// URL.');
      expect(text).toContain('dos');
      await screenshot(page, 'config-problem');
      await expectAccessible(page);
    } finally {
      await browser.close();
      await ws.close();
    }
  });
});
