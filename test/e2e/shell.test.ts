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
    page = await newPage(browser, ws.clock);
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

  it('signs in with a one-time link: the address bar and web storage hold no credential, a reload keeps working, the link is spent', async () => {
    expect(page.url()).toBe(`${ws.bridge.origin}/`);
    // Web storage may hold where the user was (screen and case id), never a credential.
    const stored = await page.evaluate(() => [...(Object.values(sessionStorage) as string[]), ...(Object.values(localStorage) as string[])].join('\n'));
    expect(stored).not.toMatch(/token|code=|[A-Za-z0-9_-]{32,}/);
    expect(await page.evaluate(() => [localStorage.length, document.cookie])).toEqual([0, '']);
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: ws.bridge.cookieName, httpOnly: true, sameSite: 'Strict' });
    await page.reload();
    await expect.poll(() => page.locator('[data-environment]').count()).toBe(1);
    await expect.poll(() => page.getByRole('heading', { name: 'Cases' }).count()).toBe(1);
    const history = await page.evaluate(() => window.location.href);
    expect(history).not.toContain('code=');
  });
});

describe.skipIf(!chromiumAvailable())('a bad settings file', () => {
  it('opens the configuration problem screen naming each bad field', async () => {
    const ws = await startWorkstation({ settings: { mode: 'live', asid: '123', ssp: { baseUrl: 'http://insecure.example' } } });
    const browser = await launchChromium();
    try {
      const page = await newPage(browser, ws.clock);
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
