import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../main/app/create-app';
import { migrateOrg } from '../../../main/org/migrate';
import { ORG_MIGRATIONS } from '../../../main/org/migrations';
import { pushBatch } from '../../../main/org/push-batch';
import { bookOnDesk } from '../../support/desk-flow';
import { counts, DESK_PASSWORD, ORG, PASSWORD_ENV, prepareOrg, registerDesk, startDesk, uploaded } from '../../support/org';
import { shouldRunPostgresTests, startTestPostgres, type TestPostgres } from '../../support/postgres';

/** Every check here logs in as the role under test over TCP with its password, never as the superuser. */
describe.runIf(shouldRunPostgresTests())('the organisation record’s roles are enforced by PostgreSQL itself', () => {
  let pg: TestPostgres;
  let superuser: postgres.Sql;
  const apps: App[] = [];
  const logins: postgres.Sql[] = [];
  let deskA: App & { dataDir: string };
  let deskB: App & { dataDir: string };
  let asA: postgres.Sql;
  let asB: postgres.Sql;
  let asReporting: postgres.Sql;
  let asAdmin: postgres.Sql;

  const login = (user: string): postgres.Sql => {
    const sql = postgres({ host: '127.0.0.1', port: pg.port, user, password: DESK_PASSWORD, database: 'postgres', max: 1, onnotice: () => undefined });
    logins.push(sql);
    return sql;
  };
  const deskOn = async (workstation: string, user: string): Promise<App & { dataDir: string }> => {
    await registerDesk(pg, workstation, user);
    const app = await startDesk(pg, {
      workstation,
      org: { url: `postgres://127.0.0.1:${String(pg.port)}/postgres`, user, passwordRef: `env:${PASSWORD_ENV}`, sslmode: 'disable' },
    });
    apps.push(app);
    return app;
  };
  const chainOf = (app: App): string => app.org?.outbox.chainId() ?? '';

  beforeAll(async () => {
    pg = await startTestPostgres();
    superuser = await prepareOrg(pg);
    for (const [name, role] of [['desk_a', 'bw_workstation'], ['desk_b', 'bw_workstation'], ['reporter', 'bw_reporting'], ['org_admin', 'bw_admin']]) {
      await superuser.unsafe(`CREATE ROLE ${name ?? ''} LOGIN PASSWORD '${DESK_PASSWORD}' IN ROLE ${role ?? ''}`);
    }
    deskA = await deskOn('DESK-RA', 'desk_a');
    deskB = await deskOn('DESK-RB', 'desk_b');
    asA = login('desk_a');
    asB = login('desk_b');
    asReporting = login('reporter');
    asAdmin = login('org_admin');
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await Promise.all(logins.map((l) => l.end({ timeout: 1 })));
    await pg.destroy();
  });

  it('each desk’s pusher uploads under its own workstation login; both ends count the same', { timeout: 60_000 }, async () => {
    await bookOnDesk(deskA);
    await bookOnDesk(deskB);
    await uploaded(deskA);
    await uploaded(deskB);
    for (const desk of [deskA, deskB]) {
      const { local, central } = await counts(desk, superuser);
      expect(central).toEqual(local);
    }
  });

  it('a workstation login cannot push another desk’s rows, under either name, into its chain', { timeout: 60_000 }, async () => {
    const pusher = deskA.org?.pusher;
    if (pusher === undefined || deskA.org === undefined) throw new Error('desk A org');
    await pusher.stop();
    await bookOnDesk(deskA);
    const rows = deskA.org.outbox.peek(10_000);
    const before = await counts(deskA, superuser);
    await expect(pushBatch(asB, { org: ORG, chainId: chainOf(deskA), workstation: 'DESK-RA' }, rows)).rejects.toThrow(/row-level security/);
    await expect(pushBatch(asB, { org: ORG, chainId: chainOf(deskA), workstation: 'DESK-RB' }, rows)).rejects.toThrow(/row-level security/);
    // Desk B's own name on desk A's chain: still refused, the chain is desk A's.
    await expect(asB`
      INSERT INTO audit_events (org, chain_id, seq, id, at, at_text, user_id, workstation, type, detail, detail_text, prev_hash, hash)
      VALUES (${ORG}, ${chainOf(deskA)}, 999999, gen_random_uuid(), now(), 'x', 'u', 'DESK-RB', 'forged', '{}', '{}', 'p', 'h')`).rejects.toThrow(/row-level security/);
    // Another organisation's change, under its own name and chain: refused; the shared rows are not a desk's to write at all.
    await expect(asB`
      INSERT INTO record_facts (org, chain_id, outbox_seq, kind, row_id, workstation, user_id, body_text)
      VALUES ('Y11111', ${chainOf(deskB)}, 900000001, 'case', 'forged-case', 'DESK-RB', 'u', '{"id":"forged-case"}')`).rejects.toThrow(
      /row-level security|is not registered/,
    );
    await expect(asB`
      INSERT INTO cases (org, id, workstation, user_id, chain_id, started_at, updated_at, status, family_upper, given, birth_date, doc, updated_by_workstation)
      VALUES (${ORG}, 'forged-case', 'DESK-RB', 'u', ${chainOf(deskB)}, now(), now(), 'open', 'X', 'Y', '2000-01-01', '{}', 'DESK-RB')`).rejects.toThrow(/permission denied/);
    expect(await counts(deskA, superuser)).toEqual(before);
    pusher.start();
    await uploaded(deskA);
    const { local, central } = await counts(deskA, superuser);
    expect(central).toEqual(local);
  });

  it('a workstation login cannot update, delete, truncate or even read the audit trail', async () => {
    await expect(asA`UPDATE audit_events SET outcome = 'x' WHERE chain_id = ${chainOf(deskA)}`).rejects.toThrow(/permission denied/);
    await expect(asA`DELETE FROM audit_events WHERE chain_id = ${chainOf(deskA)}`).rejects.toThrow(/permission denied/);
    await expect(asA`TRUNCATE audit_events`).rejects.toThrow(/permission denied/);
    await expect(asA`SELECT count(*) FROM audit_events`).rejects.toThrow(/permission denied/);
    await expect(asA`DELETE FROM bookings`).rejects.toThrow(/permission denied/);
  });

  it('a workstation login reads what Find needs across the organisation, and only its own desk mapping', async () => {
    const [found] = await asA<{ desks: string[] }[]>`SELECT array_agg(DISTINCT b.workstation ORDER BY b.workstation) AS desks
      FROM bookings b JOIN cases c ON c.org = b.org AND c.id = b.case_id WHERE b.org = ${ORG}`;
    expect(found?.desks).toEqual(['DESK-RA', 'DESK-RB']);
    const mapped = await asA<{ workstation: string }[]>`SELECT workstation FROM desk_logins`;
    expect(mapped).toEqual([{ workstation: 'DESK-RA' }]);
    const chains = await asA<{ chain_id: string }[]>`SELECT chain_id FROM desks`;
    expect(chains).toEqual([{ chain_id: chainOf(deskA) }]);
  });

  it('another desk cancels a booking only by a fact of its own about it, never by rewriting the row or in the name of the desk that made it', async () => {
    const [booking] = await superuser<{ id: string; body: Record<string, unknown> }[]>`
      SELECT id, to_jsonb(b) - 'org' AS body FROM bookings b WHERE workstation = 'DESK-RA' LIMIT 1`;
    const id = booking?.id ?? '';
    const factsOfA = await superuser`SELECT * FROM record_facts WHERE workstation = 'DESK-RA' ORDER BY chain_id, seq`;
    await expect(asB`UPDATE bookings SET status = 'cancelled', updated_by_workstation = 'DESK-RB' WHERE org = ${ORG} AND id = ${id}`).rejects.toThrow(
      /permission denied/,
    );
    const cancelled = JSON.stringify({ ...booking?.body, status: 'cancelled', updated_at: '2099-01-01T00:00:00.000Z' });
    const fact = (workstation: string, chainId: string, outboxSeq: number) => asB`
      INSERT INTO record_facts (org, chain_id, outbox_seq, kind, row_id, workstation, user_id, body_text)
      VALUES (${ORG}, ${chainId}, ${outboxSeq}, 'booking', ${id}, ${workstation}, 'user-b', ${cancelled})`;
    await expect(fact('DESK-RA', chainOf(deskB), 900000002)).rejects.toThrow(/row-level security/);
    await expect(fact('DESK-RA', chainOf(deskA), 900000003)).rejects.toThrow(/row-level security/);
    await expect(fact('DESK-RB', chainOf(deskA), 900000004)).rejects.toThrow(/row-level security/);
    await fact('DESK-RB', chainOf(deskB), 900000005);
    const [row] = await superuser<{ workstation: string; by: string; status: string }[]>`
      SELECT workstation, updated_by_workstation AS by, status FROM bookings WHERE id = ${id}`;
    expect(row).toEqual({ workstation: 'DESK-RA', by: 'DESK-RB', status: 'cancelled' });
    expect(await superuser`SELECT * FROM record_facts WHERE workstation = 'DESK-RA' ORDER BY chain_id, seq`).toEqual(factsOfA);
  });

  it('the reporting login reads everything and writes nothing', async () => {
    const [all] = await asReporting<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_events`;
    const [truth] = await superuser<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_events`;
    expect(all?.n).toBe(truth?.n);
    expect(all?.n).toBeGreaterThan(0);
    await expect(asReporting`UPDATE bookings SET status = 'x'`).rejects.toThrow(/permission denied/);
    await expect(asReporting`DELETE FROM cases`).rejects.toThrow(/permission denied/);
    await expect(asReporting`INSERT INTO desks (org, chain_id, workstation) VALUES (${ORG}, 'c', 'w')`).rejects.toThrow(/permission denied/);
    await expect(asReporting`UPDATE audit_events SET outcome = 'x'`).rejects.toThrow(/permission denied/);
  });

  it('the admin login migrates and makes partitions, yet cannot edit or remove an audit row', async () => {
    const result = await migrateOrg(asAdmin, {
      migrations: [...ORG_MIGRATIONS, { version: 999, name: 'admin-made', up: 'CREATE TABLE admin_made (n integer)' }],
      monthsAhead: 30,
    });
    expect(result.applied).toEqual(['admin-made']);
    expect(result.partitionsMade).toBeGreaterThan(0);
    const [owner] = await superuser<{ owner: string }[]>`SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'admin_made'`;
    expect(owner?.owner).toBe('bw_admin');
    await expect(asAdmin`UPDATE audit_events SET outcome = 'x'`).rejects.toThrow(/permission denied|append-only/);
    await expect(asAdmin`DELETE FROM audit_events`).rejects.toThrow(/permission denied|append-only/);
    await expect(asAdmin`TRUNCATE audit_events`).rejects.toThrow(/permission denied|append-only/);
    const [kept] = await superuser<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_events`;
    expect(kept?.n).toBeGreaterThan(0);
  });
});
