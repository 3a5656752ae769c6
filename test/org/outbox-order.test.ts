import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, migrate, openDatabase, type Db } from '../../main/db/database';
import { MIGRATIONS } from '../../main/db/migrations';
import { UsersSeen } from '../../main/identity/users-seen';
import { OrgOutbox } from '../../main/org/outbox';

const T0 = new Date('2026-06-09T13:30:00.000Z');
const CASE_ID = '0f0f0f0f-0000-4000-8000-000000000001';
const CLINICIAN = { userId: '555123456789', name: 'Dr Alex Morgan', role: 'Clinical Practitioner Access Role' };

function caseRow(db: Db, outbox: OrgOutbox): void {
  outbox.importing(() =>
    db.prepare(`INSERT INTO cases (id, started_at, updated_at, status, family_upper, birth_date, doc) VALUES (?, ?, ?, 'open', 'ORDER', '1980-01-01', '{}')`)
      .run(CASE_ID, T0.toISOString(), T0.toISOString()),
  );
}

function book(db: Db, id: string, status: string): void {
  db.prepare(`INSERT INTO bookings (id, case_id, status, slot_start, created_at, updated_at, doc) VALUES (@id, ?, @status, ?, ?, ?, '{}')
      ON CONFLICT (id) DO UPDATE SET status = excluded.status`)
    .run({ id, status }, CASE_ID, '2026-06-09T18:00:00.000Z', T0.toISOString(), T0.toISOString());
}

describe('what the outbox queues for the organisation record (SQLite migration 016)', () => {
  const dbs: Db[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) closeDatabase(db);
  });
  const open = (migrations = MIGRATIONS): { db: Db; outbox: OrgOutbox } => {
    const db = openDatabase(':memory:', { migrations });
    dbs.push(db);
    const outbox = new OrgOutbox(db);
    // As OrgOutbox.enable did on a file at that schema (this version's enable writes 016's columns).
    db.prepare("UPDATE org_desk SET workstation = 'DESK-ORDER', user_id = ?, queuing = 1, enabled_at = ? WHERE id = 1").run(CLINICIAN.userId, T0.toISOString());
    caseRow(db, outbox);
    return { db, outbox };
  };
  const revisions = (outbox: OrgOutbox): unknown[] => outbox.peek(100).filter((r) => r.kind === 'booking').map((r) => [r.payload.status, r.payload.revision]);

  it('a change is numbered one above the record’s revision this desk last copied; a copy never lowers it; copied rows are not queued', () => {
    const { db, outbox } = open();
    book(db, 'b-1', 'booked');
    outbox.basedOn('booking', 'b-1', 4);
    book(db, 'b-1', 'cancelling');
    // An older read (it raced this desk's own upload) does not lower it.
    outbox.basedOn('booking', 'b-1', 2);
    book(db, 'b-1', 'cancelled');
    outbox.importing(() => book(db, 'b-1', 'copied'));
    expect(revisions(outbox)).toEqual([['booked', 1], ['cancelling', 5], ['cancelled', 5]]);
  });

  it('a change keeps its user’s name and role as they were when it was queued, also across the upgrade', () => {
    const { db, outbox } = open(MIGRATIONS.filter((m) => m.version < 16));
    const seen = new UsersSeen(db);
    seen.note(CLINICIAN, T0);
    book(db, 'b-before', 'booked');
    migrate(db, MIGRATIONS);
    book(db, 'b-after', 'booked');
    seen.note({ ...CLINICIAN, role: 'Admin/Clinical Support Access Role' }, T0);
    book(db, 'b-later', 'booked');
    const named = outbox.peek(100).filter((r) => r.kind === 'booking').map((r) => [r.rowId, r.userName, r.userRole]);
    expect(named).toEqual([
      ['b-before', CLINICIAN.name, CLINICIAN.role],
      ['b-after', CLINICIAN.name, CLINICIAN.role],
      ['b-later', CLINICIAN.name, 'Admin/Clinical Support Access Role'],
    ]);
    // Queued before the upgrade, it goes without a revision: the record orders it by time, as before.
    expect(revisions(outbox)).toEqual([['booked', undefined], ['booked', 1], ['booked', 1]]);
  });
});
