/**
 * Issue 19, item 2, across desks: who made a booking is named as their CIS2 session named them.
 * Desk A's user signs in with CIS2 and books; desk B (another user) finds the booking in the
 * organisation record (real PostgreSQL) and is warned about it naming desk A's user and role,
 * never only by their CIS2 user id; the name stays with the booking once desk B copies it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFinder } from '../../../main/cases/find-local';
import type { Db } from '../../../main/db/database';
import { OrgReportService } from '../../../main/reports';
import type { Case, ExistingAnswer, FindResult, ReportId, ReportTable } from '../../../preload/contract';
import { signInDesk } from '../../support/cis2-browser';
import { bookOnDesk } from '../../support/desk-flow';
import { dispatcher } from '../../support/dispatch';
import { ORG, prepareOrg, startDesk, uploaded, type Desk } from '../../support/org';
import { patientWithNhsNumber } from '../../support/patients';
import { shouldRunPostgresTests, startTestPostgres, type TestPostgres } from '../../support/postgres';

/** The stand-in's first test user (main/sandbox/cis2/test-users.ts): what CIS2 says about them. */
const DR_MORGAN = { userId: '555123456789', userName: 'Dr Alex Morgan', userRole: 'Clinical Practitioner Access Role' };

describe.runIf(shouldRunPostgresTests())('a booking names the CIS2 user who made it, on every desk (real PostgreSQL)', () => {
  let pg: TestPostgres;
  let admin: postgres.Sql;
  let shared: string;
  let deskA: Desk;
  let deskB: Desk;

  beforeAll(async () => {
    pg = await startTestPostgres();
    admin = await prepareOrg(pg);
    shared = mkdtempSync(join(tmpdir(), 'bw-shared-sandbox-'));
    const sandboxProviderPath = join(shared, 'provider.sqlite');
    deskA = await startDesk(pg, { workstation: 'DESK-A', sandboxProviderPath, cis2: true });
    deskB = await startDesk(pg, { workstation: 'DESK-B', sandboxProviderPath, cis2: true });
    await signInDesk(deskA, 'clinician');
    await signInDesk(deskB, 'call-handler');
  });
  afterAll(async () => {
    await admin.end({ timeout: 2 });
    await deskA.close();
    await deskB.close();
    await pg.destroy();
    for (const dir of [shared, deskA.dataDir, deskB.dataDir]) rmSync(dir, { recursive: true, force: true });
  });

  it('desk B finds desk A’s booking saying desk A’s user by name and role; the warning for the same person says it too', async () => {
    const p = patientWithNhsNumber({ nhsNumber: '4010001577', family: 'Adeyemi', birthDate: '1968-02-29' });
    const { booking, caseId } = await bookOnDesk(deskA, p);
    await uploaded(deskA);

    const found = await dispatcher(() => deskB).ok<FindResult>('booking:find', { nhsNumber: '4010001577' });
    expect(found.searched).toBe('organisation');
    expect(found.matches.map((m) => [m.booking.id, m.madeBy])).toEqual([[booking.id, { workstation: 'DESK-A', ...DR_MORGAN }]]);
    // The record holds it with the booking, as the user's session gave it.
    const [row] = await admin<{ user_name: string; user_role: string }[]>`SELECT user_name, user_role FROM bookings WHERE org = ${ORG} AND id = ${booking.id}`;
    expect(row).toEqual({ user_name: DR_MORGAN.userName, user_role: DR_MORGAN.userRole });

    const warned = await dispatcher(() => deskB).ok<ExistingAnswer>('patient:existing', { nhsNumber: '4010001577', family: 'Adeyemi', birthDate: '1968-02-29' });
    expect(warned.matches.map((m) => [m.caseId, m.madeBy])).toEqual([[caseId, { workstation: 'DESK-A', ...DR_MORGAN }]]);

    // Desk B cancels it (its user's fact about desk A's booking): the booking is still desk A's user's.
    await dispatcher(() => deskB).ok<Case>('booking:openFound', { caseId });
    await dispatcher(() => deskB).booking('booking:cancel', { bookingId: booking.id, reason: 'Patient called back: no longer needed' });
    // Desk B's copy keeps the name it came with, for when the record cannot be reached.
    const copied = new LocalFinder(deskB.db as Db).find({ nhsNumber: '4010001577' });
    expect(copied.map((r) => [r.userId, r.userName, r.userRole])).toEqual([[DR_MORGAN.userId, DR_MORGAN.userName, DR_MORGAN.userRole]]);
    await uploaded(deskB);
    const after = await dispatcher(() => deskB).ok<FindResult>('booking:find', { nhsNumber: '4010001577' });
    expect(after.matches.map((m) => [m.booking.status, m.madeBy])).toEqual([['cancelled', { workstation: 'DESK-A', ...DR_MORGAN }]]);
    // Desk A's own Find names its user from what it saw sign in.
    const onA = await dispatcher(() => deskA).ok<FindResult>('booking:find', { nhsNumber: '4010001577' });
    expect(onA.matches.map((m) => m.madeBy)).toEqual([{ workstation: 'DESK-A', ...DR_MORGAN }]);
  });

  it('reports by user name who booked and who cancelled, on a desk and across the organisation', async () => {
    const p = patientWithNhsNumber({ nhsNumber: '4010001585', family: 'Brennan', birthDate: '1990-01-01' });
    const { booking, caseId } = await bookOnDesk(deskA, p);
    await uploaded(deskA);
    await dispatcher(() => deskB).ok<Case>('booking:openFound', { caseId });
    await dispatcher(() => deskB).booking('booking:cancel', { bookingId: booking.id, reason: 'Patient called back: no longer needed' });
    await uploaded(deskB);
    // The range is the days the desks wrote on (by their clocks), a day either side.
    const [span] = await admin<{ from: string; to: string }[]>`
      SELECT to_char(min(at) AT TIME ZONE 'Europe/London' - interval '1 day', 'YYYY-MM-DD') AS from,
             to_char(max(at) AT TIME ZONE 'Europe/London' + interval '1 day', 'YYYY-MM-DD') AS to FROM audit_events WHERE org = ${ORG}`;
    const range = { from: span?.from ?? '', to: span?.to ?? '' };
    const rows = (t: ReportTable, key: string): unknown[] => t.rows.filter((r) => Number(r[key]) > 0).map((r) => [r.userName, r.group, r[key]]);
    const morgan = 'Dr Alex Morgan (Clinical Practitioner Access Role)';
    // Two of each: this test's booking and cancel, and the one before's.
    const taylor = 'Sam Taylor (Admin/Clinical Support Access Role)';

    // Desk A's own store: its user, named from the sign-in it saw.
    const onA = await dispatcher(() => deskA).ok<ReportTable>('reports:run', { report: 'rep-cons-01', ...range, groupBy: 'user' });
    expect(rows(onA, 'bookings')).toEqual([[morgan, DR_MORGAN.userId, 2]]);

    // The organisation's: each user named by the facts their desk uploaded.
    const org = new OrgReportService(admin, { org: ORG, chainId: 'reporting', workstation: 'REPORTS' });
    const booked = await org.run({ report: 'rep-cons-01', ...range, groupBy: 'user', source: 'organisation' });
    expect(rows(booked, 'bookings')).toEqual([[morgan, DR_MORGAN.userId, 2]]);
    const cancelled = await Promise.all(['rep-cons-07', 'rep-cons-09'].map((report) => org.run({ report: report as ReportId, ...range, groupBy: 'user', source: 'organisation' })));
    expect(cancelled.flatMap((t) => rows(t, 'cancelled'))).toEqual([[taylor, '555123456790', 2]]);
  });
});
