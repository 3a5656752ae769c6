import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../main/app/create-app';
import { AUDIT_EVENTS, verifyAuditChain } from '../../../main/audit';
import { caseReference } from '../../../main/workflow/references';
import { ORG_UNREACHABLE_BANNER } from '../../../main/workflow/find-service';
import type { Case, FindResult, PatientInput } from '../../../preload/contract';
import { bookOnDesk } from '../../support/desk-flow';
import { dispatcher } from '../../support/dispatch';
import { ORG, prepareOrg, startDesk, uploaded } from '../../support/org';
import { patientWithNhsNumber } from '../../support/patients';
import { shouldRunPostgresTests, startTestPostgres, type TestPostgres } from '../../support/postgres';

/** A valid NHS number (modulus 11) that no other test uses. */
function nhsNumber(seed: number): string {
  for (let base = 400_000_000 + seed * 97; ; base++) {
    const digits = String(base).split('').map(Number);
    const check = 11 - (digits.reduce((acc, d, i) => acc + d * (10 - i), 0) % 11);
    if (check !== 10) return `${String(base)}${String(check === 11 ? 0 : check)}`;
  }
}

function patient(seed: number, family: string, birthDate: string, mobile: string): PatientInput {
  return patientWithNhsNumber({ family, birthDate, nhsNumber: nhsNumber(seed), telecom: [{ system: 'phone', value: mobile, use: 'mobile', rank: 1 }] });
}

describe.runIf(shouldRunPostgresTests())('Find a booking across the organisation (real PostgreSQL)', () => {
  let pg: TestPostgres;
  let admin: postgres.Sql;
  let deskA: App;
  let deskB: App;
  const find = (app: App, query: Record<string, string>): Promise<FindResult> => dispatcher(() => app).ok<FindResult>('booking:find', query);

  beforeAll(async () => {
    pg = await startTestPostgres();
    admin = await prepareOrg(pg);
    // Both desks book with one sandbox Provider, as two desks of one organisation book with the same services.
    const sandboxProviderPath = join(mkdtempSync(join(tmpdir(), 'bw-shared-sandbox-')), 'provider.sqlite');
    deskA = await startDesk(pg, { workstation: 'DESK-A', sandboxProviderPath });
    deskB = await startDesk(pg, { workstation: 'DESK-B', sandboxProviderPath });
  });
  afterAll(async () => {
    await deskA.close();
    await deskB.close();
    await pg.destroy();
  });

  it('desk B finds desk A’s booking by NHS number, saying desk A and its user made it, in the state main holds', async () => {
    const p = patient(1, 'Okafor', '1972-03-14', '07700 900201');
    const { booking } = await bookOnDesk(deskA, p);
    await uploaded(deskA);
    const found = await find(deskB, { nhsNumber: `${p.nhsNumber?.slice(0, 3) ?? ''} ${p.nhsNumber?.slice(3) ?? ''}` });
    expect(found.searched).toBe('organisation');
    expect(found.unreachable).toBeUndefined();
    expect(found.matches).toHaveLength(1);
    const [m] = found.matches;
    expect(m?.madeBy).toEqual({ workstation: 'DESK-A', userId: deskA.session.user.localUserId });
    expect(m?.onThisDesk).toBe(false);
    expect(m?.booking).toMatchObject({ id: booking.id, status: 'booked', statusText: 'Booked', serviceName: booking.serviceName, slotText: booking.slotText });
    expect(m?.booking.slotText).toMatch(/\d{1,2} \w{3} \d{4}/);
  });

  it('by family name: a case-insensitive prefix, always with the date of birth', async () => {
    const p = patient(2, 'Featherstonehaugh', '1990-11-05', '07700 900202');
    const { booking } = await bookOnDesk(deskA, p);
    await uploaded(deskA);
    for (const family of ['feath', 'FEATHERSTONEHAUGH', 'Fe']) {
      const found = await find(deskB, { family, birthDate: '1990-11-05' });
      expect(found.matches.map((x) => x.booking.id), family).toContain(booking.id);
    }
    expect((await find(deskB, { family: 'feath', birthDate: '1990-11-06' })).matches).toEqual([]);
    expect((await find(deskB, { family: 'eather', birthDate: '1990-11-05' })).matches).toEqual([]);
    const refused = await dispatcher(() => deskB).call('booking:find', { family: 'feath' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('invalid-request');
    const tooShort = await dispatcher(() => deskB).call('booking:find', { family: 'F', birthDate: '1990-11-05' });
    expect(tooShort.ok).toBe(false);
  });

  it('a wildcard typed into the name is a letter, not a match-anything', async () => {
    expect((await find(deskB, { family: '%%', birthDate: '1990-11-05' })).matches).toEqual([]);
  });

  it('by phone number however it is written, and by the Provider’s appointment id or our case reference', async () => {
    const p = patient(3, 'Nwosu', '1985-06-30', '07700 900203');
    const { booking } = await bookOnDesk(deskA, p);
    await uploaded(deskA);
    expect((await find(deskB, { phone: '+44 7700 900203' })).matches.map((x) => x.booking.id)).toEqual([booking.id]);
    expect((await find(deskB, { phone: '07700900203' })).matches.map((x) => x.booking.id)).toEqual([booking.id]);
    expect(booking.appointmentId).toBeDefined();
    expect((await find(deskB, { reference: booking.appointmentId ?? '' })).matches.map((x) => x.booking.id)).toEqual([booking.id]);
    const ours = caseReference(booking.caseId);
    expect((await find(deskB, { reference: ours.toLowerCase().replace('-', '') })).matches.map((x) => x.booking.id)).toEqual([booking.id]);
    // The organisation record computes our reference the same way as the app.
    const [row] = await admin<{ ref: string }[]>`SELECT bw_case_reference(${booking.caseId}) AS ref`;
    expect(row?.ref).toBe(ours);
  });

  it('a booking not yet uploaded is still found on the desk that made it, and only there', async () => {
    await deskA.org?.pusher?.stop();
    try {
      const p = patient(4, 'Lindqvist', '1966-01-22', '07700 900204');
      const { booking } = await bookOnDesk(deskA, p);
      expect(deskA.org?.status().waiting).toBeGreaterThan(0);
      const mine = await find(deskA, { nhsNumber: p.nhsNumber ?? '' });
      expect(mine.searched).toBe('organisation');
      expect(mine.matches.map((x) => [x.booking.id, x.madeBy.workstation, x.onThisDesk])).toEqual([[booking.id, 'DESK-A', true]]);
      expect((await find(deskB, { nhsNumber: p.nhsNumber ?? '' })).matches).toEqual([]);
    } finally {
      deskA.org?.pusher?.start();
    }
    await uploaded(deskA);
  });

  it('PostgreSQL stopped: Find searches this desk only and says so in the banner', async () => {
    const p = patient(5, 'Abernethy', '1979-09-09', '07700 900205');
    const { booking } = await bookOnDesk(deskA, p);
    await uploaded(deskA);
    await pg.stop();
    try {
      const onA = await find(deskA, { nhsNumber: p.nhsNumber ?? '' });
      expect(onA).toMatchObject({ searched: 'this-desk', unreachable: ORG_UNREACHABLE_BANNER });
      expect(onA.matches.map((x) => x.booking.id)).toEqual([booking.id]);
      const onB = await find(deskB, { nhsNumber: p.nhsNumber ?? '' });
      expect(onB).toMatchObject({ searched: 'this-desk', unreachable: ORG_UNREACHABLE_BANNER, matches: [] });
      // Desk B cannot copy a case it does not hold: it says why and what to do, and copies nothing.
      const opened = await dispatcher(() => deskB).call('booking:openFound', { caseId: booking.caseId });
      expect(opened.ok).toBe(false);
      if (!opened.ok) expect(opened.error.message).toBe('This case was made on another desk, and the organisation record cannot be reached to copy it here.');
      expect(deskB.db?.prepare('SELECT count(*) AS n FROM cases WHERE id = ?').get(booking.caseId)).toEqual({ n: 0 });
    } finally {
      await pg.start();
    }
  });

  it('desk B opens desk A’s case (copied, audited, not re-uploaded as B’s), cancels it; desk A then reads it as cancelled', async () => {
    const p = patient(6, 'Castellanos', '1958-12-01', '07700 900206');
    const { booking, caseId } = await bookOnDesk(deskA, p);
    await uploaded(deskA);
    await uploaded(deskB);
    const b = dispatcher(() => deskB);
    const opened = await b.ok<Case>('booking:openFound', { caseId });
    expect(opened.bookings.map((x) => [x.id, x.status])).toEqual([[booking.id, 'booked']]);
    expect(opened.bookingView.actions.find((x) => x.action === 'cancel')?.enabled).toBe(true);
    const imported = deskB.db?.prepare('SELECT detail FROM audit_events WHERE case_id = ? AND type = ?').all(caseId, AUDIT_EVENTS.caseImported) as { detail: string }[];
    expect(imported.map((r) => JSON.parse(r.detail) as unknown)).toEqual([{ sourceWorkstation: 'DESK-A', sourceUser: deskA.session.user.localUserId, bookings: 1, referrals: 0 }]);
    // The copied rows are not desk B's changes; the audit event saying it copied them is.
    const queued = deskB.db?.prepare('SELECT kind FROM org_outbox WHERE row_id IN (?, ?)').all(caseId, booking.id) as { kind: string }[];
    expect(queued).toEqual([]);
    await uploaded(deskB);
    const [auditRow] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_events WHERE org = ${ORG} AND workstation = 'DESK-B' AND type = ${AUDIT_EVENTS.caseImported} AND case_id = ${caseId}`;
    expect(auditRow?.n).toBe(1);

    const cancelled = await b.booking('booking:cancel', { bookingId: booking.id, reason: 'Patient rang back to cancel.' });
    expect(cancelled.status).toBe('cancelled');
    await uploaded(deskB);
    const [central] = await admin<{ status: string; workstation: string; by: string }[]>`
      SELECT status, workstation, updated_by_workstation AS by FROM bookings WHERE org = ${ORG} AND id = ${booking.id}`;
    expect(central).toEqual({ status: 'cancelled', workstation: 'DESK-A', by: 'DESK-B' });

    // Desk A still holds "booked" until it re-reads: Find shows the organisation's newer state, opening copies it.
    const onA = await find(deskA, { nhsNumber: p.nhsNumber ?? '' });
    expect(onA.matches.map((x) => [x.booking.status, x.madeBy.workstation])).toEqual([['cancelled', 'DESK-A']]);
    const reread = await dispatcher(() => deskA).ok<Case>('booking:openFound', { caseId });
    expect(reread.bookings.map((x) => x.status)).toEqual(['cancelled']);
  });

  it('desk A opens its own case from its Cases list after desk B cancelled it: it is re-read from the organisation record and says when that was', async () => {
    const a = dispatcher(() => deskA);
    const b = dispatcher(() => deskB);
    const { booking, caseId } = await bookOnDesk(deskA, patient(9, 'Okonkwo', '1971-03-14', '07700 900209'));
    await uploaded(deskA);
    // Desk A has its own copy, shown as booked until it asks the organisation record.
    expect((await a.ok<Case>('case:get', { caseId })).bookings.map((x) => x.status)).toEqual(['booked']);
    await b.ok<Case>('booking:openFound', { caseId });
    await b.booking('booking:cancel', { bookingId: booking.id, reason: 'Patient rang back to cancel.' });
    await uploaded(deskB);
    const opened = await a.ok<Case>('case:get', { caseId, fromOrganisation: true });
    expect(opened.bookings.map((x) => x.status)).toEqual(['cancelled']);
    expect(opened.bookingView.headline.tone).toBe('cancelled');
    expect(opened.organisationRecord?.state).toBe('confirmed');
    // Both desks' own audit chains still verify after the copies.
    for (const desk of [deskA, deskB]) expect(verifyAuditChain(desk.db as never).ok).toBe(true);
  });

  it('desk B opens a case whose referral desk A sent: the referral comes along (state, document), copied not re-queued; after a cancel on B it names the appointment it described as cancelled', async () => {
    const p = patient(8, 'Okonkwo', '1969-04-14', '07700 900208');
    const { booking, caseId } = await bookOnDesk(deskA, p);
    const a = dispatcher(() => deskA);
    const sent = await a.ok<{ case: Case; referral: { id: string; status: string } }>('referral:send', { caseId });
    expect(sent.referral.status).toBe('sent');
    const onA = await a.ok<Case>('case:get', { caseId });
    expect(onA.bookingView.referral.status).toBe('sent');
    await uploaded(deskA);
    await uploaded(deskB);

    const b = dispatcher(() => deskB);
    const opened = await b.ok<Case>('booking:openFound', { caseId });
    // What a clinician on B reads about the referral is what A's screen says.
    expect(opened.referrals).toEqual(onA.referrals);
    expect(opened.bookingView.referral).toEqual(onA.bookingView.referral);
    expect(opened.referrals.map((r) => [r.id, r.status, r.bookingId])).toEqual([[sent.referral.id, 'sent', booking.id]]);
    const documentOnA = await a.ok<{ xml: string }>('referral:document', { referralId: sent.referral.id });
    expect(await b.ok<{ xml: string }>('referral:document', { referralId: sent.referral.id })).toEqual(documentOnA);
    const imported = deskB.db?.prepare('SELECT detail FROM audit_events WHERE case_id = ? AND type = ?').all(caseId, AUDIT_EVENTS.caseImported) as { detail: string }[];
    expect(imported.map((r) => JSON.parse(r.detail) as unknown)).toEqual([{ sourceWorkstation: 'DESK-A', sourceUser: deskA.session.user.localUserId, bookings: 1, referrals: 1 }]);
    expect(deskB.db?.prepare('SELECT count(*) AS n FROM org_outbox WHERE row_id = ?').get(sent.referral.id)).toEqual({ n: 0 });

    // The referral follows the booking on B too: cancelling there says the sent referral described a cancelled appointment.
    await b.booking('booking:cancel', { bookingId: booking.id, reason: 'Patient rang back to cancel.' });
    const afterCancel = await b.ok<Case>('case:get', { caseId });
    expect(afterCancel.bookingView.referral.sent.map((s) => [s.referralId, s.appointmentText])).toEqual([[sent.referral.id, expect.stringContaining('(cancelled)')]]);
  });

  it('two desks cancel the same appointment: the second learns from the Provider it is already cancelled', async () => {
    const p = patient(7, 'Ferreira', '1981-02-02', '07700 900207');
    const { booking, caseId } = await bookOnDesk(deskA, p);
    await uploaded(deskA);
    await dispatcher(() => deskB).ok<Case>('booking:openFound', { caseId });
    const onA = await dispatcher(() => deskA).booking('booking:cancel', { bookingId: booking.id, reason: 'Cancelled on desk A.' });
    expect(onA.status).toBe('cancelled');
    // Desk B still holds the appointment as booked, with the version it copied.
    const onB = await dispatcher(() => deskB).booking('booking:cancel', { bookingId: booking.id, reason: 'Cancelled on desk B too.' });
    expect(onB.status).toBe('cancelled');
    expect(onB.statusText).toBe('Cancelled');
  });
});
