import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../main/app/create-app';
import { bookOnDesk } from '../../support/desk-flow';
import { DESK_PASSWORD, ORG, PASSWORD_ENV, prepareOrg, registerDesk, startDesk, uploaded } from '../../support/org';
import { shouldRunPostgresTests, startTestPostgres, type TestPostgres } from '../../support/postgres';

/** What a desk login may write at all: its chain's registration and site, its audit events and its facts (central migration 008). */
const DESK_INSERTS = ['audit_events', 'desk_sites', 'desks', 'record_facts'];

/**
 * The adversarial run of issue 22, as a test: every role but the schema's owner logs in over TCP
 * with its password and tries every write it must not make, on every relation the catalogue lists
 * (so a table added later is tried too). Each attempt must be refused, and nothing may change.
 */
describe.runIf(shouldRunPostgresTests())('no desk or reporting login can change what is not its own', () => {
  let pg: TestPostgres;
  let superuser: postgres.Sql;
  const apps: App[] = [];
  const logins: postgres.Sql[] = [];
  let chainA = '';
  let chainB = '';
  let bookingA = '';
  let caseA = '';
  let roles: { name: string; kind: 'desk' | 'reporting'; sql: postgres.Sql }[] = [];

  const login = (user: string): postgres.Sql => {
    const sql = postgres({ host: '127.0.0.1', port: pg.port, user, password: DESK_PASSWORD, database: 'postgres', max: 1, onnotice: () => undefined });
    logins.push(sql);
    return sql;
  };

  /** Every relation a user could name: tables, partitions, views, foreign tables, in every schema but the system's. */
  const relations = async (): Promise<{ name: string; kind: string; column: string }[]> =>
    superuser<{ name: string; kind: string; column: string }[]>`
      SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relkind::text AS kind,
        (SELECT quote_ident(a.attname) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum LIMIT 1) AS column
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
      ORDER BY 1`;

  /** A fingerprint of every relation's content, taken as the superuser. */
  const everything = async (): Promise<Record<string, string>> => {
    const all: Record<string, string> = {};
    for (const r of await relations()) {
      const [row] = await superuser.unsafe<{ digest: string | null }[]>(`SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS digest FROM ${r.name} t`);
      all[r.name] = row?.digest ?? 'empty';
    }
    return all;
  };

  beforeAll(async () => {
    pg = await startTestPostgres();
    superuser = await prepareOrg(pg);
    for (const [name, role] of [['desk_a', 'bw_workstation'], ['desk_b', 'bw_workstation'], ['reporter', 'bw_reporting']] as const) {
      await superuser.unsafe(`CREATE ROLE ${name} LOGIN PASSWORD '${DESK_PASSWORD}' IN ROLE ${role}`);
    }
    for (const [workstation, user] of [['DESK-FA', 'desk_a'], ['DESK-FB', 'desk_b']] as const) {
      await registerDesk(pg, workstation, user);
      const app = await startDesk(pg, {
        workstation,
        org: { url: `postgres://127.0.0.1:${String(pg.port)}/postgres`, user, passwordRef: `env:${PASSWORD_ENV}`, sslmode: 'disable' },
      });
      apps.push(app);
      const { booking, caseId } = await bookOnDesk(app);
      await uploaded(app);
      if (workstation === 'DESK-FA') {
        chainA = app.org?.outbox.chainId() ?? '';
        bookingA = booking.id;
        caseA = caseId;
      } else {
        chainB = app.org?.outbox.chainId() ?? '';
      }
    }
    // Stop the pushers: from here on only the attempts below write, so "nothing changed" is exact.
    for (const app of apps) await app.org?.pusher?.stop();
    roles = [
      { name: 'desk_a', kind: 'desk', sql: login('desk_a') },
      { name: 'desk_b', kind: 'desk', sql: login('desk_b') },
      { name: 'reporter', kind: 'reporting', sql: login('reporter') },
    ];
  }, 120_000);
  afterAll(async () => {
    for (const app of apps) await app.close();
    await Promise.all(logins.map((l) => l.end({ timeout: 1 })));
    await pg.destroy();
  });

  it('the catalogue holds the record’s tables, facts and partitions (so the sweeps below cover them)', async () => {
    const names = (await relations()).map((r) => r.name);
    for (const table of ['audit_events', 'bookings', 'desk_sites', 'booking_history', 'cases', 'desk_logins', 'desks', 'org_schema_migrations', 'org_service_names', 'record_facts', 'referrals']) {
      expect(names).toContain(`public.${table}`);
    }
    expect(names.filter((n) => n.startsWith('public.audit_events_')).length).toBeGreaterThan(12);
  });

  it('UPDATE, DELETE and TRUNCATE on every relation: refused for each desk and the reporting login, and held by none of them', { timeout: 120_000 }, async () => {
    const before = await everything();
    const targets = await relations();
    for (const role of roles) {
      for (const r of targets) {
        const [held] = await superuser<{ update: boolean; delete: boolean; truncate: boolean }[]>`
          SELECT has_any_column_privilege(${role.name}, ${r.name}, 'UPDATE') AS update,
            has_table_privilege(${role.name}, ${r.name}, 'DELETE') AS delete, has_table_privilege(${role.name}, ${r.name}, 'TRUNCATE') AS truncate`;
        expect({ role: role.name, relation: r.name, ...held }).toEqual({ role: role.name, relation: r.name, update: false, delete: false, truncate: false });
        await expect(role.sql.unsafe(`UPDATE ${r.name} SET ${r.column} = ${r.column}`), `${role.name} UPDATE ${r.name}`).rejects.toThrow(/permission denied|cannot/);
        await expect(role.sql.unsafe(`DELETE FROM ${r.name}`), `${role.name} DELETE ${r.name}`).rejects.toThrow(/permission denied|cannot/);
        await expect(role.sql.unsafe(`TRUNCATE ${r.name}`), `${role.name} TRUNCATE ${r.name}`).rejects.toThrow(/permission denied|cannot|is not a table/);
      }
    }
    expect(await everything()).toEqual(before);
  });

  it('INSERT: refused on every relation but a desk’s own four, and the reporting login inserts nowhere', { timeout: 120_000 }, async () => {
    const before = await everything();
    for (const role of roles) {
      const insertable: string[] = [];
      for (const r of await relations()) {
        const [held] = await superuser<{ insert: boolean }[]>`SELECT has_any_column_privilege(${role.name}, ${r.name}, 'INSERT') AS insert`;
        if (held?.insert === true) {
          insertable.push(r.name.replace(/^public\./, ''));
          continue;
        }
        await expect(role.sql.unsafe(`INSERT INTO ${r.name} DEFAULT VALUES`), `${role.name} INSERT ${r.name}`).rejects.toThrow(/permission denied|cannot/);
      }
      expect({ role: role.name, insertable }).toEqual({ role: role.name, insertable: role.kind === 'desk' ? DESK_INSERTS : [] });
    }
    expect(await everything()).toEqual(before);
  });

  it('into its own four, desk B cannot write as desk A, into desk A’s chain, or set what the server sets', { timeout: 60_000 }, async () => {
    const asB = roles.find((r) => r.name === 'desk_b')?.sql;
    if (asB === undefined) throw new Error('desk_b login');
    const before = await everything();
    const [state] = await superuser<{ body: Record<string, unknown> }[]>`SELECT to_jsonb(b) - 'org' AS body FROM bookings b WHERE id = ${bookingA}`;
    const cancelled = JSON.stringify({ ...state?.body, status: 'cancelled', updated_at: '2099-01-01T00:00:00.000Z' });
    const fact = (workstation: string, chainId: string, org = ORG) => asB`
      INSERT INTO record_facts (org, chain_id, outbox_seq, kind, row_id, workstation, user_id, body_text)
      VALUES (${org}, ${chainId}, 800000001, 'booking', ${bookingA}, ${workstation}, 'user-b', ${cancelled})`;
    const audit = (workstation: string, chainId: string) => asB`
      INSERT INTO audit_events (org, chain_id, seq, id, at, at_text, user_id, workstation, type, detail, detail_text, prev_hash, hash)
      VALUES (${ORG}, ${chainId}, 800000001, gen_random_uuid(), now(), 'x', 'u', ${workstation}, 'booking.cancelled', '{}', '{}', 'p', 'h')`;
    const attempts: [string, () => Promise<unknown>, RegExp][] = [
      ['a fact in desk A’s name, in its own chain', () => fact('DESK-FA', chainB), /row-level security/],
      ['a fact in desk A’s name and chain', () => fact('DESK-FA', chainA), /row-level security/],
      ['a fact in its own name in desk A’s chain', () => fact('DESK-FB', chainA), /row-level security/],
      ['a fact for another organisation', () => fact('DESK-FB', chainB, 'Y11111'), /row-level security|is not registered/],
      [
        'a fact with its own seq and hash',
        () => asB`INSERT INTO record_facts (org, chain_id, seq, outbox_seq, kind, row_id, workstation, user_id, body_text, body, prev_hash, hash)
          VALUES (${ORG}, ${chainB}, 1, 800000002, 'booking', ${bookingA}, 'DESK-FB', 'u', ${cancelled}, ${cancelled}::jsonb, 'p', 'h')`,
        /permission denied/,
      ],
      [
        'a fact whose body is about another row',
        () => asB`INSERT INTO record_facts (org, chain_id, outbox_seq, kind, row_id, workstation, user_id, body_text)
          VALUES (${ORG}, ${chainB}, 800000003, 'booking', 'another-booking', 'DESK-FB', 'u', ${cancelled})`,
        /whose id is its row_id/,
      ],
      ['an audit event in desk A’s name', () => audit('DESK-FA', chainB), /row-level security/],
      ['an audit event in desk A’s chain', () => audit('DESK-FB', chainA), /row-level security/],
      ['a chain registered as desk A', () => asB`INSERT INTO desks (org, chain_id, workstation) VALUES (${ORG}, 'chain-of-b-as-a', 'DESK-FA')`, /row-level security/],
      [
        'a chain registered with its heads already set',
        () => asB`INSERT INTO desks (org, chain_id, workstation, audit_head, fact_head) VALUES (${ORG}, 'chain-b-2', 'DESK-FB', 99, 99)`,
        /permission denied/,
      ],
      ['desk A’s chain taken over', () => asB`INSERT INTO desks (org, chain_id, workstation) VALUES (${ORG}, ${chainA}, 'DESK-FB') ON CONFLICT (org, chain_id) DO UPDATE SET workstation = 'DESK-FB'`, /permission denied/],
      ['a site for desk A’s chain', () => asB`INSERT INTO desk_sites (org, chain_id, workstation, site) VALUES (${ORG}, ${chainA}, 'DESK-FB', 'Elsewhere')`, /row-level security/],
      ['a site in desk A’s name', () => asB`INSERT INTO desk_sites (org, chain_id, workstation, site) VALUES (${ORG}, ${chainB}, 'DESK-FA', 'Elsewhere')`, /row-level security/],
      ['desk A’s case rewritten', () => asB`UPDATE cases SET family_upper = 'FORGED', nhs_number = '0000000000' WHERE id = ${caseA}`, /permission denied/],
      ['desk A’s booking moved to desk B', () => asB`UPDATE bookings SET workstation = 'DESK-FB' WHERE id = ${bookingA}`, /permission denied/],
    ];
    for (const [what, attempt, refusal] of attempts) await expect(attempt(), what).rejects.toThrow(refusal);
    expect(await everything()).toEqual(before);
  });

  it('a fact of desk B about desk A’s booking is B’s: the body cannot claim the owner or the actor', async () => {
    const asB = roles.find((r) => r.name === 'desk_b')?.sql;
    if (asB === undefined) throw new Error('desk_b login');
    const [state] = await superuser<{ body: Record<string, unknown> }[]>`SELECT to_jsonb(b) - 'org' AS body FROM bookings b WHERE id = ${bookingA}`;
    const claimed = JSON.stringify({
      ...state?.body, status: 'cancelled', updated_at: '2099-01-01T00:00:00.000Z',
      workstation: 'DESK-FB', user_id: 'user-b', updated_by_workstation: 'DESK-FA', updated_by_user: 'someone-on-a',
    });
    await asB`INSERT INTO record_facts (org, chain_id, outbox_seq, kind, row_id, workstation, user_id, body_text)
      VALUES (${ORG}, ${chainB}, 800000010, 'booking', ${bookingA}, 'DESK-FB', 'user-b', ${claimed})`;
    const [row] = await superuser`SELECT workstation, status, updated_by_workstation, updated_by_user FROM bookings WHERE id = ${bookingA}`;
    expect(row).toEqual({ workstation: 'DESK-FA', status: 'cancelled', updated_by_workstation: 'DESK-FB', updated_by_user: 'user-b' });
  });
});
