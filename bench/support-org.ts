/**
 * What the organisation-record benches share: a real PostgreSQL (as the tests start it), migrated,
 * with a workstation login; and simulated desks, each a real SQLite file with the app's migrations,
 * its keyed audit chain and its outbox.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type postgres from 'postgres';
import { AuditStore } from '../main/audit';
import { closeDatabase, openDatabase, type Db } from '../main/db/database';
import { connectOrg } from '../main/org/connection';
import { migrateOrg } from '../main/org/migrate';
import { OrgOutbox } from '../main/org/outbox';
import { startTestPostgres, type TestPostgres } from '../test/support/postgres';

export const BENCH_ORG = 'X99999';
const LOGIN = 'bench_desk';
const PASSWORD = 'bench-desk-password';

export interface BenchOrg {
  pg: TestPostgres;
  /** Superuser, for the baseline and for reading what arrived. */
  admin: postgres.Sql;
  /** Binds the workstation login to a desk, as the admin does when a desk joins. */
  register(workstation: string): Promise<void>;
  /** A pool logged in as the workstation role, as a desk's pusher is. */
  deskPool(max?: number): postgres.Sql;
}

export async function startBenchOrg(): Promise<BenchOrg> {
  const pg = await startTestPostgres();
  const admin = pg.admin();
  await migrateOrg(admin);
  await admin.unsafe(`CREATE ROLE ${LOGIN} LOGIN PASSWORD '${PASSWORD}' IN ROLE bw_workstation`);
  return {
    pg,
    admin,
    register: async (workstation) => {
      await admin`INSERT INTO desk_logins (login, org, workstation) VALUES (${LOGIN}, ${BENCH_ORG}, ${workstation})`;
    },
    deskPool: (max = 1) => connectOrg({ url: `postgres://127.0.0.1:${String(pg.port)}/postgres`, user: LOGIN, password: PASSWORD, sslmode: 'disable', max }),
  };
}

export interface SimDesk {
  workstation: string;
  db: Db;
  outbox: OrgOutbox;
  audit: AuditStore;
  close(): void;
}

export function simDesk(root: string, workstation: string): SimDesk {
  const dir = join(root, workstation);
  mkdirSync(dir, { recursive: true });
  const db = openDatabase(join(dir, 'workstation.sqlite'));
  const outbox = new OrgOutbox(db);
  outbox.enable({ workstation, userId: `${workstation}-user` });
  const audit = new AuditStore(db, { userId: `${workstation}-user`, workstation }, () => new Date(), { key: randomBytes(32), anchors: [], anchoring: false });
  return { workstation, db, outbox, audit, close: () => closeDatabase(db) };
}

/** Opens a case (row + its audit event in one transaction, as the case store does); returns its id. */
export function openCase(desk: SimDesk, i: number): string {
  const id = randomUUID();
  const now = new Date().toISOString();
  const doc = {
    patient: { given: 'Ann', family: `SMITH${String(i)}`, birthDate: '1980-02-03', telecom: [{ system: 'phone', value: '07700900123' }] },
    registeredPractice: { odsCode: 'B82002', name: 'Riverside Practice' },
  };
  desk.audit.recordRow('cases', id, id, () => {
    desk.db
      .prepare('INSERT INTO cases (id, started_at, updated_at, status, family_upper, birth_date, nhs_number, practice_ods, doc) VALUES (?,?,?,?,?,?,?,?,?)')
      .run(id, now, now, 'open', `SMITH${String(i)}`, '1980-02-03', '9434765919', 'B82002', JSON.stringify(doc));
  });
  return id;
}

/** A booking state change on the case (row + audit event): booked the first time, then each later state. */
export function changeBooking(desk: SimDesk, caseId: string, bookingId: string, status: string): void {
  const now = new Date().toISOString();
  const doc = { serviceId: '2000012345', serviceName: 'Riverside Urgent Treatment Centre', appointmentId: bookingId.slice(0, 8) };
  desk.audit.recordRow('bookings', caseId, bookingId, () => {
    desk.db
      .prepare(
        `INSERT INTO bookings (id, case_id, status, slot_start, created_at, updated_at, doc) VALUES (?,?,?,?,?,?,?)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
      )
      .run(bookingId, caseId, status, now, now, now, JSON.stringify(doc));
  });
}
