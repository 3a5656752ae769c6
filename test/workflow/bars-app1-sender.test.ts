/**
 * App1's sender MUSTs about the workflow and the screen (Scope-and-Requirements), each checked
 * for a BaRS service through the app's dispatch against the sandbox receiver. Each test is named
 * for its MUST; test/conformance/bars/workflow-musts.json points at them by name.
 */
import { describe, expect, it } from 'vitest';
import type { Booking, Case, OutcomeMessage, Result } from '../../preload/contract';
import { BARS_SERVICES } from '../../main/sandbox/bars';
import { WEEKDAY_AFTERNOON, testClock } from '../support/clock';
import { patientWithNhsNumber } from '../support/patients';
import { APPROVAL, bookingAppForFile, UTC_NAME } from './support/booking-app';

// A fixed weekday afternoon: every diary is open, whatever the machine's clock says.
const t = bookingAppForFile(undefined, { clock: testClock() });

const ED = 'Harbourside Emergency Department';
const NO_SLOTS_UTC = 'Kingsway Urgent Treatment Centre';

const bookingOf = (c: Case, id: string | undefined): Booking => {
  const b = c.bookings.find((x) => x.id === id);
  if (b === undefined) throw new Error('booking not in the case');
  return b;
};

/** The sandbox's own record of one BaRS receiver: a test changes it only inside `withReceiver`. */
async function withReceiver<T>(name: string, change: Partial<(typeof BARS_SERVICES)[number]>, run: () => Promise<T>): Promise<T> {
  const service = BARS_SERVICES.find((s) => s.name === name);
  if (service === undefined) throw new Error(`no BaRS receiver ${name}`);
  const before = { ...service };
  Object.assign(service, change);
  try {
    return await run();
  } finally {
    Object.assign(service, before);
  }
}

function receiverStatus(appointmentId: string | undefined): string | undefined {
  return [...t.sandbox().bars.store.appointments.values()].find((h) => h.id === appointmentId)?.resource.status as string | undefined;
}

async function bookedAtEd(): Promise<{ caseId: string; serviceId: string; booking: Booking }> {
  const { caseId, service } = await t.openCase(ED, patientWithNhsNumber(), 'Dx02');
  const [slot] = (await t.slots(caseId)).filter((s) => !s.outsideTimeframe);
  if (slot === undefined) throw new Error('no slot inside the timeframe');
  const r = await t.book(caseId, slot.slotId);
  const booking = bookingOf(r.case, r.bookingId);
  expect(booking.status).toBe('booked');
  return { caseId, serviceId: service.serviceId, booking };
}

/**
 * The consultation is over: the case is closed. (Not a restart too: the sandbox's BaRS receiver
 * keeps its appointments in memory, so a restarted app would meet a receiver that forgot them.)
 */
async function afterTheConsultation(caseId: string): Promise<void> {
  await t.ok<Case>('case:close', { caseId, reasonNoReferral: 'Patient will take the booking only' });
  expect((await t.caseOf(caseId)).status).toBe('closed');
}

describe('App1 slot display, for a BaRS service', () => {
  it('L29 slots are asked of the receiver at every search, never served from a cache', async () => {
    const { caseId, service } = await t.openCase(ED, patientWithNhsNumber(), 'Dx02');
    const first = await t.slots(caseId);
    expect(first.length).toBeGreaterThan(0);
    // The receiver now refuses every search: a cached list would still come back.
    t.fault({ serviceId: service.serviceId }, { kind: 'http-status', status: 500, operation: 'search' });
    try {
      expect(await t.call('slots:search', { caseId })).toMatchObject({ ok: false });
    } finally {
      t.clearFaults(service.serviceId);
    }
    // Another case books a slot this one saw: the next search here no longer offers it.
    const other = await t.openCase(ED, patientWithNhsNumber(), 'Dx02');
    await t.slots(other.caseId);
    const taken = first.find((s) => !s.outsideTimeframe) ?? first[0];
    if (taken === undefined) throw new Error('no slot');
    expect(bookingOf(...(await t.book(other.caseId, taken.slotId).then((r) => [r.case, r.bookingId] as const))).status).toBe('booked');
    expect((await t.slots(caseId)).map((s) => s.slotId)).not.toContain(taken.slotId);
  });

  it('L77 no free slots: the clinician is told, with the receiver’s own reason', async () => {
    const { caseId } = await t.openCase(NO_SLOTS_UTC, patientWithNhsNumber(), 'Dx05');
    const result = await t.ok<{ slots: unknown[]; noSlotsReason?: string }>('slots:search', { caseId });
    expect(result.slots).toEqual([]);
    expect(result.noSlotsReason).toBe('No appointments are free at Kingsway UTC in the period asked for; please refer instead.');
  });

  it('L80 shows delivery channel, practitioner role, name and gender when the receiver gives them', async () => {
    const { caseId } = await t.openCase(ED, patientWithNhsNumber(), 'Dx02');
    const named = (await t.slots(caseId)).find((s) => s.practitioner?.name !== undefined);
    expect(named).toMatchObject({
      deliveryChannel: expect.stringMatching(/^(In-person|Telephone|Video)$/) as string,
      practitionerRole: expect.any(String) as string,
      practitioner: { name: expect.any(String) as string, gender: expect.stringMatching(/^(male|female|other|unknown)$/i) as string },
      healthcareService: ED,
    });
  });

  it('L84 a slot reply carrying resources nobody asked for is read: its slots shown, the extras ignored', async () => {
    const slots = await withReceiver(ED, { includeMode: 'extra' }, async () => {
      const { caseId } = await t.openCase(ED, patientWithNhsNumber(), 'Dx02');
      return t.slots(caseId);
    });
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.every((s) => s.healthcareService === ED)).toBe(true);
    expect(JSON.stringify(slots)).not.toMatch(/Kingsway PAS|West Yorkshire Integrated Care Board/);
  });
});

describe('App1 booking and referral, for a BaRS service', () => {
  it('L92 the receiver’s id for the booking is shown to the clinician', async () => {
    const { caseId, booking } = await bookedAtEd();
    expect(booking.appointmentId).toBeDefined();
    expect(booking.providerNumber?.full).toBe(booking.appointmentId);
    expect(booking.providerNumber?.label).toContain(ED);
    expect((await t.caseOf(caseId)).bookingView.headline.providerNumber?.full).toBe(booking.appointmentId);
  });

  it('L133 the receiver’s reference for the referral, from its answer, is kept with the referral and shown to the clinician', async () => {
    const { caseId } = await bookedAtEd();
    const store = t.sandbox().bars.store;
    const before = new Set(store.serviceRequests.keys());
    const sent = await t.ok<{ case: Case; referral: { receiverReference?: string } }>('referral:send', { caseId });
    const held = [...store.serviceRequests.values()].find((h) => !before.has(h.id));
    if (held === undefined) throw new Error('the referral did not arrive');
    // The receiver's case reference is the identifier of the Encounter it planned for our ServiceRequest.
    expect(sent.referral.receiverReference).toMatch(/\S/);
    expect(sent.referral.receiverReference).not.toBe(held.id);
    const shown = (await t.caseOf(caseId)).bookingView.referral.sent.at(-1);
    expect(shown?.receiverReference).toEqual({ label: `${ED}’s referral reference`, value: sent.referral.receiverReference });
  });

  it('L135 a referral the receiver does not take is told plainly, kept, and sent once it is taken', async () => {
    const { caseId, serviceId } = await bookedAtEd();
    // Every new message to a BaRS receiver counts as the 'book' operation in the sandbox's faults.
    t.fault({ serviceId }, { kind: 'http-status', status: 500, operation: 'book' });
    let refused: Result<unknown>;
    try {
      refused = await t.call('referral:send', { caseId });
    } finally {
      t.clearFaults(serviceId);
    }
    expect(refused).toMatchObject({ ok: false, error: { code: 'referral-failed' } });
    if (refused.ok) throw new Error('expected a failure');
    expect(refused.error.message.length).toBeGreaterThan(10);
    expect(refused.error.message).not.toMatch(/REC_|\b500\b|OperationOutcome/);
    const sent = await t.ok<{ referral: { status: string } }>('referral:send', { caseId });
    expect(sent.referral.status).toBe('sent');
  });

  it('L99 L101 cancels after the consultation, and shows whether the receiver cancelled it', async () => {
    const { caseId, booking } = await bookedAtEd();
    await afterTheConsultation(caseId);
    const r = await t.ok<{ case: Case; outcome: { tone: string; title: string } }>('booking:cancel', { bookingId: booking.id, reason: 'Patient feels better' });
    expect(bookingOf(r.case, booking.id).status).toBe('cancelled');
    expect(r.outcome).toMatchObject({ tone: 'success', title: expect.stringMatching(/^Cancelled/) as string });
    expect(receiverStatus(booking.appointmentId)).toBe('cancelled');
  });

  it('L108 L111 rebooks after the consultation, and shows the old cancelled and the new booked', async () => {
    const { caseId, booking } = await bookedAtEd();
    await afterTheConsultation(caseId);
    const later = (await t.slots(caseId)).find((s) => s.slotId !== booking.slot.slotId);
    if (later === undefined) throw new Error('no other slot');
    const r = await t.ok<{ case: Case; rebookId: string }>('booking:rebook', { bookingId: booking.id, slotId: later.slotId, reason: 'Later time', ...APPROVAL });
    const rebook = r.case.bookingView.rebooks.find((x) => x.id === r.rebookId);
    expect(rebook).toMatchObject({ state: 'done', newLeg: { state: 'booked' }, cancelLeg: { state: 'cancelled' } });
    const newRef = bookingOf(r.case, rebook?.newLeg.bookingId).reference;
    // BaRS cancels first (App1): the confirmation names the original cancelled and the new one booked.
    expect(rebook?.stateText).toMatch(new RegExp(`original appointment ${booking.reference}.*is cancelled.*new appointment ${newRef}.*is booked`));
    expect(receiverStatus(booking.appointmentId)).toBe('cancelled');
    expect(receiverStatus(bookingOf(r.case, rebook?.newLeg.bookingId).appointmentId)).toBe('booked');
  });

  it('L151 L154 re-refers after the consultation: the original revoked, the new one sent, and the clinician told', async () => {
    const { caseId, booking } = await bookedAtEd();
    const store = t.sandbox().bars.store;
    const before = new Set(store.serviceRequests.keys());
    await t.ok('referral:send', { caseId });
    const original = [...store.serviceRequests.values()].find((h) => !before.has(h.id));
    if (original === undefined) throw new Error('the referral did not arrive');
    await t.ok<Case>('case:close', { caseId });
    const later = (await t.slots(caseId)).find((s) => s.slotId !== booking.slot.slotId);
    if (later === undefined) throw new Error('no other slot');
    await t.ok('booking:rebook', { bookingId: booking.id, slotId: later.slotId, reason: 'Later time', ...APPROVAL });
    const update = await t.ok<{ case: Case; referral: { kind?: string; status: string; message: string } }>('referral:send', { caseId });
    const fresh = update.case.bookings.find((b) => b.id === update.case.bookingView.headline.bookingId);
    expect(update.referral).toMatchObject({
      kind: 'update',
      status: 'sent',
      message: `Sent to ${ED} with appointment ${fresh?.reference ?? '?'}. The first referral, with appointment ${booking.reference}, was withdrawn at ${ED}.`,
    });
    expect(update.case.bookingView.referral.status).toBe('sent');
    expect(update.case.bookingView.referral.sent.map((r) => [r.kind, r.appointmentText])).toEqual([
      ['original', `appointment ${booking.reference} (cancelled)`],
      ['update', `appointment ${fresh?.reference ?? '?'} (booked)`],
    ]);
    expect(update.case.bookingView.referral.sent[0]?.withdrawnText).toMatch(new RegExp(`^Withdrawn at ${ED} .*Reason: Replaced by the referral for appointment ${fresh?.reference ?? '?'}`));
    expect(store.serviceRequests.get(original.id)?.resource.status).toBe('revoked');
    expect([...store.serviceRequests.values()].filter((h) => !before.has(h.id) && h.id !== original.id).map((h) => h.resource.status)).toEqual(['active']);
  });

  it('L116 L117 L118 a slot after the deadline: refused without a clinician’s approval, booked with it, and audited as outside the timeframe', async () => {
    // The call began hours ago, so every slot is after its deadline.
    const startedAt = new Date(WEEKDAY_AFTERNOON.getTime() - 6 * 3_600_000).toISOString();
    const { caseId } = await t.openCase(ED, patientWithNhsNumber(), 'Dx02', startedAt);
    const late = (await t.slots(caseId)).find((s) => s.outsideTimeframe);
    if (late === undefined) throw new Error('no slot after the deadline');
    const refused = await t.call('booking:book', { caseId, slotId: late.slotId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'approval-required' } });
    if (refused.ok) throw new Error('expected a refusal');
    expect(refused.error.message).toMatch(/approv/i);
    expect(t.auditEvents(caseId, 'booking.out-of-timeframe-refused').map((e) => e.outcome)).toEqual(['refused']);
    const r = await t.book(caseId, late.slotId);
    expect(bookingOf(r.case, r.bookingId)).toMatchObject({ status: 'booked', outsideTimeframe: true, approval: APPROVAL.approval });
    expect(JSON.parse(t.auditEvents(caseId, 'booking.outcome').at(-1)?.detail ?? '{}')).toMatchObject({ outsideTimeframe: true });
    const approved = t.auditEvents(caseId, 'booking.out-of-timeframe-approved');
    expect(approved).toHaveLength(1);
    expect(JSON.parse(approved[0]?.detail ?? '{}')).toMatchObject({ approverName: APPROVAL.approval.approverName, reason: APPROVAL.approval.reason, minutesAfterDeadline: expect.any(Number) as number });
  });

  it('L121 L122 L123 L124 a RequireBooking service: no referral before a booking, a warning naming the rule, another service allowed, the referral sent once booked', async () => {
    await withReceiver(ED, { requireBooking: 'true' }, async () => {
      const { caseId, service } = await t.openCase(ED, patientWithNhsNumber(), 'Dx02');
      const held = t.sandbox().bars.store.serviceRequests.size;
      const before = await t.caseOf(caseId);
      expect(before.referralAllowed).toBe(false);
      expect(before.referralBlockedReason).toBe(`${ED} only accepts patients with a booked appointment. Book an appointment first, or choose another service.`);
      const refused = await t.call('referral:send', { caseId });
      expect(refused).toMatchObject({ ok: false, error: { code: 'referral-blocked' } });
      expect(t.sandbox().bars.store.serviceRequests.size).toBe(held);

      const offers = await t.ok<{ services: { name: string; serviceId: string }[] }>('directory:services', { caseId });
      const other = offers.services.find((s) => s.name === UTC_NAME);
      if (other === undefined) throw new Error(`${UTC_NAME} not offered`);
      expect((await t.ok<Case>('case:chooseService', { caseId, serviceId: other.serviceId })).service?.name).toBe(UTC_NAME);
      await t.ok<Case>('case:chooseService', { caseId, serviceId: service.serviceId });

      const [slot] = await t.slots(caseId);
      if (slot === undefined) throw new Error('no slot');
      await t.book(caseId, slot.slotId);
      expect((await t.caseOf(caseId)).referralAllowed).toBe(true);
      const sent = await t.ok<{ referral: { status: string } }>('referral:send', { caseId });
      expect(sent.referral.status).toBe('sent');
    });
  });
});

/** A referral sent to the ED (no appointment: the diary is left for the other tests) and held there: what the clinician withdraws. */
async function referredAtEd(): Promise<{ caseId: string; serviceId: string; referralId: string; held: () => string | undefined }> {
  const { caseId, service } = await t.openCase(ED, patientWithNhsNumber(), 'Dx02');
  const serviceId = service.serviceId;
  const store = t.sandbox().bars.store;
  const before = new Set(store.serviceRequests.keys());
  const sent = await t.ok<{ referral: { id: string } }>('referral:send', { caseId });
  const arrived = [...store.serviceRequests.values()].find((h) => !before.has(h.id));
  if (arrived === undefined) throw new Error('the referral did not arrive');
  return { caseId, serviceId, referralId: sent.referral.id, held: () => store.serviceRequests.get(arrived.id)?.resource.status as string | undefined };
}

const REASON = 'Patient now going to their own GP instead';

function sentReferral(c: Case, referralId: string): Case['bookingView']['referral']['sent'][number] | undefined {
  return c.bookingView.referral.sent.find((r) => r.referralId === referralId);
}

describe('App1 referral withdrawal, for a BaRS service', () => {
  it('L142 L144 withdraws a referral after the consultation: revoked at the receiver with the reason, the clinician told, and no referral claimed to stand', async () => {
    const { caseId, referralId, held } = await referredAtEd();
    expect(sentReferral(await t.caseOf(caseId), referralId)?.withdrawAllowed).toBe(true);
    await afterTheConsultation(caseId);
    const r = await t.ok<{ case: Case; outcome: OutcomeMessage }>('referral:withdraw', { referralId, reason: REASON });
    expect(r.outcome).toMatchObject({ tone: 'success', title: `Referral withdrawn at ${ED}` });
    expect(r.outcome.known).toContain(REASON);
    expect(held()).toBe('revoked');
    const shown = sentReferral(r.case, referralId);
    expect(shown).toMatchObject({ withdrawAllowed: false, withdrawnText: expect.stringContaining(`Withdrawn at ${ED}`) as string });
    expect(shown?.withdrawnText).toContain(REASON);
    expect(r.case.bookingView.referral.status).not.toBe('sent');
    expect(r.case.bookingView.referral.message).toMatch(/withdrawn.*no referral stands now/);
    expect(t.auditEvents(caseId, 'referral.withdraw.attempt').map((e) => JSON.parse(e.detail ?? '{}') as { reason: string }).map((d) => d.reason)).toEqual([REASON]);
    expect(t.auditEvents(caseId, 'referral.withdraw.outcome').map((e) => e.outcome)).toEqual(['withdrawn']);
  });

  it('L144 a receiver that refuses (403, 500) leaves the referral standing, and the clinician is told it was not withdrawn and why', async () => {
    const { caseId, serviceId, referralId, held } = await referredAtEd();
    for (const status of [403, 500] as const) {
      t.fault({ serviceId }, { kind: 'http-status', status, operation: 'cancel' });
      let r: { case: Case; outcome: OutcomeMessage };
      try {
        r = await t.ok<{ case: Case; outcome: OutcomeMessage }>('referral:withdraw', { referralId, reason: REASON });
      } finally {
        t.clearFaults(serviceId);
      }
      expect(r.outcome).toMatchObject({ tone: 'failure', title: 'Referral not withdrawn' });
      expect(r.outcome.known).toMatch(new RegExp(`^The referral to ${ED} still stands: `));
      expect(`${r.outcome.known} ${r.outcome.next}`).not.toMatch(/\b(403|500)\b|REC_|OperationOutcome/);
      // A refusal of this workstation (403) is not passing: a second try cannot help, the phone can.
      expect(r.outcome.next).toMatch(status === 403 ? /^Phone / : /^Try again in a moment, or phone /);
      expect(held()).toBe('active');
      expect(sentReferral(r.case, referralId)).toMatchObject({ withdrawAllowed: true });
      expect(r.case.bookingView.referral.status).toBe('sent');
    }
    expect(t.auditEvents(caseId, 'referral.withdraw.outcome').map((e) => e.outcome)).toEqual(['failed', 'failed']);
  });

  it('L144 a lost answer is read back from the receiver, never guessed; when even that fails the clinician is sent to the phone', async () => {
    const { caseId, serviceId, referralId, held } = await referredAtEd();
    // The revocation is lost on the way every time: reading it back shows it still stands.
    t.fault({ serviceId }, { kind: 'lost-answer', operation: 'cancel' });
    let lost: { case: Case; outcome: OutcomeMessage };
    try {
      lost = await t.ok<{ case: Case; outcome: OutcomeMessage }>('referral:withdraw', { referralId, reason: REASON });
    } finally {
      t.clearFaults(serviceId);
    }
    expect(lost.outcome).toMatchObject({ tone: 'failure', title: 'Referral not withdrawn' });
    expect(held()).toBe('active');
    // Done at the receiver but the answer dropped: the read-back finds it revoked.
    t.fault({ serviceId }, { kind: 'drop-after-commit', operation: 'cancel' });
    let dropped: { case: Case; outcome: OutcomeMessage };
    try {
      dropped = await t.ok<{ case: Case; outcome: OutcomeMessage }>('referral:withdraw', { referralId, reason: REASON });
    } finally {
      t.clearFaults(serviceId);
    }
    expect(dropped.outcome).toMatchObject({ tone: 'success' });
    expect(held()).toBe('revoked');
    expect(sentReferral(dropped.case, referralId)?.withdrawnText).toContain(REASON);
    expect(t.auditEvents(caseId, 'referral.withdraw.outcome').map((e) => e.outcome)).toEqual(['failed', 'withdrawn']);

    // Nothing answers after the first read: not known, and the clinician phones the service.
    const other = await referredAtEd();
    t.fault({ serviceId: other.serviceId }, { kind: 'lost-answer', skip: 1 });
    let unknown: { case: Case; outcome: OutcomeMessage };
    try {
      unknown = await t.ok<{ case: Case; outcome: OutcomeMessage }>('referral:withdraw', { referralId: other.referralId, reason: REASON });
    } finally {
      t.clearFaults(other.serviceId);
    }
    expect(unknown.outcome).toMatchObject({ tone: 'uncertain', title: 'Not known whether the referral was withdrawn' });
    expect(unknown.outcome.next).toMatch(new RegExp(`^Phone ${ED}`));
    expect(sentReferral(unknown.case, other.referralId)).toMatchObject({ withdrawAllowed: true });
    expect(t.auditEvents(other.caseId, 'referral.withdraw.outcome').map((e) => e.outcome)).toEqual(['unknown']);
  });

  it('L142 a referral sent over ITK (Care Connect) offers no withdrawal, and a call to withdraw it is refused plainly', async () => {
    const { caseId } = await t.openCase(UTC_NAME, patientWithNhsNumber(), 'Dx05');
    const sent = await t.ok<{ case: Case; referral: { id: string } }>('referral:send', { caseId });
    expect(sentReferral(sent.case, sent.referral.id)?.withdrawAllowed).toBe(false);
    const refused = await t.call('referral:withdraw', { referralId: sent.referral.id, reason: REASON });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (refused.ok) throw new Error('expected a refusal');
    expect(refused.error.message).toMatch(/cannot withdraw it.*phone/i);
    expect(refused.error.message).not.toMatch(/ITK|BaRS|unsupported/);
  });
});
