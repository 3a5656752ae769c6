import { testClock, WEEKDAY_AFTERNOON } from '../support/clock';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking, BookingResult, Case, SlotSearchResult } from '../../preload/contract';
import { DESK_LOGIN, DESK_PASSWORD, PASSWORD_ENV, prepareOrg, registerDesk, uploaded } from '../support/org';
import { shouldRunPostgresTests, startTestPostgres, type TestPostgres } from '../support/postgres';
import { api, goToCases, openSession, patient, SERVICE, type Session } from './support/booking';
import { chromiumAvailable } from './support/chromium';
import { expectAccessible, screenshot } from './support/page';

const NHS_NUMBER = '9876543210';

async function findByNhsNumber(s: Session): Promise<void> {
  const { page } = s;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Find a booking' }).click();
  await page.getByRole('heading', { name: 'Find a booking', level: 1 }).waitFor();
  await page.getByLabel('NHS number', { exact: true }).fill(NHS_NUMBER);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByTestId('find-count').waitFor();
}

describe.skipIf(!chromiumAvailable() || !shouldRunPostgresTests())('two desks, one organisation record: a booking made on desk A is found, opened and cancelled on desk B', () => {
  let pg: TestPostgres;
  let deskA: Session;
  let deskB: Session;
  let booked: Booking;
  let shared = '';

  beforeAll(async () => {
    pg = await startTestPostgres();
    await prepareOrg(pg);
    for (const workstation of ['DESK-A', 'DESK-B']) await registerDesk(pg, workstation);
    process.env[PASSWORD_ENV] = DESK_PASSWORD;
    shared = mkdtempSync(join(tmpdir(), 'bw-e2e-shared-sandbox-'));
    // What npm run org:dev writes for its two desks: one organisation record, one sandbox Provider.
    const settings = {
      mode: 'sandbox',
      org: { url: `postgres://127.0.0.1:${String(pg.port)}/postgres`, user: DESK_LOGIN, passwordRef: `env:${PASSWORD_ENV}`, sslmode: 'disable' },
      sandbox: { providerPath: join(shared, 'provider.sqlite') },
    };
    // Each desk has its own clock, and desk A's runs ten minutes ahead of desk B's (real desks
    // drift): desk B's later cancel carries the earlier time, and still wins, because it was made
    // after B read A's booking (the record orders changes by cause, not by desk time).
    // Each desk's user signs in with CIS2, whose session names them: Find shows who booked by that name.
    deskA = await openSession({ settings, workstation: 'DESK-A', clock: testClock(new Date(WEEKDAY_AFTERNOON.getTime() + 10 * 60_000)), signedInAs: 'clinician' });
    deskB = await openSession({ settings, workstation: 'DESK-B', clock: testClock(WEEKDAY_AFTERNOON), signedInAs: 'call-handler' });
    const p = patient({ family: 'Achterberg', nhsNumber: NHS_NUMBER });
    const c = await api<Case>(deskA.ws, 'case:start', { patient: p, dispositionCode: 'Dx06' });
    await api(deskA.ws, 'case:chooseService', { caseId: c.id, serviceId: SERVICE.utc });
    const slot = (await api<SlotSearchResult>(deskA.ws, 'slots:search', { caseId: c.id })).slots.find((x) => !x.outsideTimeframe);
    if (slot === undefined) throw new Error('no slot inside the timeframe');
    const r = await api<BookingResult>(deskA.ws, 'booking:book', { caseId: c.id, slotId: slot.slotId });
    const b = r.case.bookings.find((x) => x.id === r.bookingId);
    if (b === undefined) throw new Error('the booking is not in the case');
    booked = b;
    await uploaded(deskA.ws.app);
  }, 120_000);
  afterAll(async () => {
    await deskA.close();
    await deskB.close();
    await pg.destroy();
    rmSync(shared, { recursive: true, force: true });
  });

  it('desk B finds it, showing desk A and its user by name and role, opens it and cancels it', async () => {
    const { page } = deskB;
    await findByNhsNumber(deskB);
    expect(await page.getByTestId('find-count').getAttribute('data-searched')).toBe('organisation');
    const row = page.locator(`[data-booking-id="${booked.id}"]`);
    expect(await row.getByTestId('find-made-by').innerText()).toBe('DESK-A by Dr Alex Morgan (Clinical Practitioner Access Role)');
    await screenshot(page, 'org-find-results');
    await expectAccessible(page);
    await row.getByRole('button', { name: /^Open/ }).click();
    await page.getByTestId('find-match').waitFor();
    expect(await page.getByTestId('find-match-made-by').innerText()).toBe('Booked on desk DESK-A by Dr Alex Morgan (Clinical Practitioner Access Role)');
    await page.getByRole('button', { name: `Cancel appointment ${booked.reference}` }).first().click();
    await page.getByLabel('Why is the appointment being cancelled?').fill('Patient rang desk B to cancel.');
    await page.getByTestId('confirm-cancel').click();
    await page.getByTestId('cancel-outcome').waitFor();
    expect(await page.getByTestId('cancel-outcome').getAttribute('data-tone')).toBe('success');
    await expectAccessible(page);
    await uploaded(deskB.ws.app);
  });

  // Issue 18: desk A's own copy still says "booked"; opening the case from desk A's Cases list
  // (not through Find) must re-read the organisation record and say when it did.
  it('desk A opens the case from its own Cases list: it shows cancelled, and when it was checked with the organisation record', async () => {
    const { page } = deskA;
    await goToCases(page);
    await page.locator('[data-testid="case-list"] tr', { hasText: 'ACHTERBERG' }).first().getByRole('button', { name: /^Open/ }).click();
    await page.locator(`[data-case-id="${booked.caseId}"]`).waitFor();
    await expect.poll(() => page.getByTestId('case-booking-state').getAttribute('data-tone')).toBe('cancelled');
    const checked = page.getByTestId('organisation-record-check');
    expect(await checked.getAttribute('data-state')).toBe('confirmed');
    expect(await checked.innerText()).toMatch(/^Checked with the organisation record /);
    await screenshot(page, 'org-case-reread-from-cases-list');
  });

  it('desk A then shows it cancelled after re-reading', async () => {
    const { page } = deskA;
    await findByNhsNumber(deskA);
    const row = page.locator(`[data-booking-id="${booked.id}"]`);
    await row.getByRole('button', { name: /^Open/ }).click();
    await expect.poll(() => page.getByTestId('find-live-status').getAttribute('data-booking-status')).toBe('cancelled');
    const c = await api<Case>(deskA.ws, 'case:get', { caseId: booked.caseId });
    expect(c.bookings.map((b) => b.status)).toEqual(['cancelled']);
  });

  it('with PostgreSQL stopped, Find says plainly it shows this desk’s bookings only', async () => {
    await pg.stop();
    const { page } = deskB;
    await findByNhsNumber(deskB);
    const banner = page.getByTestId('find-unreachable');
    expect(await banner.innerText()).toContain('The organisation record cannot be reached: showing bookings made on this desk only.');
    // Desk B holds its copy of the case it opened: still found.
    await page.locator(`[data-booking-id="${booked.id}"]`).waitFor();
    await screenshot(page, 'org-find-unreachable');
    await expectAccessible(page);
  });
});
