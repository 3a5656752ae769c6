import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { App } from '../../../main/app/create-app';
import type { OutboxRow } from '../../../main/org/outbox';
import { pushBatch } from '../../../main/org/push-batch';
import { bookOnDesk } from '../../support/desk-flow';
import { appendAuditEvents, counts, ORG, orgStatus, prepareOrg, registerDesk, startDesk, uploaded, waitForState } from '../../support/org';
import { shouldRunPostgresTests, startTestPostgres, type TestPostgres } from '../../support/postgres';

describe.runIf(shouldRunPostgresTests())('the outbox uploads every local change to a real PostgreSQL', () => {
  let pg: TestPostgres;
  let admin: postgres.Sql;
  const apps: App[] = [];
  beforeAll(async () => {
    pg = await startTestPostgres();
    admin = await prepareOrg(pg);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await pg.destroy();
  });

  it('a booking is uploaded with its case and audit trail; the shell says up to date; both ends count the same', async () => {
    const desk = await startDesk(pg, { workstation: 'DESK-UP' });
    apps.push(desk);
    const { booking } = await bookOnDesk(desk);
    await uploaded(desk);
    expect(orgStatus(desk)).toMatchObject({ state: 'up-to-date', waiting: 0 });
    expect(orgStatus(desk).lastConfirmedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const { local, central } = await counts(desk, admin);
    expect(central).toEqual(local);
    expect(local.bookings).toBe(1);
    const [row] = await admin<{ workstation: string; status: string; nhs: string; phones: string[] }[]>`
      SELECT b.workstation, b.status, c.nhs_number AS nhs, c.phones FROM bookings b JOIN cases c ON c.org = b.org AND c.id = b.case_id
      WHERE b.org = ${ORG} AND b.id = ${booking.id}`;
    expect(row).toEqual({ workstation: 'DESK-UP', status: 'booked', nhs: '9434765919', phones: ['07700900123', '01134960000'] });
  });

  it('the same batch pushed twice changes nothing the second time', async () => {
    const desk = await startDesk(pg, { workstation: 'DESK-TWICE' });
    apps.push(desk);
    const outbox = desk.org?.outbox;
    if (outbox === undefined || desk.org?.pusher === undefined) throw new Error('desk org');
    await desk.org.pusher.stop();
    await bookOnDesk(desk);
    const rows = outbox.peek(10_000);
    expect(rows.length).toBeGreaterThan(5);
    const identity = { org: ORG, chainId: outbox.chainId(), workstation: 'DESK-TWICE' };
    const first = await pushBatch(admin, identity, rows);
    const second = await pushBatch(admin, identity, rows);
    expect(first.applied).toBe(rows.length);
    expect(second.applied).toBe(0);
    outbox.remove(first.lastSeq);
    const { local, central } = await counts(desk, admin);
    expect(central).toEqual(local);
    const [h] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM booking_history WHERE chain_id = ${identity.chainId}`;
    expect(h?.n).toBe(rows.filter((r) => r.kind === 'booking').length);
  });

  it('every kind of row arrives column for column: awkward text, nulls, JSON and the newest version of each row', async () => {
    const chainId = 'chain-columns';
    // A UUID, as on a desk: Find's case reference is made from its hex digits.
    const caseId = '0b6c2f5e-8a51-4c1e-9d0a-3f4e5d6c7b8a';
    const awkward = 'Zoë "quoted", {braced} \\back\\slash\n2nd line\tNULL';
    let seq = 0;
    const row = (kind: OutboxRow['kind'], rowId: string, payload: Record<string, unknown>): OutboxRow => ({
      seq: ++seq, kind, rowId, queuedAt: '2026-03-04T10:00:00.000Z', workstation: 'DESK-COLS', userId: 'user "1"', payload,
    });
    const caseDoc = (given: string) => ({
      patient: { given, telecom: [{ system: 'phone', value: '+44 7700 900123' }, { system: 'email', value: 'a@b.c' }] },
      registeredPractice: { name: awkward },
      note: awkward,
    });
    const bookingDoc = { serviceId: 'S1', serviceName: awkward, appointmentId: 'APPT-1', nested: { list: [1, null, 'NULL'] } };
    const rows = [
      row('case', caseId, { id: caseId, started_at: '2026-03-04T10:00:00.000Z', updated_at: '2026-03-04T10:00:00.000Z', status: 'open',
        family_upper: 'SMITH', birth_date: '1980-02-03', nhs_number: null, practice_ods: null, doc: caseDoc('Ann') }),
      row('audit', 'a-1', { seq: 1, id: '6f1c1f43-1d7c-4d37-9b1f-0e6c6f6b0a01', at: '2026-03-04T10:00:00.123Z', user_id: 'user "1"',
        workstation: 'DESK-COLS', case_id: caseId, type: 'case.opened', dos_service_id: null, asid: null, request_id: null,
        correlation_id: null, http_status: 201, outcome: 'ok', detail: JSON.stringify({ text: awkward }), prev_hash: '00', hash: 'h1' }),
      row('booking', 'booking-1', { id: 'booking-1', case_id: caseId, status: 'booked', slot_start: '2026-03-05T09:30:00.000Z',
        created_at: '2026-03-04T10:01:00.000Z', updated_at: '2026-03-04T10:01:00.000Z', doc: bookingDoc }),
      row('referral', 'ref-1', { id: 'ref-1', case_id: caseId, service_id: 'S1', status: 'failed', document_id: 'DOC-1', booking_id: null,
        appointment_url: null, endpoint: 'https://example.test/a?b=c,d', xml: `<x a="1">${awkward}</x>`, attempts: 2,
        created_at: '2026-03-04T10:02:00.000Z', updated_at: '2026-03-04T10:02:00.000Z', sent_at: null, last_error: awkward }),
      row('booking', 'booking-1', { id: 'booking-1', case_id: caseId, status: 'cancelled', slot_start: '2026-03-05T09:30:00.000Z',
        created_at: '2026-03-04T10:01:00.000Z', updated_at: '2026-03-04T10:03:00.000Z', doc: { ...bookingDoc, appointmentId: null } }),
      row('case', caseId, { id: caseId, started_at: '2026-03-04T10:00:00.000Z', updated_at: '2026-03-04T10:04:00.000Z', status: 'closed',
        family_upper: 'SMITH', birth_date: '1980-02-03', nhs_number: '9434765919', practice_ods: 'B82002', doc: caseDoc('') }),
    ];
    const result = await pushBatch(admin, { org: ORG, chainId, workstation: 'DESK-COLS' }, rows);
    expect(result).toEqual({ applied: rows.length, lastSeq: rows.length });

    const [kase] = await admin`SELECT workstation, user_id, status, given, birth_date::text, nhs_number, phones, practice_ods, practice_name,
      doc, updated_at, updated_by_workstation FROM cases WHERE org = ${ORG} AND id = ${caseId}`;
    expect(kase).toEqual({ workstation: 'DESK-COLS', user_id: 'user "1"', status: 'closed', given: '', birth_date: '1980-02-03',
      nhs_number: '9434765919', phones: ['07700900123'], practice_ods: 'B82002', practice_name: awkward, doc: caseDoc(''),
      updated_at: new Date('2026-03-04T10:04:00.000Z'), updated_by_workstation: 'DESK-COLS' });
    const [audit] = await admin`SELECT id, at, at_text, user_id, case_id, dos_service_id, http_status, detail, detail_text, hash
      FROM audit_events WHERE chain_id = ${chainId}`;
    expect(audit).toEqual({ id: '6f1c1f43-1d7c-4d37-9b1f-0e6c6f6b0a01', at: new Date('2026-03-04T10:00:00.123Z'), at_text: '2026-03-04T10:00:00.123Z',
      user_id: 'user "1"', case_id: caseId, dos_service_id: null, http_status: 201, detail: { text: awkward },
      detail_text: JSON.stringify({ text: awkward }), hash: 'h1' });
    const history = await admin`SELECT outbox_seq::int, booking_id, status, user_id, doc FROM booking_history WHERE chain_id = ${chainId} ORDER BY outbox_seq`;
    expect(history).toEqual([
      { outbox_seq: 3, booking_id: 'booking-1', status: 'booked', user_id: 'user "1"', doc: bookingDoc },
      { outbox_seq: 5, booking_id: 'booking-1', status: 'cancelled', user_id: 'user "1"', doc: { ...bookingDoc, appointmentId: null } },
    ]);
    const [booking] = await admin`SELECT case_id, status, service_id, service_name, appointment_id, slot_start, updated_by_user, doc
      FROM bookings WHERE org = ${ORG} AND id = 'booking-1'`;
    expect(booking).toEqual({ case_id: caseId, status: 'cancelled', service_id: 'S1', service_name: awkward, appointment_id: null,
      slot_start: new Date('2026-03-05T09:30:00.000Z'), updated_by_user: 'user "1"', doc: { ...bookingDoc, appointmentId: null } });
    const [referral] = await admin`SELECT case_id, status, booking_id, appointment_url, endpoint, xml, attempts, sent_at, last_error, updated_by_workstation
      FROM referrals WHERE org = ${ORG} AND id = 'ref-1'`;
    expect(referral).toEqual({ case_id: caseId, status: 'failed', booking_id: null, appointment_url: null, endpoint: 'https://example.test/a?b=c,d',
      xml: `<x a="1">${awkward}</x>`, attempts: 2, sent_at: null, last_error: awkward, updated_by_workstation: 'DESK-COLS' });
  });

  it('a local write is uploaded at once: the pusher is nudged by the commit, not woken by its idle look', async () => {
    // The idle look comes once in ten minutes, far beyond this test's timeout: only the nudge can upload in time.
    // The nudge waits 50 ms (the app: 5) so that on a loaded machine the run of commits below still overlaps.
    const desk = await startDesk(pg, { workstation: 'DESK-NUDGED', pusher: { idleMs: 600_000, nudgeDelayMs: 50 } });
    apps.push(desk);
    await uploaded(desk); // the start-up events, on the pusher's first look
    const pusher = desk.org?.pusher;
    if (pusher === undefined) throw new Error('desk org');
    const { booking } = await bookOnDesk(desk);
    await uploaded(desk, 10_000);
    const [row] = await admin<{ status: string }[]>`SELECT status FROM bookings WHERE org = ${ORG} AND id = ${booking.id}`;
    expect(row?.status).toBe('booked');
    const { local, central } = await counts(desk, admin);
    expect(central).toEqual(local);

    // A run of separate commits goes up in a few pushes, one at a time, not one push per commit.
    let inFlight = 0;
    let mostInFlight = 0;
    const pushOnce = pusher.pushOnce.bind(pusher);
    const spy = vi.spyOn(pusher, 'pushOnce').mockImplementation(async () => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      try {
        return await pushOnce();
      } finally {
        inFlight--;
      }
    });
    const commits = 30;
    for (let i = 0; i < commits; i++) {
      appendAuditEvents(desk, 'DESK-NUDGED', 1);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await uploaded(desk, 10_000);
    expect(mostInFlight).toBe(1);
    expect(spy.mock.calls.length).toBeLessThan(commits / 2);
    const after = await counts(desk, admin);
    expect(after.central).toEqual(after.local);
  });

  it('PostgreSQL down at start: the desk books, says it is unreachable with changes waiting, then drains when it returns', async () => {
    await registerDesk(pg, 'DESK-DOWN');
    await pg.stop();
    const desk = await startDesk(pg, { workstation: 'DESK-DOWN' });
    apps.push(desk);
    await bookOnDesk(desk);
    const down = await waitForState(desk, 'unreachable');
    expect(down.waiting).toBe(1);
    expect(down.unreachableSince).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(down.problem).toBeUndefined();
    await pg.start();
    admin = pg.admin();
    await uploaded(desk);
    const { local, central } = await counts(desk, admin);
    expect(central).toEqual(local);
  });
});
