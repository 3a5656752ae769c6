import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../preload/contract';
import { api, chooseService, openCase, patient, SERVICE, slotSearchDone, type Session } from './support/booking';
import { chromiumAvailable, launchChromium, newPage } from './support/chromium';
import { expectAccessible, screenshot } from './support/page';
import { startWorkstation } from './support/workstation';

/** Clicks "Sign in" (or any button that starts a CIS2 sign-in) and, on the stand-in's page that opens, one test user's button. */
async function signInThrough(page: Page, start: () => Promise<void>, userButton: string): Promise<void> {
  const [popup] = await Promise.all([page.waitForEvent('popup'), start()]);
  await popup.getByRole('button', { name: userButton }).click();
  await popup.getByRole('heading', { name: 'Signed in' }).waitFor();
}

async function pickLateSlot(page: Page): Promise<void> {
  await page.locator('[data-slot-index="0"]').focus();
  await page.keyboard.press('End');
  const slot = page.locator('[data-slot-id][data-outside="true"]').first();
  await slot.waitFor();
  await slot.click();
  await page.getByTestId('confirm-step').waitFor();
}

describe.skipIf(!chromiumAvailable())('NHS CIS2 sign-in in the browser build (sandbox stand-in)', () => {
  let s: Session;
  let browser: Browser;

  beforeAll(async () => {
    const ws = await startWorkstation({ cis2: true, profile: null });
    browser = await launchChromium();
    const page = await newPage(browser, ws.clock);
    s = { ws, browser, page, close: () => Promise.resolve() };
    await page.goto(ws.url);
  });
  afterAll(async () => {
    await browser.close();
    await s.ws.close();
  });

  it('signs in with one click on the stand-in’s page; the header and the session name the CIS2 user and role, never a typed name', async () => {
    const { page } = s;
    await page.getByTestId('sign-in').waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await screenshot(page, 'cis2-sign-in');
    await expectAccessible(page);
    await signInThrough(page, () => page.getByTestId('sign-in-button').click(), 'Sign in as Sam Taylor');
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    const user = await page.getByTestId('logged-on-user').innerText();
    expect(user).toContain('Sam Taylor');
    const session = await api<{ user: { sdsUserId: string; sdsRoleProfileId: string; role?: string } }>(s.ws, 'session:get', {});
    expect(session.user).toMatchObject({ sdsUserId: '555123456790', sdsRoleProfileId: '555987654322', role: 'Admin/Clinical Support Access Role' });
  });

  it('a call handler cannot approve a late booking; a second clinician signs in to approve, and the booking shows their name, role and GMC number', async () => {
    const { page } = s;
    const c = await openCase(s, patient({ family: 'Lateapproval' }));
    await chooseService(page, SERVICE.utc);
    await slotSearchDone(page);
    await pickLateSlot(page);
    expect(await page.getByTestId('not-a-clinician').count()).toBe(1);
    expect(await page.getByTestId('approve-myself').count()).toBe(0);
    await signInThrough(page, () => page.getByTestId('second-clinician').click(), 'Sign in as Dr Priya Nair');
    await expect.poll(() => page.getByTestId('approver').innerText()).toContain('Dr Priya Nair, Clinical Practitioner Access Role, GMC 7654321');
    // Still the call handler's session: the second clinician signed in for this approval only.
    expect(await page.getByTestId('logged-on-user').innerText()).toContain('Sam Taylor');
    await page.getByLabel('Why this appointment is clinically acceptable').fill('Stable, safety-netted; earliest suitable appointment.');
    await page.getByTestId('book-button').click();
    await page.getByTestId('booked').waitFor();
    expect(await page.getByTestId('approval-shown').innerText()).toContain('approved by Dr Priya Nair (Clinical Practitioner Access Role, GMC 7654321)');
    const stored = (await api<Case>(s.ws, 'case:get', { caseId: c.id })).bookings[0];
    expect(stored?.approval).toMatchObject({ approverName: 'Dr Priya Nair', approverUid: '555123456792', registrationNumber: '7654321' });
  });

  it('the lock needs a fresh sign-in: the same user gets the case back; another user starts clean and does not see it', async () => {
    const { page } = s;
    const c = await openCase(s, patient({ family: 'Lockedcase' }));
    await page.getByTestId('lock-now').click();
    await page.getByTestId('locked').waitFor();
    expect(await page.locator(`[data-case-id="${c.id}"]`).count()).toBe(0);
    await screenshot(page, 'cis2-locked');
    // Locked in main too: nothing runs for the page behind the lock.
    expect(await s.ws.app.dispatch('case:list', {}, { transport: 'http' })).toMatchObject({ ok: false, error: { code: 'signed-out' } });
    await signInThrough(page, () => page.getByTestId('unlock').click(), 'Sign in as Sam Taylor');
    await page.locator(`[data-case-id="${c.id}"]`).waitFor();

    await page.getByTestId('lock-now').click();
    await page.getByTestId('locked').waitFor();
    await signInThrough(page, () => page.getByTestId('unlock').click(), 'Sign in as Dr Alex Morgan');
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    expect(await page.locator(`[data-case-id="${c.id}"]`).count()).toBe(0);
    expect(await page.getByTestId('logged-on-user').innerText()).toContain('Dr Alex Morgan');
    // A reload does not bring the previous user's case back either.
    await page.reload();
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    expect(await page.locator(`[data-case-id="${c.id}"]`).count()).toBe(0);
  });
});

describe.skipIf(!chromiumAvailable())('CIS2 that cannot be reached', () => {
  it('shows a plain sign-in problem, never a crash', async () => {
    const keyDir = mkdtempSync(join(tmpdir(), 'bw-cis2-key-'));
    const keyPath = join(keyDir, 'client.key');
    writeFileSync(keyPath, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }));
    // Port 9 (discard) is closed on loopback: an issuer nobody answers at.
    const ws = await startWorkstation({ settings: { mode: 'sandbox', cis2: { issuer: 'http://127.0.0.1:9/oidc', clientId: 'x', privateKeyPath: keyPath } }, profile: null, cis2: true });
    const browser = await launchChromium();
    try {
      const page = await newPage(browser, ws.clock);
      await page.goto(ws.url);
      await expect.poll(() => page.getByTestId('sign-in-problem').innerText()).toContain('NHS CIS2 sign-in cannot be reached');
      await page.getByTestId('sign-in-button').click();
      await expect.poll(() => page.locator('[data-error-code="sign-in-failed"]').innerText()).toContain('cannot be');
      await screenshot(page, 'cis2-unreachable');
    } finally {
      await browser.close();
      await ws.close();
      rmSync(keyDir, { recursive: true, force: true });
    }
  });
});
