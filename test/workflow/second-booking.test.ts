/**
 * Issue 19, item 6: before a second booking for the same person, this desk's live bookings and open
 * cases are found — by NHS number, or without one by name and date of birth — told apart from
 * same-named people, and going on needs a reason that is audited.
 */
import { describe, expect, it } from 'vitest';
import type { Case, ExistingAnswer } from '../../preload/contract';
import { REASON_NEEDED_AT_BOOKING, REASON_NEEDED_AT_START } from '../../main/workflow/existing-cases';
import { bookingAppForFile } from './support/booking-app';
import { childWithParentContact, patientWithNhsNumber } from '../support/patients';
import { testClock } from '../support/clock';

const t = bookingAppForFile(undefined, { clock: testClock() });
const REASON = 'The first appointment was for his wrist; this one is for a new chest pain.';

const existing = (q: Record<string, unknown>): Promise<ExistingAnswer> => t.ok<ExistingAnswer>('patient:existing', q);

describe('the existing-booking check on this desk', () => {
  it('finds a live booking for the same NHS number, with what a clinician needs to tell people apart', async () => {
    const patient = patientWithNhsNumber({ nhsNumber: '4010001518', family: 'Achebe', birthDate: '1961-02-03' });
    const { caseId } = await t.openCase(undefined, patient);
    const [slot] = await t.slots(caseId);
    if (slot === undefined) throw new Error('no slot');
    await t.book(caseId, slot.slotId);
    const answer = await existing({ nhsNumber: '401 000 1518', family: 'Someone-Else', birthDate: '1999-09-09' });
    expect(answer.organisation).toBe('not-configured');
    expect(answer.matches).toHaveLength(1);
    expect(answer.matches[0]).toMatchObject({ caseId, why: 'live-booking', nhsNumber: '4010001518', birthDate: '1961-02-03', patientName: 'Mrs Amelia ACHEBE', onThisDesk: true });
    expect(answer.matches[0]?.text).toMatch(/^Booked: Riverside Urgent Treatment Centre, /);
    // The case being worked on is not a warning about itself; another number is another person.
    expect((await existing({ nhsNumber: '4010001518', family: 'Achebe', birthDate: '1961-02-03', caseId })).matches).toEqual([]);
    expect((await existing({ nhsNumber: '9434765919', family: 'Achebe', birthDate: '1961-02-03' })).matches).toEqual([]);
  });

  it('without an NHS number: an open case of the same name and date of birth, shown as "no NHS number"', async () => {
    const child = { ...childWithParentContact(), family: 'Harte-Lowe', birthDate: '2020-05-06' };
    const opened = await t.ok<Case>('case:start', { patient: child, dispositionCode: 'Dx05' });
    const answer = await existing({ family: 'harte-lowe', given: 'Leo', birthDate: '2020-05-06' });
    expect(answer.matches).toEqual([expect.objectContaining({ caseId: opened.id, why: 'open-case', text: 'Open case, no booking yet' })]);
    expect(answer.matches[0]?.nhsNumber).toBeUndefined();
    // Another given name, or another date of birth, is another child.
    expect((await existing({ family: 'Harte-Lowe', given: 'Mia', birthDate: '2020-05-06' })).matches).toEqual([]);
    expect((await existing({ family: 'Harte-Lowe', given: 'Leo', birthDate: '2020-05-07' })).matches).toEqual([]);
    // A traced number now, and the earlier case had none: still the same person to ask about.
    expect((await existing({ nhsNumber: '4010001526', family: 'Harte-Lowe', given: 'Leo', birthDate: '2020-05-06' })).matches).toHaveLength(1);
    await t.ok<Case>('case:close', { caseId: opened.id });
    expect((await existing({ family: 'Harte-Lowe', given: 'Leo', birthDate: '2020-05-06' })).matches).toEqual([]);
  });

  it('going on anyway needs a reason, kept in the audit trail with the cases it was warned about (at start and at the service)', async () => {
    const patient = patientWithNhsNumber({ nhsNumber: '4010001534', family: 'Balogun', birthDate: '1970-07-07' });
    const first = await t.ok<Case>('case:start', { patient, dispositionCode: 'Dx05' });
    const tooShort = await t.call('case:start', { patient, dispositionCode: 'Dx05', secondBooking: { reason: 'x', existingCaseIds: [first.id] } });
    expect(tooShort.ok).toBe(false);
    const second = await t.ok<Case>('case:start', { patient, dispositionCode: 'Dx05', secondBooking: { reason: REASON, existingCaseIds: [first.id] } });
    const atStart = t.auditEvents(second.id, 'case.second-booking-confirmed');
    expect(atStart).toHaveLength(1);
    expect(JSON.parse(atStart[0]?.detail ?? '{}')).toEqual({ when: 'start', reason: REASON, existingCaseIds: [first.id] });
    await t.ok('patient:confirmSecondBooking', { caseId: second.id, reason: REASON, existingCaseIds: [first.id] });
    expect(t.auditEvents(second.id, 'case.second-booking-confirmed').map((e) => JSON.parse(e.detail ?? '{}') as { when: string }).map((d) => d.when)).toEqual(['start', 'service']);
  });
});

/** Audit rows of a case, with the user each names (the session's user, never what the caller sends). */
const auditRows = (caseId: string, type: string): { user_id: string; detail: Record<string, unknown> }[] =>
  (t.app.db?.prepare('SELECT user_id, detail FROM audit_events WHERE case_id = ? AND type = ? ORDER BY seq').all(caseId, type) as { user_id: string; detail: string }[]).map((r) => ({
    user_id: r.user_id,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }));
const caseCount = (): number => (t.app.db?.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;

describe('main checks again where it acts, whatever the caller of the bridge sends', () => {
  it('starting a second case for a person with an open case needs a reason: refused without one (nothing stored), started and audited with one', async () => {
    const patient = patientWithNhsNumber({ nhsNumber: '4010001542', family: 'Danjuma', birthDate: '1980-08-08' });
    const first = await t.ok<Case>('case:start', { patient, dispositionCode: 'Dx05' });
    const before = caseCount();
    // A caller that skips the warning, or sends a reason too short to be one.
    for (const request of [{ patient, dispositionCode: 'Dx05' }, { patient, dispositionCode: 'Dx05', secondBooking: { reason: 'ok', existingCaseIds: [first.id] } }]) {
      const refused = await t.call('case:start', request);
      expect(refused.ok).toBe(false);
      expect(caseCount()).toBe(before);
    }
    expect(await t.call('case:start', { patient, dispositionCode: 'Dx05' })).toMatchObject({ ok: false, error: { code: 'conflict', message: REASON_NEEDED_AT_START } });
    // Found by name and date of birth too, when the caller leaves the NHS number out.
    expect(await t.call('case:start', { patient: { ...patient, nhsNumber: undefined, nhsNumberVerified: undefined }, dispositionCode: 'Dx05' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(caseCount()).toBe(before);

    const second = await t.ok<Case>('case:start', { patient, dispositionCode: 'Dx05', secondBooking: { reason: REASON, existingCaseIds: [first.id] } });
    expect(caseCount()).toBe(before + 1);
    expect(auditRows(second.id, 'case.second-booking-confirmed')).toEqual([
      { user_id: t.app.session.user.localUserId, detail: expect.objectContaining({ when: 'start', reason: REASON, existingCaseIds: [first.id] }) as unknown },
    ]);
  });

  it('booking for a person booked elsewhere since this case started needs a reason: refused without one (nothing booked), booked after the reason is given', async () => {
    const patient = patientWithNhsNumber({ nhsNumber: '4010001550', family: 'Eze', birthDate: '1990-09-09' });
    const earlier = await t.openCase(undefined, patient);
    // Meanwhile another case for the same person is started (with its reason) and booked.
    const later = await t.openCase(undefined, patient);
    const [laterSlot] = await t.slots(later.caseId);
    if (laterSlot === undefined) throw new Error('no slot');
    await t.book(later.caseId, laterSlot.slotId);

    const [slot] = await t.slots(earlier.caseId);
    if (slot === undefined) throw new Error('no slot');
    const refused = await t.call('booking:book', { caseId: earlier.caseId, slotId: slot.slotId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: REASON_NEEDED_AT_BOOKING } });
    expect((await t.caseOf(earlier.caseId)).bookings).toEqual([]);
    expect(t.auditEvents(earlier.caseId, 'booking.attempt')).toEqual([]);

    await t.ok('patient:confirmSecondBooking', { caseId: earlier.caseId, reason: REASON, existingCaseIds: [later.caseId] });
    const booked = await t.book(earlier.caseId, slot.slotId);
    expect(booked.case.bookings.find((b) => b.id === booked.bookingId)?.status).toBe('booked');
    expect(auditRows(earlier.caseId, 'case.second-booking-confirmed')).toEqual([
      { user_id: t.app.session.user.localUserId, detail: expect.objectContaining({ when: 'service', reason: REASON, existingCaseIds: [later.caseId] }) as unknown },
    ]);
  });
});
