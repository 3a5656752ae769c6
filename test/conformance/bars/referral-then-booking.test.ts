/**
 * The app, end to end in main: a BaRS referral sent before the booking, then the booking. The
 * receiver (sandbox) holds the Appointment basedOn the case's ServiceRequest (digest §4), as the
 * app wires the case's standing referral into the booking message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BookingResult, Case, ServiceOffer, SlotSearchResult } from '../../../preload/contract';
import { createApp, type App } from '../../../main/app/create-app';
import { silentLogger } from '../../../main/log/logger';
import { testClock } from '../../support/clock';
import { dispatcher } from '../../support/dispatch';
import { patientWithNhsNumber } from '../../support/patients';
import { startCase } from '../../support/start-case';

let app: App;
let dataDir: string;
const { ok } = dispatcher(() => app);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bw-bars-linking-'));
  // The seed diaries at a weekday afternoon: at 02:30 on a Sunday the ED has too few slots inside a Dx02 hour.
  app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger(), clock: testClock() });
});
afterAll(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('a booking made after the case\'s BaRS referral is held by the receiver basedOn that referral', async () => {
  const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx02' });
  const { services } = await ok<{ services: ServiceOffer[] }>('directory:services', { caseId: opened.id });
  const ed = services.find((s) => s.name === 'Harbourside Emergency Department');
  if (ed === undefined) throw new Error('no BaRS ED offered');
  await ok<Case>('case:chooseService', { caseId: opened.id, serviceId: ed.serviceId });
  const store = app.spine?.sandbox?.bars.store;
  if (store === undefined) throw new Error('no BaRS sandbox');
  await ok('referral:send', { caseId: opened.id });
  const [referral] = [...store.serviceRequests.values()];
  expect(referral?.resource.status).toBe('active');

  const search = await ok<SlotSearchResult>('slots:search', { caseId: opened.id });
  const slot = search.slots.find((s) => !s.outsideTimeframe);
  if (slot === undefined) throw new Error('no slot');
  const booked = await ok<BookingResult>('booking:book', { caseId: opened.id, slotId: slot.slotId });
  expect(booked.outcome.tone).toBe('success');
  const [appointment] = [...store.appointments.values()];
  expect(appointment?.resource.basedOn).toEqual([{ reference: `ServiceRequest/${referral?.id ?? 'none'}` }]);
});

// App1 Scope-and-Requirements, Rebook: "The new booking must not link to any originally linked
// referral, rather a new referral must be made and the original 'revoked'".
it('a rebooking (the first booking cancelled, a new one made) is not linked to the referral the first booking was based on', async () => {
  const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx02' });
  const { services } = await ok<{ services: ServiceOffer[] }>('directory:services', { caseId: opened.id });
  const ed = services.find((s) => s.name === 'Harbourside Emergency Department');
  if (ed === undefined) throw new Error('no BaRS ED offered');
  await ok<Case>('case:chooseService', { caseId: opened.id, serviceId: ed.serviceId });
  const store = app.spine?.sandbox?.bars.store;
  if (store === undefined) throw new Error('no BaRS sandbox');
  const before = new Set(store.appointments.keys());
  await ok('referral:send', { caseId: opened.id });
  const book = async (): Promise<BookingResult> => {
    const search = await ok<SlotSearchResult>('slots:search', { caseId: opened.id });
    const slot = search.slots.find((s) => !s.outsideTimeframe);
    if (slot === undefined) throw new Error('no slot');
    const booked = await ok<BookingResult>('booking:book', { caseId: opened.id, slotId: slot.slotId });
    expect(booked.outcome.tone).toBe('success');
    return booked;
  };
  const first = await book();
  await ok('booking:cancel', { bookingId: first.bookingId, reason: 'Patient asked for a later time' });
  await book();
  const made = [...store.appointments.entries()].filter(([id]) => !before.has(id)).map(([, a]) => a.resource);
  expect(made).toHaveLength(2);
  expect(made.map((a) => a.status)).toEqual(['cancelled', 'booked']);
  expect(made[0]?.basedOn).toHaveLength(1);
  expect(made[1]?.basedOn).toBeUndefined();
});

it('the Rebook action (for BaRS the old appointment cancelled first, then the new one booked) does not link the new appointment to the first booking\'s referral either', async () => {
  const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx02' });
  const { services } = await ok<{ services: ServiceOffer[] }>('directory:services', { caseId: opened.id });
  const ed = services.find((s) => s.name === 'Harbourside Emergency Department');
  if (ed === undefined) throw new Error('no BaRS ED offered');
  await ok<Case>('case:chooseService', { caseId: opened.id, serviceId: ed.serviceId });
  const store = app.spine?.sandbox?.bars.store;
  if (store === undefined) throw new Error('no BaRS sandbox');
  const before = new Set(store.appointments.keys());
  await ok('referral:send', { caseId: opened.id });
  const slots = (await ok<SlotSearchResult>('slots:search', { caseId: opened.id })).slots.filter((s) => !s.outsideTimeframe);
  const [a, b] = slots;
  if (a === undefined || b === undefined) throw new Error('too few slots');
  const first = await ok<BookingResult>('booking:book', { caseId: opened.id, slotId: a.slotId });
  await ok<BookingResult>('booking:rebook', { bookingId: first.bookingId, slotId: b.slotId, reason: 'Later time' });
  const made = [...store.appointments.entries()].filter(([id]) => !before.has(id)).map(([, x]) => x.resource);
  expect(made.map((x) => x.status)).toEqual(['cancelled', 'booked']);
  expect(made[0]?.basedOn).toHaveLength(1);
  expect(made[1]?.basedOn).toBeUndefined();
});
