/**
 * The crash runner's checker cannot pass vacuously: each kind of finding, planted in an otherwise
 * clean picture, is flagged, and the honest pictures around it are not.
 */
import { describe, expect, it } from 'vitest';
import { anyFailure, checkAnyTime, checkSettled, summaryLine, tally, type AppBooking, type AppSnapshot, type ProviderAppointment } from '../../scripts/crash/checker';

const CASE = 'c1';
const booking = (id: string, status: AppBooking['status'], extra: Partial<AppBooking> = {}): AppBooking => ({ id, caseId: CASE, status, requestId: `req-${id}`, appointmentId: `appt-${id}`, ...extra });
const held = (id: string, status: 'booked' | 'cancelled'): ProviderAppointment => ({ id: `appt-${id}`, requestId: `req-${id}`, status });
const app = (bookings: AppBooking[], rest: Partial<AppSnapshot> = {}): AppSnapshot => ({ bookings, rebooks: [], ...rest });

/** A rebook done right: the old appointment cancelled at the Provider, the new one booked. */
const clean = {
  app: app([booking('a', 'cancelled', { rebookId: 'r1' }), booking('b', 'booked', { rebookId: 'r1' })], {
    rebooks: [{ id: 'r1', caseId: CASE, state: 'done', oldBookingId: 'a', newBookingId: 'b' }],
  }),
  provider: [held('a', 'cancelled'), held('b', 'booked')],
};

const kinds = (f: { kind: string }[]): string[] => f.map((x) => x.kind);

describe('the crash checker', () => {
  it('finds nothing in a picture where the app and the Provider agree', () => {
    expect(checkSettled(clean.app, clean.provider)).toEqual([]);
    expect(anyFailure(tally([]))).toBe(false);
  });

  it('flags a double booking: a rebook that left both appointments alive at the Provider', () => {
    const findings = checkSettled(clean.app, [held('a', 'booked'), held('b', 'booked')]);
    expect(kinds(findings)).toContain('double-booking');
    expect(tally(findings).doubleBookings).toBe(1);
  });

  it('does not count a second appointment the clinician added with a reason', () => {
    const added = app([booking('a', 'booked'), booking('b', 'booked', { additionalReason: 'Dressing change and review' })]);
    expect(checkSettled(added, [held('a', 'booked'), held('b', 'booked')])).toEqual([]);
  });

  it('flags a booking still unknown after the settle period, and a rebook half done that nothing will move on', () => {
    const waiting = app([booking('a', 'unknown', { appointmentId: undefined })]);
    expect(kinds(checkSettled(waiting, []))).toEqual(['stuck']);
    const halfDone = app([booking('a', 'booked', { rebookId: 'r1' }), booking('b', 'booked', { rebookId: 'r1' })], {
      rebooks: [{ id: 'r1', caseId: CASE, state: 'booking-new', oldBookingId: 'a', newBookingId: 'b' }],
    });
    const findings = checkSettled(halfDone, [held('a', 'booked'), held('b', 'booked')]);
    expect(tally(findings)).toMatchObject({ stuck: 1, doubleBookings: 1 });
    // While the run is going an unknown is an honest "checking", not stuck.
    expect(checkAnyTime(waiting, [])).toEqual([]);
  });

  it('flags a lost row: an appointment the Provider holds that the app has no booking for', () => {
    const findings = checkAnyTime(clean.app, [...clean.provider, { id: 'appt-x', requestId: 'req-never-saved', status: 'booked' }]);
    expect(kinds(findings)).toEqual(['lost-row']);
  });

  it('flags a lost row when audit:verify reports a missing audit event', () => {
    const findings = checkSettled({ ...clean.app, auditProblems: ['row 42: the chain skips from 41 to 43'] }, clean.provider);
    expect(tally(findings).lostRows).toBe(1);
  });

  it('flags a contradiction: booked where the Provider says cancelled, cancelled where it says booked, not booked where it holds one', () => {
    expect(kinds(checkAnyTime(clean.app, [held('a', 'cancelled'), held('b', 'cancelled')]))).toEqual(['contradiction']);
    expect(kinds(checkAnyTime(clean.app, [held('a', 'booked'), held('b', 'booked')]))).toEqual(['contradiction']);
    expect(kinds(checkAnyTime(app([booking('a', 'booked')]), []))).toEqual(['contradiction']);
    expect(kinds(checkAnyTime(app([booking('a', 'failed', { appointmentId: undefined })]), [held('a', 'booked')]))).toEqual(['contradiction']);
  });

  it('accepts every in-between state the app may be in while an answer is outstanding', () => {
    const inFlight = app([booking('a', 'cancelling'), booking('b', 'pending', { appointmentId: undefined }), booking('c', 'cancel-unknown')]);
    expect(checkAnyTime(inFlight, [held('a', 'cancelled'), held('b', 'booked'), held('c', 'booked')])).toEqual([]);
  });

  it('writes the one summary line and fails the run on any finding', () => {
    const t = tally(checkSettled(clean.app, [held('a', 'booked'), held('b', 'booked')]));
    expect(summaryLine(3, 5, t)).toBe('3 sequences, 5 kills, 1 double bookings, 0 stuck, 0 lost rows, 1 contradictions');
    expect(anyFailure(t)).toBe(true);
  });
});
