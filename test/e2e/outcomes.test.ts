import { copyFileSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingResult, Case, SlotSearchResult } from '../../preload/contract';
import { FaultRegistry } from '../../main/sandbox/faults/fault-control';
import { chromiumAvailable, launchChromium, newPage } from './support/chromium';
import { expectAccessible, screenshot } from './support/page';
import { api, chooseService, openCase, openSession, patient, SERVICE, slotSearchDone, type Session } from './support/booking';
import { startWorkstation, type RunningWorkstation } from './support/workstation';

/** The sandbox service whose booking answers are always lost (main/sandbox/seed/fault-services.ts). */
const BOOKING_ANSWER_LOST = '2000090001';

describe.skipIf(!chromiumAvailable())('an outcome only a phone call can settle', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(async () => {
    await s.close();
  });

  it('the clinician records what the service said: the case shows it as booked from a phone call, audited with the number phoned', async () => {
    const { page } = s;
    const c = await openCase(s, patient({ family: 'Phoned' }));
    await chooseService(page, BOOKING_ANSWER_LOST);
    expect(await slotSearchDone(page)).toBe('list');
    await page.locator('[data-testid="slot-list"] [data-slot-id][data-outside="false"]').first().click();
    await page.getByTestId('book-button').click();
    await page.getByTestId('checking-booking').waitFor({ timeout: 30_000 });
    await page.getByTestId('record-service-answer').click();
    const form = page.getByTestId('record-service-answer-form');
    // Nothing is chosen for the clinician: saving without an answer and a number is refused on the form.
    await form.getByTestId('record-service-answer-save').click();
    expect(await form.innerText()).toContain('Choose what the service told you');
    expect(await form.innerText()).toContain('Enter the number you phoned');
    await form.getByLabel('The service has the appointment booked').check();
    await form.getByLabel('The number you phoned').fill('0113 496 0901');
    await form.getByLabel(/The service’s reference/).fill('RX-4471');
    await screenshot(page, 'record-service-answer');
    await expectAccessible(page);
    await form.getByTestId('record-service-answer-save').click();
    await expect.poll(() => page.getByTestId('case-booking-state').getAttribute('data-tone'), { timeout: 15_000 }).toBe('booked');
    const after = await api<Case>(s.ws, 'case:get', { caseId: c.id });
    const b = after.bookings.at(-1);
    expect(b?.status).toBe('booked');
    expect(b?.phoneRecord).toMatchObject({ said: 'booked', phoneNumber: '0113 496 0901', serviceReference: 'RX-4471', byName: 'Dr Alex Morgan' });
    expect(b?.lastOutcome?.title).toBe('Recorded from a phone call: the appointment is booked (their reference RX-4471)');
    const db = s.ws.app.db;
    const event = db?.prepare("SELECT outcome, detail FROM audit_events WHERE case_id = ? AND type = 'booking.service-answer-recorded'").get(c.id) as { outcome: string; detail: string } | undefined;
    expect(event?.outcome).toBe('booked');
    expect(JSON.parse(event?.detail ?? '{}')).toMatchObject({ phoneNumber: '0113 496 0901', serviceReference: 'RX-4471' });
  });
});

describe.skipIf(!chromiumAvailable())('the app stopped in the middle of a rebook', () => {
  const open: RunningWorkstation[] = [];
  afterAll(async () => {
    for (const ws of open) await ws.close().catch(() => undefined);
  });

  it('after restart the case shows the rebook done and one appointment: the old one was cancelled once the app came back', async () => {
    const first = await startWorkstation({ reconciler: { tickMs: 0 } });
    open.push(first);
    const c = await api<Case>(first, 'case:start', { patient: patient({ family: 'Crashed' }), dispositionCode: 'Dx05' });
    await api<Case>(first, 'case:chooseService', { caseId: c.id, serviceId: SERVICE.utc });
    const { slots } = await api<SlotSearchResult>(first, 'slots:search', { caseId: c.id });
    const [a, b] = slots.filter((x) => !x.outsideTimeframe);
    if (a === undefined || b === undefined) throw new Error('two slots inside the timeframe expected');
    const booked = await api<BookingResult>(first, 'booking:book', { caseId: c.id, slotId: a.slotId });
    const faults = first.app.spine?.sandbox?.faults;
    if (!(faults instanceof FaultRegistry)) throw new Error('no sandbox faults');
    faults.add(SERVICE.utc, { kind: 'delay', delayMs: 1_500, operation: 'cancel', times: 1 });
    const rebooking = api<BookingResult>(first, 'booking:rebook', { bookingId: booked.bookingId, slotId: b.slotId, reason: 'Patient asked for a later time' });
    const db = first.app.db;
    if (db === undefined) throw new Error('no db');
    for (let i = 0; i < 300; i++) {
      if ((db.prepare('SELECT status FROM bookings WHERE id = ?').get(booked.bookingId) as { status: string }).status === 'cancelling') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    db.pragma('wal_checkpoint(FULL)');
    // What kill -9 leaves: the data folder's files as they are at this instant, the Provider's with them.
    const image = mkdtempSync(join(tmpdir(), 'bw-e2e-crash-'));
    for (const name of readdirSync(first.dataDir)) {
      const from = join(first.dataDir, name);
      if (statSync(from).isFile() && !name.endsWith('.lock')) copyFileSync(from, join(image, name));
    }
    await rebooking;

    const after = await startWorkstation({ dataDir: image });
    open.push(after);
    const browser = await launchChromium();
    try {
      const page = await newPage(browser, after.clock);
      await page.goto(after.url);
      await page.locator('[data-testid="case-list"] tr', { hasText: 'CRASHED' }).first().getByRole('button', { name: /^Open/ }).click();
      await page.locator(`[data-case-id="${c.id}"]`).waitFor();
      await expect.poll(() => page.getByTestId('case-booking-state').getAttribute('data-tone'), { timeout: 20_000 }).toBe('booked');
      await expect.poll(async () => (await api<Case>(after, 'case:get', { caseId: c.id })).bookingView.rebooks.at(-1)?.state, { timeout: 20_000 }).toBe('done');
      const view = await api<Case>(after, 'case:get', { caseId: c.id });
      expect(view.bookings.filter((x) => x.live).map((x) => x.slot.slotId)).toEqual([b.slotId]);
      expect(view.bookings.find((x) => x.id === booked.bookingId)?.status).toBe('cancelled');
      await page.reload();
      await page.locator(`[data-case-id="${c.id}"]`).waitFor();
      expect(await page.getByTestId('case-booking-state').innerText()).toContain(`Booked: ${view.bookings.find((x) => x.live)?.serviceName ?? ''}`);
      await screenshot(page, 'rebook-after-crash');
    } finally {
      await browser.close();
    }
  });
});
