/** One session, two standards: a BaRS service and a Care Connect service booked from the same screens. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../preload/contract';
import { expectNoAxeViolations } from './support/axe-all';
import { chromiumAvailable } from './support/chromium';
import { api, chooseService, openCase, openSession, patient, SERVICE, slotSearchDone, type Session } from './support/booking';

const BARS_ED = '2000071001';

describe.skipIf(!chromiumAvailable())('booking under BaRS and Care Connect in one session', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(async () => {
    await s.close();
  });

  async function bookFirstSlot(serviceId: string, family: string): Promise<Case> {
    const { page } = s;
    const c = await openCase(s, patient({ family }), 'Dx02');
    const row = page.locator(`[data-service-id="${serviceId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain(serviceId === BARS_ED ? 'via BaRS' : 'via Care Connect');
    await chooseService(page, serviceId);
    expect(await slotSearchDone(page)).toBe('list');
    const slot = page.locator('[data-slot-id]').first();
    await slot.click();
    await page.getByTestId('confirm-step').waitFor();
    if (await page.getByTestId('outside-warning').count() > 0) {
      await page.getByLabel('Approving clinician’s name').fill('Dr Priya Nair');
      await page.getByLabel('Their role').fill('Clinical supervisor');
      await page.getByLabel(/reason/i).first().fill('Clinically appropriate for this patient');
    }
    await page.getByTestId('book-button').click();
    await page.getByTestId('booked').waitFor();
    return api<Case>(s.ws, 'case:get', { caseId: c.id });
  }

  it('books the BaRS emergency department, then the Care Connect UTC, each shown as booked', async () => {
    const bars = await bookFirstSlot(BARS_ED, 'Barsworth');
    expect(bars.bookings.filter((b) => b.status === 'booked').map((b) => b.serviceId)).toEqual([BARS_ED]);
    const careConnect = await bookFirstSlot(SERVICE.utc, 'Connell');
    expect(careConnect.bookings.filter((b) => b.status === 'booked').map((b) => b.serviceId)).toEqual([SERVICE.utc]);
    expect(s.ws.app.spine?.sandbox?.bars.store.appointments.size).toBe(1);
  });

  it('sends the BaRS referral from the booked screen: the receiver holds one ServiceRequest linked to the appointment, and it cannot be sent again', async () => {
    const { page } = s;
    const booked = await bookFirstSlot(BARS_ED, 'Refferton');
    const store = s.ws.app.spine?.sandbox?.bars.store;
    if (store === undefined) throw new Error('no BaRS sandbox');
    const before = store.serviceRequests.size;
    const panel = page.getByTestId('referral-panel');
    await panel.getByTestId('send-referral').click();
    await page.getByTestId('referral-outcome').waitFor();
    expect(await panel.getByTestId('send-referral').isDisabled()).toBe(true);
    const held = [...store.serviceRequests.values()].slice(before);
    expect(held).toHaveLength(1);
    const appointmentUrl = booked.bookings.find((b) => b.status === 'booked')?.appointmentUrl ?? '';
    const appointmentId = /Appointment\/([^/]+)$/.exec(appointmentUrl)?.[1] ?? 'none';
    expect(held[0]?.resource.supportingInfo).toEqual([{ reference: `Appointment/${appointmentId}` }]);
    const after = await api<Case>(s.ws, 'case:get', { caseId: booked.id });
    expect(after.referrals.map((r) => r.status)).toEqual(['sent']);
    expect(after.bookingView.referral.status).toBe('sent');

    // Read like the Care Connect referral, not as raw JSON; the message as sent one click away.
    await page.getByTestId('view-referral-document').first().click();
    const readable = page.getByTestId('cda-readable');
    await readable.waitFor();
    const text = await readable.innerText();
    expect(text).toContain('BaRS referral');
    expect(text).toContain('Refferton');
    expect(text).toContain('Disposition: DX02');
    expect(text).toContain('Call first:');
    expect(text).not.toContain('"resourceType"');
    expect(await page.getByTestId('referral-xml').isVisible()).toBe(false);
    await page.getByText('Show the message as sent').click();
    expect(await page.getByTestId('referral-xml').innerText()).toContain('"resourceType": "Bundle"');
  });

  it('L133 L142 L144 shows the receiver’s reference with the sent BaRS referral, and withdraws it with a reason: the confirmation shown, the receiver holds it revoked', async () => {
    const { page } = s;
    const booked = await bookFirstSlot(BARS_ED, 'Withdrawson');
    const store = s.ws.app.spine?.sandbox?.bars.store;
    if (store === undefined) throw new Error('no BaRS sandbox');
    const before = new Set(store.serviceRequests.keys());
    const panel = page.getByTestId('referral-panel');
    await panel.getByTestId('send-referral').click();
    await page.getByTestId('referral-outcome').waitFor();
    const sent = (await api<Case>(s.ws, 'case:get', { caseId: booked.id })).bookingView.referral.sent.at(-1);
    expect(await panel.getByTestId('referral-receiver-reference').innerText()).toBe(sent?.receiverReference?.value);
    const held = [...store.serviceRequests.values()].find((h) => !before.has(h.id));

    await panel.getByTestId('withdraw-referral-start').click();
    await panel.getByLabel('Why is the referral being withdrawn?').fill('Patient has recovered');
    await expectNoAxeViolations(page, 'withdraw referral: reason asked');
    await panel.getByTestId('confirm-withdraw-referral').click();
    const outcome = panel.getByTestId('withdraw-outcome');
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-tone')).toBe('success');
    expect(await outcome.innerText()).toContain('Referral withdrawn at');
    expect(await panel.getByTestId('referral-withdrawn').innerText()).toContain('Patient has recovered');
    expect(await panel.getByTestId('withdraw-referral-start').count()).toBe(0);
    expect(await panel.getByTestId('referral-state').innerText()).toMatch(/no referral stands now/);
    await expectNoAxeViolations(page, 'withdraw referral: confirmed');
    expect(held === undefined ? undefined : store.serviceRequests.get(held.id)?.resource.status).toBe('revoked');
  });

  it('a BaRS rebook says before the confirm that the original is cancelled first, and does so: the receiver holds it cancelled', async () => {
    const { page } = s;
    const booked = await bookFirstSlot(BARS_ED, 'Rebookley');
    const old = booked.bookings.find((b) => b.status === 'booked');
    if (old === undefined) throw new Error('not booked');
    const bookings = page.getByTestId('case-bookings');
    await bookings.getByRole('button', { name: `Rebook appointment ${old.reference}` }).click();
    expect(await bookings.getByTestId('rebook-note').innerText()).toBe('The original appointment is cancelled first; the new one is booked only once the service confirms the cancel.');
    await bookings.getByLabel('Why is the appointment being moved?').fill('Patient asked for a later time');
    await bookings.locator('[data-testid="slot-list"][data-painted]').waitFor();
    await bookings.locator(`[data-slot-id][data-outside="false"]:not([data-slot-id="${old.slot.slotId}"])`).first().click();
    expect(await bookings.getByTestId('confirm-rebook').innerText()).toBe(`Cancel ${old.reference}, then book the new appointment`);
    await bookings.getByTestId('confirm-rebook').click();
    const outcome = page.getByTestId('rebook-outcome');
    await outcome.waitFor();
    expect(await outcome.innerText()).toContain(`The original appointment ${old.reference}`);
    const after = await api<Case>(s.ws, 'case:get', { caseId: booked.id });
    expect(after.bookingView.rebooks.at(-1)).toMatchObject({ order: 'cancel-first', state: 'done' });
    const held = [...(s.ws.app.spine?.sandbox?.bars.store.appointments.values() ?? [])];
    expect(held.filter((h) => h.slotId === old.slot.slotId).map((h) => h.resource.status)).toEqual(['cancelled']);
  });
});
