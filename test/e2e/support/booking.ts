import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Case, PatientInput } from '../../../preload/contract';
import type { Fault } from '../../../main/sandbox';
import { signInDesk } from '../../support/cis2-browser';
import { launchChromium, newPage } from './chromium';
import { startWorkstation, type RunningWorkstation } from './workstation';
import { startCase } from '../../support/start-case';

/** Seed DoS service ids (main/sandbox/seed/catalogue.ts), named for what each one exercises. */
export const SERVICE = {
  utc: '2000012345',
  hub: '2000023456',
  ooh: '2000034567',
  ed: '2000045678',
  bookingOnly: '2000056789',
  referralOnly: '2000067890',
  noSlots: '2000001234',
} as const;

export interface Session {
  ws: RunningWorkstation;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** A workstation, a browser and a page on the home screen. */
/** `signedInAs`: a test user of the sandbox's CIS2 stand-in (main/sandbox/cis2/test-users.ts) signs in first, instead of the typed profile. */
export async function openSession(options: Parameters<typeof startWorkstation>[0] & { signedInAs?: string } = {}): Promise<Session> {
  const { signedInAs, ...rest } = options;
  const ws = await startWorkstation(signedInAs === undefined ? rest : { ...rest, cis2: true, profile: null });
  if (signedInAs !== undefined) await signInDesk(ws.app, signedInAs);
  const browser = await launchChromium();
  const page = await newPage(browser, ws.clock);
  await page.goto(ws.url);
  await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
  return {
    ws,
    browser,
    page,
    close: async () => {
      await browser.close();
      await ws.close();
    },
  };
}

/** Calls the API the way the renderer does (same dispatch, same schemas) and fails the test on an error. */
export async function api<T>(ws: RunningWorkstation, channel: string, request: unknown): Promise<T> {
  const result = await ws.app.dispatch(channel, request, { transport: 'http' });
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

export function patient(overrides: Partial<PatientInput> = {}): PatientInput {
  return {
    title: 'Mrs',
    given: 'Jane',
    family: 'Fielding',
    birthDate: '1961-04-12',
    gender: 'female',
    address: { lines: ['12 Wharf Street'], city: 'Leeds', postcode: 'LS2 7EQ' },
    nhsNumber: '9434765919',
    nhsNumberVerified: true,
    telecom: [{ system: 'phone', use: 'mobile', value: '07700 900123', rank: 1 }],
    contacts: [],
    ...overrides,
  };
}

/**
 * To the Cases list from wherever the last test left the page. Text a test typed and did not send
 * (an approval it checked was not enough, say) is held by "What you typed has not been sent": the
 * next call leaves it, as the clinician answering that question would.
 */
export async function goToCases(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Cases' }).click();
  const cases = page.getByRole('heading', { name: 'Cases', level: 1 });
  const question = page.getByTestId('leave-question');
  await cases.or(question).first().waitFor();
  if (await question.isVisible()) {
    await question.getByTestId('leave-anyway').click();
    await cases.waitFor();
  }
}

/** A case started through the API as the new-case screen starts it (with the reason, when the person already has a case). */
export function apiStartCase(ws: RunningWorkstation, request: { patient: PatientInput } & Record<string, unknown>): Promise<Case> {
  return startCase((channel, r) => api(ws, channel, r), request);
}

/** A case started through the API (the new-case form has its own tests), opened in the browser. */
export async function openCase(s: Session, p: PatientInput = patient(), dispositionCode = 'Dx05'): Promise<Case> {
  const c = await apiStartCase(s.ws, { patient: p, dispositionCode });
  await goToCases(s.page);
  await s.page.locator(`[data-testid="case-list"] tr`, { hasText: p.family.toUpperCase() }).first().getByRole('button', { name: /^Open/ }).click();
  await s.page.locator(`[data-case-id="${c.id}"]`).waitFor();
  return c;
}

/** Chooses a service from the ranked list and, for a bookable one, waits for the slot search to finish. */
export async function chooseService(page: Page, serviceId: string): Promise<void> {
  const row = page.locator(`[data-service-id="${serviceId}"]`);
  await row.waitFor();
  await row.getByRole('button', { name: /^Choose/ }).click();
}

/** Waits until the slot search has answered (list, no slots, or failure). */
export async function slotSearchDone(page: Page): Promise<'list' | 'none' | 'failed'> {
  await page.locator('[data-testid="slot-results"], [data-testid="no-slots"], [data-testid="slot-search-failed"]').first().waitFor();
  if ((await page.getByTestId('slot-results').count()) > 0) {
    await page.locator('[data-testid="slot-list"][data-painted]').waitFor();
    return 'list';
  }
  return (await page.getByTestId('no-slots').count()) > 0 ? 'none' : 'failed';
}

/** Injects a fault for one DoS service in the running sandbox (main/sandbox/faults). */
export function injectFault(ws: RunningWorkstation, serviceId: string, fault: Fault): void {
  const faults = ws.app.spine?.sandbox?.faults;
  if (faults === undefined) throw new Error('the sandbox fault control is not reachable from the app');
  faults.set(serviceId, fault);
}

export async function expectText(page: Page, testId: string, text: string | RegExp): Promise<void> {
  await expect.poll(() => page.getByTestId(testId).first().innerText(), { timeout: 20_000 }).toMatch(text);
}

/**
 * Fills the approving clinician's professional registration (register and number): the
 * approval is incomplete without it. Call after the name and role.
 */
export async function fillRegistration(page: Page, register: 'GMC' | 'NMC' | 'HCPC' = 'GMC', number = '1234567'): Promise<void> {
  const approval = page.getByTestId('approval');
  await approval.getByLabel('Their professional register').selectOption(register);
  await approval.getByLabel('Their registration number').fill(number);
}
