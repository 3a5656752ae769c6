import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../preload/contract';
import { verifyAuditChain } from '../../main/audit';
import { APPROVAL, BookingApp } from './support/booking-app';
import { childWithParentContact } from '../support/patients';

const t = new BookingApp();

beforeAll(async () => {
  await t.open();
});
afterAll(async () => {
  await t.close();
});

const bookingOf = (c: Case, id: string | undefined) => {
  const b = c.bookings.find((x) => x.id === id);
  if (b === undefined) throw new Error('booking not in the case');
  return b;
};

describe('reading booking answers', () => {
  it('a 201 with Location but an unreadable body is booked, read back, and never retried as a new booking', async () => {
    const { caseId } = await t.openCase();
    const [slot] = await t.slots(caseId);
    if (slot === undefined) throw new Error('no slot');
    t.fault({ slotId: slot.slotId }, { kind: 'unreadable-body', operation: 'book' });
    const result = await t.book(caseId, slot.slotId);
    const b = bookingOf(result.case, result.bookingId);
    expect(b.status).toBe('booked');
    expect(b.appointmentId).toBeDefined();
    expect(b.reference).toBe(`${result.case.reference}/1`);
    expect(b.providerNumber?.full).toBe(b.appointmentId);
    expect(result.case.bookingView.headline).toMatchObject({ tone: 'booked', title: `Booked: ${b.serviceName} ${b.slotText}` });
    expect(result.outcome.tone).toBe('success');
    expect(t.auditEvents(caseId, 'booking.read-back')).toEqual([expect.objectContaining({ outcome: 'found' })]);
    expect(t.providerAppointments().filter((a) => a.slot_id === slot.slotId)).toHaveLength(1);
  });

  it('a 422 slot-unavailable drops the slot and audits slot-taken', async () => {
    const { caseId } = await t.openCase();
    const [slot] = await t.slots(caseId);
    if (slot === undefined) throw new Error('no slot');
    t.fault({ slotId: slot.slotId }, { kind: 'reject-422', reason: 'slot-unavailable', operation: 'book', times: 1 });
    const result = await t.book(caseId, slot.slotId);
    expect(bookingOf(result.case, result.bookingId).status).toBe('failed');
    expect(result.outcome).toMatchObject({ tone: 'failure', title: 'That appointment is no longer free', providerCode: 'DUPLICATE_REJECTED' });
    expect(t.auditEvents(caseId, 'booking.outcome').at(-1)?.outcome).toBe('slot-taken');
    // The Provider call's own audit event reads the answer the same way (issue 18: it said slot-taken, the booking said rejected).
    expect(JSON.parse(t.providerAuditEvents(caseId).filter((e) => e.type === 'provider.book.outcome').at(-1)?.detail ?? '{}')).toMatchObject({ code: 'slot-taken' });
    const again = await t.call('booking:book', { caseId, slotId: slot.slotId });
    expect(again).toMatchObject({ ok: false });
  });

  it('a 422 invalid-body is a refusal of our request: slot kept, audited as rejected with the code, no "no longer free"', async () => {
    const { caseId } = await t.openCase();
    const [slot] = await t.slots(caseId);
    if (slot === undefined) throw new Error('no slot');
    t.fault({ slotId: slot.slotId }, { kind: 'reject-422', reason: 'invalid-body', operation: 'book', times: 1 });
    const result = await t.book(caseId, slot.slotId);
    expect(result.outcome.title).toBe('The service refused the booking request');
    expect(result.outcome.known).not.toMatch(/no longer free|taken/);
    expect(result.outcome.providerCode).toBe('INVALID_RESOURCE');
    const audit = t.auditEvents(caseId, 'booking.outcome').at(-1);
    expect(audit?.outcome).toBe('rejected');
    expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({ errorCode: 'request-rejected', spineCode: 'INVALID_RESOURCE' });
    expect(JSON.parse(t.providerAuditEvents(caseId).filter((e) => e.type === 'provider.book.outcome').at(-1)?.detail ?? '{}')).toMatchObject({ code: 'provider-rejected' });
    // The slot was not taken: the same slot books now that the Provider accepts the request.
    const retry = await t.book(caseId, slot.slotId);
    expect(bookingOf(retry.case, retry.bookingId).status).toBe('booked');
  });
});

describe('Ssp-TraceID in the audit trail (C25)', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  it('every Provider call of a booking records its own Ssp-TraceID on its attempt and on its outcome', async () => {
    const { caseId } = await t.openCase();
    const [slot] = await t.slots(caseId);
    if (slot === undefined) throw new Error('no slot');
    const result = await t.book(caseId, slot.slotId);
    expect(bookingOf(result.case, result.bookingId).status).toBe('booked');
    const events = t.providerAuditEvents(caseId).map((e) => ({ ...e, traceId: (JSON.parse(e.detail ?? '{}') as { sspTraceId?: unknown }).sspTraceId }));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['provider.slot-search.attempt', 'provider.slot-search.outcome', 'provider.book.attempt', 'provider.book.outcome']));
    for (const e of events) expect(e.traceId, e.type).toMatch(UUID);
    // An outcome carries the trace id of the attempt that produced it; separate calls never share one.
    for (const op of ['slot-search', 'book']) {
      const attempts = events.filter((e) => e.type === `provider.${op}.attempt`);
      expect(events.find((e) => e.type === `provider.${op}.outcome`)?.traceId).toBe(attempts.at(-1)?.traceId);
    }
    const attemptIds = events.filter((e) => e.type.endsWith('.attempt')).map((e) => e.traceId);
    expect(new Set(attemptIds).size).toBe(attemptIds.length);
  });
});

describe('a lost booking answer', () => {
  it('is unknown, disables unsafe exits with reasons, is settled by the reconciler with the same request (one booking.outcome unknown event)', async () => {
    const { caseId, service } = await t.openCase();
    const [slot] = await t.slots(caseId);
    if (slot === undefined) throw new Error('no slot');
    t.fault({ slotId: slot.slotId }, { kind: 'drop-after-commit', operation: 'book' });
    const lost = await t.book(caseId, slot.slotId);
    const b = bookingOf(lost.case, lost.bookingId);
    expect(b.status).toBe('unknown');
    const view = lost.case.bookingView;
    expect(view.headline).toMatchObject({ tone: 'checking', title: `Checking with ${service.name} whether the booking was made — do not book again`, slot, since: b.statusSince });
    expect(view.headline.ifStillUnknown).toContain('phone');
    const action = (name: string) => view.actions.find((a) => a.action === name);
    expect(action('book')).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('checking') as string });
    expect(action('book-additional')?.enabled).toBe(false);
    expect(action('send-referral')?.enabled).toBe(false);
    expect(action('check-now')).toMatchObject({ enabled: true, bookingId: b.id });
    expect(await t.call('booking:book', { caseId, slotId: slot.slotId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await t.call('referral:send', { caseId })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // Still lost: the background check learns nothing and says so, without a second error event.
    await t.reconcile();
    expect(bookingOf(await t.caseOf(caseId), b.id).status).toBe('unknown');
    t.sandbox().faults.clear(`slot:${slot.slotId}`);
    await t.reconcile();
    const settled = bookingOf(await t.caseOf(caseId), b.id);
    expect(settled.status).toBe('booked');
    const mine = t.providerAppointments().filter((a) => a.slot_id === slot.slotId);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.request_id).toBe(b.requestId);
    expect(t.auditEvents(caseId, 'booking.outcome').map((e) => e.outcome)).toEqual(['unknown', 'booked']);
    const unknownEvents = t.app.db?.prepare("SELECT count(*) AS n FROM audit_events WHERE case_id = ? AND type = 'booking.outcome' AND outcome = 'unknown'").get(caseId) as { n: number };
    expect(unknownEvents.n).toBe(1);
  });

  it('rep-cons-06 counts one lost answer as one error, however many background checks it took', async () => {
    const fresh = await new BookingApp().open();
    try {
      const { caseId } = await fresh.openCase();
      const [slot] = await fresh.slots(caseId);
      if (slot === undefined) throw new Error('no slot');
      fresh.fault({ slotId: slot.slotId }, { kind: 'drop-after-commit', operation: 'book' });
      await fresh.book(caseId, slot.slotId);
      for (let i = 0; i < 5; i++) await fresh.reconcile();
      fresh.sandbox().faults.clear(`slot:${slot.slotId}`);
      await fresh.reconcile();
      const day = (offset: number) => new Date(Date.now() + offset).toISOString().slice(0, 10);
      const table = await fresh.ok<{ totals: Record<string, number> }>('reports:run', { report: 'rep-cons-06', from: day(-86_400_000), to: day(86_400_000), groupBy: 'service' });
      expect(table.totals.errors).toBe(1);
    } finally {
      await fresh.close();
    }
  });

  it('survives a restart: a booking left unknown is resumed from the persisted request, byte for byte', async () => {
    const { caseId } = await t.openCase(undefined, childWithParentContact());
    const [slot] = await t.slots(caseId);
    if (slot === undefined) throw new Error('no slot');
    t.fault({ slotId: slot.slotId }, { kind: 'drop-after-commit', operation: 'book' });
    const lost = await t.book(caseId, slot.slotId);
    const before = t.app.db?.prepare('SELECT body FROM booking_requests WHERE booking_id = ?').get(lost.bookingId) as { body: string };
    await t.restart();
    // The new sandbox process has no faults; the app resumes the check on its own.
    await t.reconcile();
    const c = await t.caseOf(caseId);
    expect(bookingOf(c, lost.bookingId).status).toBe('booked');
    const after = t.app.db?.prepare('SELECT body FROM booking_requests WHERE booking_id = ?').get(lost.bookingId) as { body: string };
    expect(after.body).toBe(before.body);
    expect(JSON.parse(before.body)).toMatchObject({ created: bookingOf(c, lost.bookingId).createdAt });
    expect(t.providerAppointments().filter((a) => a.slot_id === slot.slotId)).toHaveLength(1);
  });
});

describe('cancel', () => {
  async function booked() {
    const { caseId, service } = await t.openCase();
    const [slot] = await t.slots(caseId);
    if (slot === undefined) throw new Error('no slot');
    const r = await t.book(caseId, slot.slotId);
    return { caseId, service, bookingId: r.bookingId ?? '' };
  }

  it('answered 504 after the Provider cancelled: read back, shown as cancelled', async () => {
    const { caseId, service, bookingId } = await booked();
    t.fault({ serviceId: service.serviceId }, { kind: 'commit-then-504', operation: 'cancel', times: 1 });
    const r = await t.ok<{ case: Case; outcome: { tone: string; title: string } }>('booking:cancel', { bookingId, reason: 'Patient feels better' });
    expect(bookingOf(r.case, bookingId).status).toBe('cancelled');
    expect(r.outcome.tone).toBe('success');
    expect(r.case.bookingView.headline.tone).toBe('cancelled');
    expect(r.case.bookingView.headline.copyText).toBe('');
    expect(t.auditEvents(caseId, 'booking.cancel.outcome').map((e) => e.outcome)).toEqual(['unknown', 'cancelled']);
  });

  it('answered 504 (no answer: the cancel may still land) is never called "still booked" on one read; the next check sends the cancel again and it is cancelled', async () => {
    const { caseId, service, bookingId } = await booked();
    t.fault({ serviceId: service.serviceId }, { kind: 'ssp-504', operation: 'cancel', times: 1 });
    const r = await t.ok<{ case: Case; outcome: { tone: string; title: string; known: string; next: string } }>('booking:cancel', { bookingId, reason: 'Patient feels better' });
    expect(bookingOf(r.case, bookingId).status).toBe('cancel-unknown');
    expect(r.outcome.title).not.toMatch(/still booked/i);
    expect(`${r.outcome.known} ${r.outcome.next}`).not.toMatch(/another service|patient details/i);
    await t.reconcile();
    const c = await t.caseOf(caseId);
    expect(bookingOf(c, bookingId).status).toBe('cancelled');
    expect(t.providerAppointments().find((a) => a.request_id === bookingOf(c, bookingId).requestId)?.status).toBe('cancelled');
  });

  it('answered 500 (the Provider answered, and the read says booked): not cancelled, said so', async () => {
    const { service, bookingId } = await booked();
    t.fault({ serviceId: service.serviceId }, { kind: 'server-error', operation: 'cancel', times: 1 });
    const r = await t.ok<{ case: Case; outcome: { tone: string; title: string; known: string; next: string } }>('booking:cancel', { bookingId, reason: 'Patient feels better' });
    expect(bookingOf(r.case, bookingId).status).toBe('booked');
    expect(r.outcome.title).toMatch(/^Not cancelled/);
  });

  it('a lost cancel answer whose read-back gets 404 stays "checking" (treated as booked), then the reconciler settles it with the Provider', async () => {
    const { caseId, service, bookingId } = await booked();
    t.fault({ serviceId: service.serviceId }, { kind: 'ssp-504', operation: 'cancel', times: 1 });
    // The read before the cancel goes through; the read after the lost answer gets a 404.
    t.fault({ serviceId: service.serviceId }, { kind: 'not-found-404', operation: 'read', skip: 1, times: 1 });
    const r = await t.ok<{ case: Case }>('booking:cancel', { bookingId, reason: 'Duplicate' });
    expect(bookingOf(r.case, bookingId).status).toBe('cancel-unknown');
    expect(r.case.bookingView.headline).toMatchObject({ tone: 'checking', title: expect.stringContaining('treat it as booked until we know') as string });
    expect(r.case.bookingView.actions.find((a) => a.action === 'check-now')).toMatchObject({ enabled: true, bookingId });
    await t.reconcile();
    const c = await t.caseOf(caseId);
    // The Provider still held it (the 504 was never forwarded): the clinician's cancel is sent again and lands.
    expect(bookingOf(c, bookingId).status).toBe('cancelled');
    expect(t.providerAppointments().find((a) => a.request_id === bookingOf(c, bookingId).requestId)?.status).toBe('cancelled');
  });
});

describe('cancel meets a version conflict (409/412)', () => {
  async function booked() {
    const { caseId, service } = await t.openCase();
    const [slot] = await t.slots(caseId);
    if (slot === undefined) throw new Error('no slot');
    const r = await t.book(caseId, slot.slotId);
    return { caseId, service, bookingId: r.bookingId ?? '' };
  }
  const calls = (caseId: string, type: string): number => t.providerAuditEvents(caseId).filter((e) => e.type === type).length;

  it.each([409, 412] as const)('a first cancel answered %i is re-read once and retried: cancelled at the Provider too', async (status) => {
    const { caseId, service, bookingId } = await booked();
    const reads = calls(caseId, 'provider.read.attempt');
    t.fault({ serviceId: service.serviceId }, { kind: 'version-conflict', status, operation: 'cancel', times: 1 });
    const r = await t.ok<{ case: Case; outcome: { tone: string } }>('booking:cancel', { bookingId, reason: 'Patient feels better' });
    expect(bookingOf(r.case, bookingId).status).toBe('cancelled');
    expect(r.outcome.tone).toBe('success');
    expect(calls(caseId, 'provider.read.attempt') - reads).toBe(2);
    expect(calls(caseId, 'provider.cancel.attempt')).toBe(2);
    expect(t.providerAppointments().find((a) => a.request_id === bookingOf(r.case, bookingId).requestId)?.status).toBe('cancelled');
  });

  it('a conflict that persists stops after one retry: still booked, and the message never advises another service', async () => {
    const { caseId, service, bookingId } = await booked();
    t.fault({ serviceId: service.serviceId }, { kind: 'version-conflict', operation: 'cancel' });
    try {
      const r = await t.ok<{ case: Case; outcome: { tone: string; title: string; known: string; next: string; failureKind?: string } }>('booking:cancel', { bookingId, reason: 'Duplicate' });
      expect(bookingOf(r.case, bookingId).status).toBe('booked');
      expect(r.outcome).toMatchObject({ tone: 'failure', title: expect.stringMatching(/^Not cancelled: .* is still booked$/) as string, failureKind: 'version-conflict' });
      expect(`${r.outcome.title} ${r.outcome.known} ${r.outcome.next}`).not.toMatch(/another service|choose .*service|patient details/i);
      expect(calls(caseId, 'provider.cancel.attempt')).toBe(2);
      expect(t.auditEvents(caseId, 'booking.cancel.outcome').at(-1)?.outcome).toBe('not-cancelled');
      expect(t.providerAppointments().find((a) => a.request_id === bookingOf(r.case, bookingId).requestId)?.status).toBe('booked');
    } finally {
      t.clearFaults(service.serviceId);
    }
  });
});

describe('one live appointment per case (invariant a)', () => {
  it('refuses a second booking, allows an additional one only with a reason, which is audited', async () => {
    const { caseId } = await t.openCase();
    const [a, b] = await t.slots(caseId);
    if (a === undefined || b === undefined) throw new Error('needs two slots');
    const first = await t.book(caseId, a.slotId);
    expect(first.case.bookingView.actions.find((x) => x.action === 'book')).toMatchObject({ enabled: false });
    expect(first.case.bookingView.actions.find((x) => x.action === 'book-additional')).toMatchObject({ enabled: true, needsReason: true });
    expect(await t.call('booking:book', { caseId, slotId: b.slotId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const second = await t.book(caseId, b.slotId, { additional: { reason: 'Needs a wound check as well as the assessment' } });
    expect(second.case.bookingView.liveCount).toBe(2);
    expect(t.auditEvents(caseId, 'booking.additional-chosen')).toHaveLength(1);
    expect(second.case.bookingView.headline.lines.some((l) => l.startsWith('Also booked'))).toBe(true);
  });
});

describe('rebook (invariant d)', () => {
  it('books the new slot, cancels the old: the headline shows only the new one; the referral offers an update', async () => {
    const { caseId } = await t.openCase();
    const [a, b] = await t.slots(caseId);
    if (a === undefined || b === undefined) throw new Error('needs two slots');
    const first = await t.book(caseId, a.slotId);
    await t.ok('referral:send', { caseId });
    const r = await t.ok<{ case: Case; rebookId: string }>('booking:rebook', { bookingId: first.bookingId, slotId: b.slotId, reason: 'Later time', ...APPROVAL });
    const rebook = r.case.bookingView.rebooks.find((x) => x.id === r.rebookId);
    expect(rebook).toMatchObject({ state: 'done', newLeg: { state: 'booked' }, cancelLeg: { state: 'cancelled' } });
    const fresh = r.case.bookings.find((x) => x.id === rebook?.newLeg.bookingId);
    expect(r.case.bookingView.headline.bookingId).toBe(fresh?.id);
    expect(r.case.bookingView.headline.copyText).toContain(fresh?.reference);
    expect(r.case.bookingView.headline.copyText).not.toContain(bookingOf(r.case, first.bookingId).reference);
    expect(r.case.bookingView.referral).toMatchObject({ status: 'update-offered', updateForBookingId: fresh?.id });
    expect(r.case.bookingView.referral.message).toContain('cancelled');
    const update = await t.ok<{ case: Case; referral: { kind: string; bookingId: string } }>('referral:send', { caseId });
    expect(update.referral).toMatchObject({ kind: 'update', bookingId: fresh?.id });
    expect(update.case.bookingView.referral.status).toBe('sent');
    expect(update.case.bookingView.actions.find((x) => x.action === 'send-referral')?.enabled).toBe(false);
  });

  it('new leg unknown: the old is kept and both shown; once the new one is booked the old is cancelled, each leg audited', async () => {
    const { caseId } = await t.openCase();
    const [a, b] = await t.slots(caseId);
    if (a === undefined || b === undefined) throw new Error('needs two slots');
    const first = await t.book(caseId, a.slotId);
    t.fault({ slotId: b.slotId }, { kind: 'drop-after-commit', operation: 'book' });
    const r = await t.ok<{ case: Case; rebookId: string }>('booking:rebook', { bookingId: first.bookingId, slotId: b.slotId, reason: 'Later time', ...APPROVAL });
    expect(r.case.bookingView.rebooks[0]).toMatchObject({ state: 'checking-new', cancelLeg: { state: 'waiting-for-new' } });
    expect(bookingOf(r.case, first.bookingId).status).toBe('booked');
    expect(r.case.bookingView.headline.tone).toBe('checking');
    expect(r.case.bookingView.headline.lines.some((l) => l.startsWith('Still booked'))).toBe(true);
    t.sandbox().faults.clear(`slot:${b.slotId}`);
    await t.reconcile();
    const c = await t.caseOf(caseId);
    expect(c.bookingView.rebooks[0]).toMatchObject({ state: 'done', newLeg: { state: 'booked' }, cancelLeg: { state: 'cancelled' } });
    expect(c.bookings.filter((x) => x.live)).toHaveLength(1);
    const steps = t.auditEvents(caseId, 'booking.rebook.outcome').map((e) => e.outcome);
    expect(steps).toEqual(['started', 'new-unknown', 'cancelling-old', 'done']);
    const verified = verifyAuditChain(t.app.db as never);
    expect(verified.problems).toEqual([]);
  });
});

describe('find a booking', () => {
  it('shows the true timeframe (hours after the deadline) and the approval', async () => {
    const { caseId } = await t.openCase(undefined, childWithParentContact());
    const late = (await t.ok<{ slots: { slotId: string; outsideTimeframe: boolean; start: string }[] }>('slots:search', { caseId })).slots.filter((s) => s.outsideTimeframe).at(-1);
    if (late === undefined) throw new Error('no late slot');
    const approval = { approverName: 'Dr Alex Morgan', approverRole: 'GP', registrationBody: 'GMC' as const, registrationNumber: '1234567', reason: 'Cannot travel before the evening' };
    await t.book(caseId, late.slotId, { approval });
    const found = await t.ok<{ matches: { booking: { timeframe: { minutesAfterDeadline: number; text: string }; approval?: unknown } }[] }>('booking:find', { family: 'Hart', birthDate: '2021-09-02' });
    const m = found.matches.find((x) => x.booking.approval !== undefined);
    expect(m?.booking.approval).toEqual(approval);
    expect(m?.booking.timeframe.minutesAfterDeadline).toBeGreaterThan(60);
    expect(m?.booking.timeframe.text).toMatch(/^(\d+ days? )?(\d+ h )?(\d+ min )?after the deadline \(\w{3},? \d{1,2} \w{3} \d{4}, \d{2}:\d{2}\)$/);
  });
});
