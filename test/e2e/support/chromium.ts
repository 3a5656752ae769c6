import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Clock } from '../../../main/workflow/clock';
import { testClock } from '../../support/clock';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Under CI a missing Chromium fails the run; on a developer machine the e2e suite is skipped with a reason. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true') throw new Error(`CI: Chromium is required for the end-to-end tests but ${CHROMIUM_PATH} is missing`);
  console.warn(`Skipping end-to-end tests: ${CHROMIUM_PATH} is not installed (apt-get install chromium).`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** The page's clock reads what the app's clock reads, and runs on: the renderer and main agree on "now". */
export async function syncClock(context: BrowserContext, clock: Clock = testClock()): Promise<void> {
  await context.clock.install({ time: clock() });
}

/** A page in its own context (axe-core needs one, and tests stay isolated), at the common NHS desktop size, on the app's clock. */
export async function newPage(browser: Browser, clock?: Clock): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London', viewport: { width: 1366, height: 768 } });
  await syncClock(context, clock);
  return context.newPage();
}
