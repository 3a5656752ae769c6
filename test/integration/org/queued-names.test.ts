/**
 * Who made a change is named as they were when they made it: the name and role go into the outbox
 * with the change (SQLite migration 016), not looked up when it uploads. A user who signs in again
 * with another role before their queued changes upload does not have those changes carry the new role.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../main/db/database';
import { UsersSeen } from '../../../main/identity/users-seen';
import { signInDesk } from '../../support/cis2-browser';
import { bookOnDesk } from '../../support/desk-flow';
import { ORG, orgRecordSuite, uploaded, type Desk } from '../../support/org';
import { patientWithNhsNumber } from '../../support/patients';
import { shouldRunPostgresTests } from '../../support/postgres';
import { testClock } from '../../support/clock';

/** The stand-in's first test user (main/sandbox/cis2/test-users.ts), and the role they change to. */
const DR_MORGAN = { userId: '555123456789', name: 'Dr Alex Morgan', role: 'Clinical Practitioner Access Role' };
const SUPPORT_ROLE = 'Admin/Clinical Support Access Role';

describe.runIf(shouldRunPostgresTests())('a queued change keeps the name and role its user had when they made it (real PostgreSQL)', () => {
  const suite = orgRecordSuite();
  let desk: Desk;
  const clock = testClock();

  beforeAll(async () => {
    desk = await suite.desk('DESK-NAMES', { cis2: true, clock });
    await signInDesk(desk, 'clinician');
  });

  const namesOf = async (bookingId: string): Promise<unknown> => {
    const [row] = await suite.admin`SELECT user_name, user_role FROM bookings WHERE org = ${ORG} AND id = ${bookingId}`;
    const facts = await suite.admin<{ role: string }[]>`
      SELECT body->>'user_role' AS role FROM record_facts WHERE org = ${ORG} AND kind = 'booking' AND row_id = ${bookingId}`;
    return { row, factRoles: [...new Set(facts.map((f) => f.role))] };
  };

  it('booked offline as a clinician, signed in again with a support role before the upload: the booking still says clinician', async () => {
    await desk.org?.pusher?.stop();
    let booked: string;
    try {
      booked = (await bookOnDesk(desk, patientWithNhsNumber({ nhsNumber: '4010001615', family: 'Oyelaran', birthDate: '1977-03-03' }))).booking.id;
      // What a sign-in with another role writes (main/app/identity-binding.ts).
      new UsersSeen(desk.db as Db).note({ userId: DR_MORGAN.userId, name: DR_MORGAN.name, role: SUPPORT_ROLE }, clock());
    } finally {
      desk.org?.pusher?.start();
    }
    await uploaded(desk);
    expect(await namesOf(booked)).toEqual({ row: { user_name: DR_MORGAN.name, user_role: DR_MORGAN.role }, factRoles: [DR_MORGAN.role] });

    // What the user does from now on carries the role they now have.
    const { booking } = await bookOnDesk(desk, patientWithNhsNumber({ nhsNumber: '4010001623', family: 'Oyelaran', birthDate: '1977-03-03' }));
    await uploaded(desk);
    expect(await namesOf(booking.id)).toEqual({ row: { user_name: DR_MORGAN.name, user_role: SUPPORT_ROLE }, factRoles: [SUPPORT_ROLE] });
  });
});
