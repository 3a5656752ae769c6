import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../main/app/create-app';
import { bookOnDesk } from '../../support/desk-flow';
import { DESK_LOGIN, orgStatus, PASSWORD_ENV, prepareOrg, startDesk, waitForState } from '../../support/org';
import { shouldRunPostgresTests, startTestPostgres, type TestPostgres } from '../../support/postgres';

describe.runIf(shouldRunPostgresTests())('a desk the organisation record refuses keeps working and says why', () => {
  let plain: TestPostgres;
  let tls: TestPostgres;
  const apps: App[] = [];
  beforeAll(async () => {
    plain = await startTestPostgres();
    await prepareOrg(plain);
    tls = await startTestPostgres({ tls: true });
    await prepareOrg(tls);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await plain.destroy();
    await tls.destroy();
  });

  async function refusedWith(pg: TestPostgres, org: Record<string, unknown>, problem: RegExp): Promise<void> {
    const desk = await startDesk(pg, { workstation: 'DESK-REFUSED', org });
    apps.push(desk);
    const { booking } = await bookOnDesk(desk);
    expect(booking.status).toBe('booked');
    const status = await waitForState(desk, 'unreachable');
    expect(status.problem).toMatch(problem);
    expect(status.waiting).toBe(1);
    // Refused is not stuck: the next call is booked too, and everything stays queued on this desk only.
    const again = await bookOnDesk(desk);
    expect(again.booking.status).toBe('booked');
    expect(orgStatus(desk).waiting).toBeGreaterThan(status.waiting);
    const [central] = await pg.admin()<{ n: number }[]>`SELECT count(*)::int AS n FROM desks WHERE chain_id = ${desk.org?.outbox.chainId() ?? ''}`;
    expect(central?.n).toBe(0);
  }

  it('wrong password: a plain message, the booking is made and kept queued', async () => {
    process.env.BW_TEST_WRONG = 'not-the-password';
    await refusedWith(
      plain,
      { url: `postgres://127.0.0.1:${String(plain.port)}/postgres`, user: DESK_LOGIN, passwordRef: 'env:BW_TEST_WRONG', sslmode: 'disable' },
      /refused this desk’s login/,
    );
  });

  it('verify-full against a server without TLS: refused, nothing sent in clear', async () => {
    const ca = join(plain.dir, 'some-ca.pem');
    writeFileSync(ca, tls.pki?.caCert ?? '');
    await refusedWith(
      plain,
      { url: `postgres://127.0.0.1:${String(plain.port)}/postgres`, user: DESK_LOGIN, passwordRef: `env:${PASSWORD_ENV}`, sslmode: 'verify-full', caPath: ca },
      // PostgreSQL answers the TLS request with "N"; the handshake then fails like an untrusted server.
      /does not offer TLS|certificate is not trusted/,
    );
    const [row] = await plain.admin()<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_events WHERE workstation = 'DESK-REFUSED' AND type = 'booking.outcome'`;
    expect(row?.n).toBe(0);
  });

  it('a certificate from a CA this desk does not trust: refused', async () => {
    const other = join(tls.dir, 'other-ca.pem');
    writeFileSync(other, tls.pki?.otherCaCert ?? '');
    await refusedWith(
      tls,
      { url: `postgres://127.0.0.1:${String(tls.port)}/postgres`, user: DESK_LOGIN, passwordRef: `env:${PASSWORD_ENV}`, sslmode: 'verify-full', caPath: other },
      /certificate is not trusted/,
    );
  });

  it('verify-full with the right CA uploads over TLS', async () => {
    const desk = await startDesk(tls, {
      workstation: 'DESK-TLS',
      org: { url: `postgres://127.0.0.1:${String(tls.port)}/postgres`, user: DESK_LOGIN, passwordRef: `env:${PASSWORD_ENV}`, sslmode: 'verify-full', caPath: tls.pki?.caFile },
    });
    apps.push(desk);
    await bookOnDesk(desk);
    await waitForState(desk, 'up-to-date');
    const admin = tls.admin();
    const [row] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM bookings WHERE workstation = 'DESK-TLS'`;
    expect(row?.n).toBe(1);
  });
});
