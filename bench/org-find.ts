/**
 * Find a booking in the organisation record: by NHS number and by family-name prefix with date
 * of birth, over 1,000,000 bookings (one per case) generated in PostgreSQL with generate_series,
 * each timed against a bare primary-key lookup on the same bookings table (the same columns a find
 * returns of it) in the same run.
 * Queries run as a desk login (row-level security on), exactly as main/org/find.ts sends them.
 */
import { createHash } from 'node:crypto';
import postgres from 'postgres';
import { findInOrgRecord } from '../main/org/find';
import { DESK_LOGIN, DESK_PASSWORD, ORG, prepareOrg } from '../test/support/org';
import { startTestPostgres } from '../test/support/postgres';
import { fmt, percentile } from './support';

const BOOKINGS = 1_000_000;
const SAMPLES = 400;
const SURNAMES = 5000;

/** One case and one booking per i; names, dates of birth and NHS numbers spread like a real population's. */
async function generate(admin: postgres.Sql): Promise<void> {
  await admin`
    INSERT INTO cases (org, id, workstation, user_id, chain_id, started_at, updated_at, status, family_upper, given, birth_date,
      nhs_number, phones, practice_ods, practice_name, doc, updated_by_workstation)
    SELECT ${ORG}, md5('case' || i)::uuid::text, 'DESK-' || (i % 300), 'user' || (i % 900), 'chain' || (i % 300),
      now() - (i % 90) * interval '1 day', now(), 'closed', 'SURNAME' || lpad((i % ${SURNAMES})::text, 4, '0'), 'Given',
      date '1930-01-01' + ((i::bigint * 7919) % 32000)::int, lpad((i * 10)::text, 10, '0'), ARRAY['07700' || lpad(i::text, 6, '0')], 'B82002', 'Practice',
      jsonb_build_object('id', md5('case' || i)::uuid::text, 'patient', jsonb_build_object('family', 'Surname', 'given', 'Given')),
      'DESK-' || (i % 300)
    FROM generate_series(1, ${BOOKINGS}) AS i`;
  await admin`
    INSERT INTO bookings (org, id, case_id, workstation, user_id, status, service_id, service_name, appointment_id, slot_start,
      created_at, updated_at, updated_by_workstation, updated_by_user, doc)
    SELECT ${ORG}, md5('booking' || i)::uuid::text, md5('case' || i)::uuid::text, 'DESK-' || (i % 300), 'user' || (i % 900),
      CASE WHEN i % 7 = 0 THEN 'cancelled' ELSE 'booked' END, (2000100000 + i % 40)::text, 'Service ' || (i % 40), 'A' || i,
      now() - (i % 90) * interval '1 day', now(), now(), 'DESK-' || (i % 300), 'user' || (i % 900),
      jsonb_build_object('id', md5('booking' || i)::uuid::text, 'status', 'booked')
    FROM generate_series(1, ${BOOKINGS}) AS i`;
  await admin`ANALYZE cases`;
  await admin`ANALYZE bookings`;
}

async function sample(n: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  return times;
}

/** The indexes a plan uses, to show that none of the finds scans the table. */
async function indexesUsed(sql: postgres.Sql, query: string, params: string[]): Promise<string> {
  const rows = await sql.unsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${query}`, params);
  const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
  const used = [...plan.matchAll(/(?:Index|Index Only|Bitmap Index) Scan (?:Backward )?(?:using|on) (\w+)/g)].map((m) => m[1]);
  return `${[...new Set(used)].join(', ') || 'none'}${/Seq Scan/.test(plan) ? ' + SEQ SCAN' : ''}`;
}

export async function run(): Promise<{ name: string; lines: string[] }> {
  const pg = await startTestPostgres();
  const lines: string[] = [];
  try {
    const admin = await prepareOrg(pg);
    // Central migration 004: a desk login reads its organisation's cases only once it is bound to a desk of it.
    await admin`INSERT INTO desk_logins (login, org, workstation) VALUES (${DESK_LOGIN}, ${ORG}, 'DESK-0') ON CONFLICT DO NOTHING`;
    const t0 = performance.now();
    await generate(admin);
    lines.push(`${BOOKINGS.toLocaleString('en-GB')} bookings and cases generated in ${fmt((performance.now() - t0) / 1000)} s`);
    const desk = postgres({ host: '127.0.0.1', port: pg.port, user: DESK_LOGIN, password: DESK_PASSWORD, database: 'postgres', max: 1, onnotice: () => undefined });
    try {
      const pick = (i: number): number => ((i * 104_729) % BOOKINGS) + 1;
      const nhs = (i: number): string => String(pick(i) * 10).padStart(10, '0');
      const person = (i: number): { familyPrefix: string; birthDate: string } => {
        const k = pick(i);
        const born = new Date(Date.UTC(1930, 0, 1) + ((k * 7919) % 32000) * 86_400_000).toISOString().slice(0, 10);
        return { familyPrefix: `SURNAME${String(k % SURNAMES).padStart(4, '0')}`.slice(0, 10), birthDate: born };
      };
      const bookingId = (i: number): string => {
        const hex = createHash('md5').update(`booking${String(pick(i))}`).digest('hex');
        return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      };
      const byId = (i: number): Promise<postgres.Row[]> => desk`SELECT doc, workstation, user_id, updated_at FROM bookings WHERE org = ${ORG} AND id = ${bookingId(i)}`;
      // Each of the three looks up its own rows, so none warms the pages another is about to read.
      const NAME = SAMPLES;
      const BARE = 2 * SAMPLES;
      const WARM = 3 * SAMPLES;
      for (let i = WARM; i < WARM + 50; i++) {
        await findInOrgRecord(desk, ORG, { nhsNumber: nhs(i) }, { timeoutMs: 30_000 });
        await findInOrgRecord(desk, ORG, person(i), { timeoutMs: 30_000 });
        await byId(i);
      }
      const byNhs: number[] = [];
      const byName: number[] = [];
      const bare: number[] = [];
      // Interleaved, so a noisy neighbour slows all three alike.
      for (let i = 0; i < SAMPLES; i++) {
        byNhs.push(...(await sample(1, async () => {
          const found = await findInOrgRecord(desk, ORG, { nhsNumber: nhs(i) }, { timeoutMs: 30_000 });
          if (found.length !== 1) throw new Error(`NHS number ${nhs(i)} found ${String(found.length)} bookings`);
        })));
        byName.push(...(await sample(1, async () => {
          const found = await findInOrgRecord(desk, ORG, person(NAME + i), { timeoutMs: 30_000 });
          if (found.length < 1) throw new Error('name and date of birth found nothing');
        })));
        bare.push(...(await sample(1, async () => {
          if ((await byId(BARE + i)).length !== 1) throw new Error('the primary-key lookup found no booking');
        })));
      }
      const join = 'SELECT b.doc, c.doc FROM bookings b JOIN cases c ON c.org = b.org AND c.id = b.case_id WHERE b.org = $1 AND';
      const nhsPlan = await indexesUsed(admin, `${join} c.nhs_number = $2 ORDER BY b.slot_start DESC LIMIT 50`, [ORG, nhs(1)]);
      const namePlan = await indexesUsed(admin, `${join} c.family_upper LIKE $2 AND c.birth_date = $3::date ORDER BY b.slot_start DESC LIMIT 50`, [ORG, `${person(1).familyPrefix}%`, person(1).birthDate]);
      const base = percentile(bare, 50);
      lines.push(`bare primary-key lookup (bookings): p50 ${fmt(base, 2)} ms`);
      lines.push(`find by NHS number: p50 ${fmt(percentile(byNhs, 50), 2)} ms, ratio ${fmt(percentile(byNhs, 50) / base, 2)}× (indexes: ${nhsPlan})`);
      lines.push(`find by family-name prefix + date of birth: p50 ${fmt(percentile(byName, 50), 2)} ms, ratio ${fmt(percentile(byName, 50) / base, 2)}× (indexes: ${namePlan})`);
      lines.push(`${String(SAMPLES)} samples each, interleaved, as a desk login (row-level security on)`);
    } finally {
      await desk.end({ timeout: 2 });
    }
  } finally {
    await pg.destroy();
  }
  return { name: 'Find a booking in the organisation record (PostgreSQL)', lines };
}
