import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../main/app/create-app';
import { pushBatch } from '../../../main/org/push-batch';
import { bookOnDesk } from '../../support/desk-flow';
import { counts, ORG, orgStatus, prepareOrg, registerDesk, startDesk, uploaded, waitForState } from '../../support/org';
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
    expect(orgStatus(desk)).toEqual({ state: 'up-to-date', waiting: 0 });
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

  it('PostgreSQL down at start: the desk books, says it is unreachable with changes waiting, then drains when it returns', async () => {
    await registerDesk(pg, 'DESK-DOWN');
    await pg.stop();
    const desk = await startDesk(pg, { workstation: 'DESK-DOWN' });
    apps.push(desk);
    await bookOnDesk(desk);
    const down = await waitForState(desk, 'unreachable');
    expect(down.waiting).toBeGreaterThan(5);
    expect(down.unreachableSince).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(down.problem).toBeUndefined();
    await pg.start();
    admin = pg.admin();
    await uploaded(desk);
    const { local, central } = await counts(desk, admin);
    expect(central).toEqual(local);
  });
});
