/**
 * Two desks whose clocks disagree act on one booking (real PostgreSQL): the organisation record
 * keeps the change made last in cause (desk B cancelled after reading desk A's "booked"), not the
 * one whose desk clock said the later time; an offline desk's older change uploaded late does not
 * overwrite a newer one; a desk not yet upgraded (no revision) still has its changes ordered by time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushBatch } from '../../../main/org/push-batch';
import { verifyDerivedRows, verifyOrgFacts } from '../../../main/org/verify-facts';
import type { Case, FindResult } from '../../../preload/contract';
import { testClock, WEEKDAY_AFTERNOON } from '../../support/clock';
import { bookOnDesk } from '../../support/desk-flow';
import { dispatcher } from '../../support/dispatch';
import { ORG, orgRecordSuite, uploaded, type Desk } from '../../support/org';
import { patientWithNhsNumber } from '../../support/patients';
import { shouldRunPostgresTests } from '../../support/postgres';

const TEN_MINUTES = 10 * 60_000;

describe.runIf(shouldRunPostgresTests())('the organisation record orders changes by cause, not by desk clocks (real PostgreSQL)', () => {
  const suite = orgRecordSuite();
  let shared = '';
  let deskA: Desk;
  let deskB: Desk;
  const find = (desk: Desk, nhsNumber: string): Promise<FindResult> => dispatcher(() => desk).ok<FindResult>('booking:find', { nhsNumber });

  beforeAll(async () => {
    shared = mkdtempSync(join(tmpdir(), 'bw-causal-sandbox-'));
    const sandboxProviderPath = join(shared, 'provider.sqlite');
    // Desk A's clock runs ten minutes ahead of desk B's: more than the gap between their actions.
    deskA = await suite.desk('DESK-A', { sandboxProviderPath, clock: testClock(new Date(WEEKDAY_AFTERNOON.getTime() + TEN_MINUTES)) });
    deskB = await suite.desk('DESK-B', { sandboxProviderPath, clock: testClock(WEEKDAY_AFTERNOON) });
  });
  afterAll(() => {
    rmSync(shared, { recursive: true, force: true });
  });

  async function verified(): Promise<void> {
    expect(await verifyDerivedRows(suite.admin, { org: ORG })).toEqual([]);
    expect((await verifyOrgFacts(suite.admin, { org: ORG })).flatMap((c) => c.problems)).toEqual([]);
  }

  it('desk A books, desk B copies and cancels it: the record and both desks’ Find say cancelled', async () => {
    const nhsNumber = '4010001585';
    const { booking, caseId } = await bookOnDesk(deskA, patientWithNhsNumber({ nhsNumber, family: 'Adeyemi', birthDate: '1983-04-04' }));
    await uploaded(deskA);
    await dispatcher(() => deskB).ok<Case>('booking:openFound', { caseId });
    const cancelled = await dispatcher(() => deskB).booking('booking:cancel', { bookingId: booking.id, reason: 'Patient rang desk B to cancel.' });
    expect(cancelled.status).toBe('cancelled');
    await uploaded(deskB);

    // The case this test is about: B's cancel carries an earlier desk time than A's booking.
    const history = await suite.admin<{ workstation: string; status: string; updated_at: Date }[]>`
      SELECT workstation, status, updated_at FROM booking_history WHERE org = ${ORG} AND booking_id = ${booking.id} ORDER BY updated_at`;
    const bookedAt = history.find((h) => h.workstation === 'DESK-A' && h.status === 'booked')?.updated_at.getTime() ?? 0;
    const cancelledAt = history.find((h) => h.workstation === 'DESK-B' && h.status === 'cancelled')?.updated_at.getTime() ?? Infinity;
    expect(cancelledAt).toBeLessThan(bookedAt);

    const [central] = await suite.admin`SELECT status, updated_by_workstation FROM bookings WHERE org = ${ORG} AND id = ${booking.id}`;
    expect(central).toEqual({ status: 'cancelled', updated_by_workstation: 'DESK-B' });
    for (const desk of [deskA, deskB]) {
      const found = await find(desk, nhsNumber);
      expect(found.searched).toBe('organisation');
      expect(found.matches.map((m) => [m.booking.id, m.booking.status, m.booking.statusText])).toEqual([[booking.id, 'cancelled', 'Cancelled']]);
    }
    await verified();
  });

  it('desk A, offline, changes the case before desk B does; A’s older change uploaded late does not overwrite B’s', async () => {
    const { caseId } = await bookOnDesk(deskA, patientWithNhsNumber({ nhsNumber: '4010001593', family: 'Brannigan', birthDate: '1961-07-07' }));
    await uploaded(deskA);
    await deskA.org?.pusher?.stop();
    const fromA = 'Desk A: patient will attend.';
    const fromB = 'Desk B: patient rang back, now has transport arranged by family.';
    try {
      await dispatcher(() => deskA).ok<Case>('case:updateNotes', { caseId, notes: fromA });
      await dispatcher(() => deskB).ok<Case>('booking:openFound', { caseId });
      await dispatcher(() => deskB).ok<Case>('case:updateNotes', { caseId, notes: fromB });
      await uploaded(deskB);
    } finally {
      deskA.org?.pusher?.start();
    }
    await uploaded(deskA);
    // A's change did reach the record (it is a fact), later and with a later desk time; B's is kept.
    const facts = await suite.admin<{ workstation: string; notes: string | null }[]>`
      SELECT workstation, body->'doc'->>'notes' AS notes FROM record_facts WHERE org = ${ORG} AND kind = 'case' AND row_id = ${caseId} ORDER BY received_at, seq`;
    expect(facts.at(-1)).toEqual({ workstation: 'DESK-A', notes: fromA });
    const [central] = await suite.admin<{ notes: string }[]>`SELECT doc->>'notes' AS notes FROM cases WHERE org = ${ORG} AND id = ${caseId}`;
    expect(central?.notes).toBe(fromB);
    // Desk A, re-reading the case, shows B's notes.
    const onA = await dispatcher(() => deskA).ok<Case>('case:get', { caseId, fromOrganisation: true });
    expect(onA.notes).toBe(fromB);
    await verified();
  });

  it('a desk not yet upgraded (its changes carry no revision) still has them ordered by its time', async () => {
    const { booking, caseId } = await bookOnDesk(deskA, patientWithNhsNumber({ nhsNumber: '4010001607', family: 'Castell', birthDate: '1990-01-01' }));
    await uploaded(deskA);
    await dispatcher(() => deskB).ok<Case>('booking:openFound', { caseId });
    await dispatcher(() => deskB).booking('booking:cancel', { bookingId: booking.id, reason: 'Patient rang desk B to cancel.' });
    await uploaded(deskB);
    const [row] = await suite.admin<{ updated_at: Date; doc: Record<string, unknown>; revision: string }[]>`
      SELECT updated_at, doc, revision::text FROM bookings WHERE org = ${ORG} AND id = ${booking.id}`;
    if (row === undefined) throw new Error('the booking is not in the record');
    expect(row.revision).toBe('2');
    const old = { org: ORG, chainId: 'chain-old-desk', workstation: 'DESK-A' };
    const legacy = (seq: number, updatedAt: Date, status: string) => ({
      seq, kind: 'booking' as const, rowId: booking.id, queuedAt: updatedAt.toISOString(), workstation: 'DESK-A', userId: 'old-user',
      payload: { id: booking.id, case_id: caseId, status, slot_start: booking.slot.start, created_at: booking.createdAt, updated_at: updatedAt.toISOString(), doc: { ...row.doc, status } },
    });
    // Older than B's cancel: not applied. Newer: applied, as before revisions.
    await pushBatch(suite.admin, old, [legacy(1, new Date(row.updated_at.getTime() - 1000), 'booked')]);
    expect((await suite.admin`SELECT status FROM bookings WHERE org = ${ORG} AND id = ${booking.id}`)[0]).toEqual({ status: 'cancelled' });
    await pushBatch(suite.admin, old, [legacy(2, new Date(row.updated_at.getTime() + 1000), 'cancelled')]);
    expect((await suite.admin`SELECT updated_by_workstation, revision::int FROM bookings WHERE org = ${ORG} AND id = ${booking.id}`)[0]).toEqual({
      updated_by_workstation: 'DESK-A',
      revision: 2,
    });
    await verified();
  });

  it('central verify names a shared row whose revision was edited around the facts', async () => {
    const { booking } = await bookOnDesk(deskB, patientWithNhsNumber({ nhsNumber: '4010001631', family: 'Dunmore', birthDate: '1955-05-05' }));
    await uploaded(deskB);
    await suite.admin`UPDATE bookings SET revision = 99 WHERE org = ${ORG} AND id = ${booking.id}`;
    try {
      expect(await verifyDerivedRows(suite.admin, { org: ORG })).toEqual([{ kind: 'booking', id: booking.id, workstation: 'DESK-B', differs: ['order of changes'] }]);
    } finally {
      await suite.admin`UPDATE bookings SET revision = 1 WHERE org = ${ORG} AND id = ${booking.id}`;
    }
    await verified();
  });

  it('central verify names a fact placed later in the order of changes than its desk sent it', async () => {
    const { booking } = await bookOnDesk(deskB, patientWithNhsNumber({ nhsNumber: '4010001658', family: 'Ellery', birthDate: '1949-09-09' }));
    await uploaded(deskB);
    const chain = deskB.org?.outbox.chainId() ?? '';
    const [fact] = await suite.admin<{ seq: number }[]>`SELECT max(seq)::int AS seq FROM record_facts WHERE chain_id = ${chain} AND row_id = ${booking.id}`;
    const raise = (to: number): Promise<unknown> =>
      suite.admin.begin(async (tx) => {
        await tx`SET LOCAL session_replication_role = replica`;
        await tx`UPDATE record_facts SET revision = ${to} WHERE chain_id = ${chain} AND seq = ${fact?.seq ?? 0}`;
      });
    await raise(7);
    try {
      const problems = (await verifyOrgFacts(suite.admin, { org: ORG })).flatMap((c) => c.problems);
      expect(problems).toEqual([{ seq: fact?.seq, about: `booking ${booking.id}, by DESK-B`, problem: 'it was placed later in the order of changes than its desk sent it (the fact was edited)' }]);
    } finally {
      await raise(1);
    }
    await verified();
  });
});
