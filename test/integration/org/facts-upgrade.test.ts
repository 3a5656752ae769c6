import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findInOrgRecord, readOrgCase } from '../../../main/org/find';
import { migrateOrg } from '../../../main/org/migrate';
import { ORG_MIGRATIONS } from '../../../main/org/migrations';
import { pushBatch } from '../../../main/org/push-batch';
import { verifyDerivedRows, verifyOrgFacts } from '../../../main/org/verify-facts';
import { DESK_LOGIN, DESK_PASSWORD, ORG } from '../../support/org';
import { shouldRunPostgresTests, startTestPostgres, type TestPostgres } from '../../support/postgres';

const CASE_ID = '0b6c2f5e-8a51-4c1e-9d0a-3f4e5d6c7b8a';

/** A record as schema 7 left it: desk A's case and booking (cancelled later by desk B, in the old way), and a referral. */
async function schema7Record(admin: postgres.Sql): Promise<void> {
  await admin`INSERT INTO desks (org, chain_id, workstation, last_outbox_seq) VALUES (${ORG}, 'chain-a', 'DESK-OLD-A', 9), (${ORG}, 'chain-b', 'DESK-OLD-B', 4)`;
  await admin`INSERT INTO cases (org, id, workstation, user_id, chain_id, started_at, updated_at, status, family_upper, given, birth_date,
      nhs_number, phones, practice_ods, practice_name, doc, updated_by_workstation)
    VALUES (${ORG}, ${CASE_ID}, 'DESK-OLD-A', 'user-a', 'chain-a', '2026-03-04T10:00:00Z', '2026-03-04T10:05:00Z', 'open', 'SMITH', 'Ann',
      '1980-02-03', '9434765919', '{07700900123}', 'B82002', 'Riverside Practice', '{"patient": {"given": "Ann"}}', 'DESK-OLD-A')`;
  await admin`INSERT INTO bookings (org, id, case_id, workstation, user_id, status, service_id, service_name, appointment_id, slot_start,
      created_at, updated_at, updated_by_workstation, updated_by_user, doc)
    VALUES (${ORG}, 'booking-old', ${CASE_ID}, 'DESK-OLD-A', 'user-a', 'cancelled', 'S1', 'Riverside UTC', 'APPT-1', '2026-03-05T09:30:00Z',
      '2026-03-04T10:01:00Z', '2026-03-04T11:00:00Z', 'DESK-OLD-B', 'user-b', '{"serviceId": "S1", "appointmentId": "APPT-1"}')`;
  await admin`INSERT INTO booking_history (org, chain_id, outbox_seq, booking_id, status, workstation, user_id, updated_at, doc)
    VALUES (${ORG}, 'chain-a', 3, 'booking-old', 'booked', 'DESK-OLD-A', 'user-a', '2026-03-04T10:01:00Z', '{}'),
           (${ORG}, 'chain-b', 4, 'booking-old', 'cancelled', 'DESK-OLD-B', 'user-b', '2026-03-04T11:00:00Z', '{}')`;
  await admin`INSERT INTO referrals (org, id, case_id, workstation, user_id, service_id, status, document_id, xml, attempts, created_at, updated_at,
      updated_by_workstation)
    VALUES (${ORG}, 'ref-old', ${CASE_ID}, 'DESK-OLD-A', 'user-a', 'S1', 'sent', 'DOC-1', '<x/>', 1, '2026-03-04T10:02:00Z', '2026-03-04T10:02:00Z', 'DESK-OLD-A')`;
}

const snapshot = (admin: postgres.Sql): Promise<postgres.Row[]> =>
  admin`SELECT 'case' AS kind, to_jsonb(c) AS row FROM cases c UNION ALL SELECT 'booking', to_jsonb(b) FROM bookings b
    UNION ALL SELECT 'referral', to_jsonb(r) FROM referrals r UNION ALL SELECT 'history', to_jsonb(h) FROM booking_history h ORDER BY 1, 2`;

describe.runIf(shouldRunPostgresTests())('central migration 008 upgrades a record that already holds rows', () => {
  let pg: TestPostgres;
  let admin: postgres.Sql;
  let desk: postgres.Sql;
  beforeAll(async () => {
    pg = await startTestPostgres();
    admin = pg.admin();
    await migrateOrg(admin, { migrations: ORG_MIGRATIONS.slice(0, 7) });
    await admin.unsafe(`CREATE ROLE ${DESK_LOGIN} LOGIN PASSWORD '${DESK_PASSWORD}' IN ROLE bw_workstation`);
    await admin`INSERT INTO desk_logins (login, org, workstation) VALUES (${DESK_LOGIN}, ${ORG}, 'DESK-OLD-A')`;
    desk = postgres({ host: '127.0.0.1', port: pg.port, user: DESK_LOGIN, password: DESK_PASSWORD, database: 'postgres', max: 1, onnotice: () => undefined });
  });
  afterAll(async () => {
    await desk.end({ timeout: 1 });
    await pg.destroy();
  });

  it('every existing row becomes a fact of the desk that last wrote it, the shared rows stay as they were, and verify passes', async () => {
    await schema7Record(admin);
    const before = await snapshot(admin);
    const result = await migrateOrg(admin, { migrations: ORG_MIGRATIONS.slice(0, 8) });
    expect(result.applied).toEqual(['facts']);
    expect(await snapshot(admin)).toEqual(before);

    const facts = await admin`SELECT chain_id, seq::int, kind, row_id, workstation, user_id FROM record_facts ORDER BY chain_id, seq`;
    expect(facts).toEqual([
      { chain_id: 'migrated-008:DESK-OLD-A', seq: 1, kind: 'referral', row_id: 'ref-old', workstation: 'DESK-OLD-A', user_id: 'user-a' },
      { chain_id: 'migrated-008:DESK-OLD-A', seq: 2, kind: 'case', row_id: CASE_ID, workstation: 'DESK-OLD-A', user_id: 'user-a' },
      { chain_id: 'migrated-008:DESK-OLD-B', seq: 1, kind: 'booking', row_id: 'booking-old', workstation: 'DESK-OLD-B', user_id: 'user-b' },
    ]);
    const chains = await verifyOrgFacts(admin);
    expect(chains.map((c) => ({ chain: c.chainId, checked: c.checked, problems: c.problems }))).toEqual([
      { chain: 'migrated-008:DESK-OLD-A', checked: 2, problems: [] },
      { chain: 'migrated-008:DESK-OLD-B', checked: 1, problems: [] },
    ]);
    expect(await verifyDerivedRows(admin)).toEqual([]);

    // A desk upgraded before the record sends its user's name (the record at 008 cannot keep it yet).
    await pushBatch(desk, { org: ORG, chainId: 'chain-early', workstation: 'DESK-OLD-A' }, [
      {
        seq: 1, kind: 'booking', rowId: 'booking-early', queuedAt: '2026-03-05T10:00:00.000Z', workstation: 'DESK-OLD-A', userId: 'user-a',
        userName: 'Dr Ada Lovelace', userRole: 'Clinical Practitioner Access Role',
        payload: { id: 'booking-early', case_id: 'e0e0e0e0-0000-4000-8000-000000000001', status: 'booked', slot_start: '2026-03-05T15:00:00.000Z', created_at: '2026-03-05T10:00:00.000Z',
          updated_at: '2026-03-05T10:00:00.000Z', doc: { id: 'booking-early', serviceId: 'S1', serviceName: 'Leeds UTC' } },
      },
    ]);
    // 009 names who made rows from now on, and those the facts already name; rows made before name nobody (Find shows their user id).
    expect((await migrateOrg(admin, { migrations: ORG_MIGRATIONS.slice(0, 9) })).applied).toEqual(['user-names']);
    expect(await admin`SELECT id, user_id, user_name, user_role FROM bookings ORDER BY id`).toEqual([
      { id: 'booking-early', user_id: 'user-a', user_name: 'Dr Ada Lovelace', user_role: 'Clinical Practitioner Access Role' },
      { id: 'booking-old', user_id: 'user-a', user_name: null, user_role: null },
    ]);
    // A desk upgraded before the record copies a case from it: no revisions to note yet (the desk orders as before).
    const revisions = async (): Promise<unknown> => {
      const copy = await readOrgCase(desk, ORG, CASE_ID, { timeoutMs: 5000 });
      return [copy?.revision, copy?.bookings.map((b) => b.revision), copy?.referrals.map((r) => r.revision)];
    };
    expect(await revisions()).toEqual([undefined, [undefined], [undefined]]);
    // 010 orders changes by revision: rows from before are at revision 0, their facts order by time as before, and verify still passes.
    expect((await migrateOrg(admin)).applied).toEqual(['causal-order']);
    expect(await revisions()).toEqual([0, [0], [0]]);
    expect(await admin`SELECT id, revision::int FROM bookings ORDER BY id`).toEqual([
      { id: 'booking-early', revision: 0 },
      { id: 'booking-old', revision: 0 },
    ]);
    expect(await verifyDerivedRows(admin)).toEqual([]);
  });

  it('after the upgrade a desk finds the old booking, and its next change lands as a fact on top of the old state', async () => {
    const found = await findInOrgRecord(desk, ORG, { nhsNumber: '9434765919' }, { timeoutMs: 5000 });
    expect(found.map((f) => ({ workstation: f.workstation, status: (f.bookingDoc as { appointmentId: string }).appointmentId }))).toEqual([
      { workstation: 'DESK-OLD-A', status: 'APPT-1' },
    ]);
    const pushed = await pushBatch(desk, { org: ORG, chainId: 'chain-a', workstation: 'DESK-OLD-A' }, [
      {
        seq: 10, kind: 'case', rowId: CASE_ID, queuedAt: '2026-03-06T10:00:00.000Z', workstation: 'DESK-OLD-A', userId: 'user-a',
        payload: { id: CASE_ID, started_at: '2026-03-04T10:00:00.000Z', updated_at: '2026-03-06T10:00:00.000Z', status: 'closed', family_upper: 'SMITH',
          birth_date: '1980-02-03', nhs_number: '9434765919', practice_ods: 'B82002', doc: { patient: { given: 'Ann' } } },
      },
    ]);
    expect(pushed).toEqual({ applied: 1, lastSeq: 10 });
    const [kase] = await admin`SELECT status, workstation, updated_by_workstation FROM cases WHERE id = ${CASE_ID}`;
    expect(kase).toEqual({ status: 'closed', workstation: 'DESK-OLD-A', updated_by_workstation: 'DESK-OLD-A' });
    expect(await verifyDerivedRows(admin)).toEqual([]);
  });
});
