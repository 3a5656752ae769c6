/**
 * The twelve consumer reports (rep-cons-01…12) over the organisation record in a real
 * PostgreSQL: 10,000,000 audit events over three months in the month-partitioned table, each
 * report (grouped by service, the whole range) timed against a bare `SELECT count(*)` of the
 * same table in the same run. Aim: every report ≤ 20× the count.
 *
 * The events are generated server-side (generate_series, one INSERT … SELECT per month, in
 * parallel) case by case, following the workflow's audit vocabulary (main/audit/event-types.ts)
 * and the mix of bench/reports.ts: 50 desks, 40 services, 200 practices. Hashes are placeholders
 * (the reports never read them); services are named from the loaded events by migration 005's backfill.
 */
import { migrateOrg } from '../main/org/migrate';
import { SERVICE_NAMES_BACKFILL } from '../main/org/migrations/005-reports';
import { OrgReportService, REPORTS } from '../main/reports';
import { startTestPostgres } from '../test/support/postgres';
import { fmt } from './support';

const ORG = 'BENCH1';
const EVENTS_AIMED = Number(process.env.BENCH_ORG_EVENTS ?? 10_000_000);
/** Events a generated case writes on average: 917,433 cases wrote 9,849,944 events with the mix below. */
const EVENTS_PER_CASE = 10.74;
const MONTHS = ['2026-04-01', '2026-05-01', '2026-06-01'] as const;
const FROM = '2026-04-01';
const TO = '2026-06-30';

/** One month of cases, each a row of random draws, spread into its events by a LATERAL VALUES list. */
function monthInsert(table: string, month: string, firstCase: number, cases: number): string {
  return `
    INSERT INTO ${table} (org, chain_id, seq, id, at, at_text, user_id, workstation, case_id, type, dos_service_id, outcome, detail, detail_text, prev_hash, hash)
    SELECT '${ORG}', 'chain-' || (c.n % 50), c.n * 20 + e.k, gen_random_uuid(), c.t0 + e.k * interval '37 seconds',
      to_char((c.t0 + e.k * interval '37 seconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'user-' || (c.n % 300), 'DESK-' || (c.n % 50), c.case_id, e.type, e.service, e.outcome, e.detail, e.detail::text, 'bench', 'bench'
    FROM (
      SELECT d.*, CASE WHEN d.r_alt < 0.8 THEN d.top ELSE (2000100000 + (d.r_other * 39)::int)::text END AS service,
        d.r_search < 0.9 AND d.inside + d.outside > 0 AS offered,
        d.r_search < 0.9 AND d.inside + d.outside > 0 AND d.bookable AND d.r_attempt < 0.75 AS attempted
      FROM (
        SELECT n, md5(n::text)::uuid::text AS case_id,
          timestamptz '${month} 00:00:00+00' + random() * (date '${month}' + interval '1 month' - date '${month}' - interval '2 hours') AS t0,
          (2000100000 + (random() * 39)::int)::text AS top, random() AS r_alt, random() AS r_other, random() < 0.85 AS bookable,
          random() AS r_search, CASE WHEN random() < 0.6 THEN 1 + (random() * 19)::int ELSE 0 END AS inside,
          (random() * 29)::int AS outside, random() AS r_attempt, random() AS r_result, random() AS r_refer, random() AS r_after,
          random() < 0.95 AS has_practice, (random() * 199)::int AS practice, random() AS r_message
        FROM generate_series(${firstCase}, ${firstCase + cases - 1}) AS n
      ) d
    ) c
    CROSS JOIN LATERAL (
      SELECT CASE WHEN NOT c.attempted THEN NULL WHEN c.r_result < 0.9 THEN 'booked' WHEN c.r_result < 0.95 THEN 'slot-taken' ELSE 'error' END AS booking
    ) b
    CROSS JOIN LATERAL (VALUES
      (1, 'case.opened', NULL, 'ok', jsonb_build_object('dispositionCode', 'Dx05', 'practiceOds', CASE WHEN c.has_practice THEN 'B8' || (2000 + c.practice) END)),
      (2, 'services.offered', NULL, 'ok', jsonb_build_object('services', jsonb_build_array(
        jsonb_build_object('serviceId', c.top, 'name', 'Service ' || c.top, 'rank', 1, 'bookable', true, 'bookingOnly', false),
        jsonb_build_object('serviceId', c.service, 'name', 'Service ' || c.service, 'rank', 2, 'bookable', c.bookable, 'bookingOnly', false)))),
      (3, 'service.chosen', c.service, 'ok', jsonb_build_object('rank', CASE WHEN c.service = c.top THEN 1 ELSE 2 END, 'bookable', c.bookable,
        'bookingOnly', false, 'topBookableServiceId', c.top, 'topBookableRank', 1)),
      (4, CASE WHEN c.bookable THEN 'slots.search.attempt' END, c.service, 'pending', '{}'::jsonb),
      (5, CASE WHEN c.bookable THEN 'provider.search.attempt' END, c.service, 'pending', '{}'::jsonb),
      (6, CASE WHEN c.bookable THEN 'provider.search.outcome' END, c.service, 'ok', '{}'::jsonb),
      (7, CASE WHEN c.bookable THEN 'slots.search.outcome' END, c.service,
        CASE WHEN c.offered THEN 'ok' WHEN c.r_search < 0.97 THEN 'no-slots' ELSE 'error' END,
        jsonb_build_object('slotsReturned', c.inside + c.outside, 'insideTimeframe', c.inside, 'outsideTimeframe', c.outside)),
      (8, CASE WHEN c.attempted AND c.inside = 0 THEN 'booking.out-of-timeframe-approved' END, c.service, 'approved', jsonb_build_object('bookingId', c.case_id)),
      (9, CASE WHEN c.attempted THEN 'booking.attempt' END, c.service, 'pending', jsonb_build_object('bookingId', c.case_id, 'outsideTimeframe', c.inside = 0)),
      (10, CASE WHEN c.attempted THEN 'provider.book.attempt' END, c.service, 'pending', '{}'::jsonb),
      (11, CASE WHEN c.attempted THEN 'provider.book.outcome' END, c.service, 'ok', '{}'::jsonb),
      (12, CASE WHEN c.attempted THEN 'booking.outcome' END, c.service, b.booking,
        jsonb_build_object('bookingId', c.case_id, 'outsideTimeframe', c.inside = 0) || CASE WHEN b.booking = 'booked' THEN '{}'::jsonb ELSE
          jsonb_build_object('errorCode', 'provider-unavailable', 'message', (ARRAY['The service could not be reached.', 'The service took too long to answer.', 'That appointment has just been taken.'])[1 + (c.r_message * 2.99)::int]) END),
      (13, CASE WHEN c.r_refer < 0.7 THEN 'referral.outcome' END, c.service, CASE WHEN c.r_refer < 0.665 THEN 'sent' ELSE 'failed' END,
        jsonb_build_object('referralId', c.case_id, 'documentId', c.case_id, 'booked', b.booking = 'booked')),
      (14, CASE WHEN b.booking = 'booked' AND c.r_after < 0.1 THEN 'booking.cancel.attempt' END, c.service, 'pending', jsonb_build_object('bookingId', c.case_id, 'sameEncounter', c.r_after < 0.06)),
      (15, CASE WHEN b.booking = 'booked' AND c.r_after < 0.1 THEN 'booking.cancel.outcome' END, c.service, CASE WHEN c.r_after < 0.095 THEN 'cancelled' ELSE 'error' END,
        jsonb_build_object('bookingId', c.case_id, 'sameEncounter', c.r_after < 0.06)),
      (16, CASE WHEN b.booking = 'booked' AND c.r_after >= 0.1 AND c.r_after < 0.15 THEN 'booking.rebook.outcome' END, c.service,
        CASE WHEN c.r_after < 0.145 THEN 'rebooked' ELSE 'not-booked' END, jsonb_build_object('fromBookingId', c.case_id)),
      (17, 'case.closed', NULL, 'ok', '{}'::jsonb)
    ) AS e(k, type, service, outcome, detail)
    WHERE e.type IS NOT NULL`;
}

async function timed(fn: () => Promise<unknown>, rounds = 3): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? Number.NaN;
}

export async function run(): Promise<{ name: string; lines: string[] }> {
  const pg = await startTestPostgres();
  try {
    const admin = pg.admin();
    // Partitions from July on: April to June are bulk-loaded as plain tables and attached, which
    // builds their indexes in one pass each (minutes faster than 10M indexed inserts).
    await migrateOrg(admin, { now: new Date('2026-07-15T00:00:00Z'), monthsBack: 0, monthsAhead: 1 });
    // The random draws vary the events per case by about 1%: aim a little over, so the table holds at least the aimed count.
    const casesPerMonth = Math.ceil((EVENTS_AIMED * 1.02) / EVENTS_PER_CASE / MONTHS.length);
    let t = performance.now();
    await Promise.all(
      MONTHS.map((month, i) =>
        admin.begin(async (tx) => {
          const table = `audit_events_${month.slice(0, 7).replace('-', '_')}`;
          const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString().slice(0, 10);
          await tx.unsafe(`SET LOCAL maintenance_work_mem = '256MB'`);
          await tx.unsafe(`CREATE TABLE ${table} (LIKE audit_events INCLUDING DEFAULTS)`);
          await tx.unsafe(monthInsert(table, month, i * casesPerMonth, casesPerMonth));
          await tx.unsafe(`ALTER TABLE audit_events ATTACH PARTITION ${table} FOR VALUES FROM ('${month} 00:00:00+00') TO ('${next} 00:00:00+00')`);
        }),
      ),
    );
    await admin.unsafe(SERVICE_NAMES_BACKFILL);
    await admin.unsafe('VACUUM (ANALYZE) audit_events');
    const generateMs = performance.now() - t;
    const [total] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_events`;
    const countMs = await timed(() => admin`SELECT count(*) FROM audit_events`);
    const reports = new OrgReportService(admin, { org: ORG, chainId: 'bench-reader', workstation: 'BENCH' });
    const lines = [
      `${(total?.n ?? 0).toLocaleString('en-GB')} events in ${MONTHS.length} monthly partitions (50 desks, 40 services, 200 practices); generated server-side and analysed in ${fmt(generateMs / 1000, 0)} s`,
      `bare SELECT count(*) FROM audit_events: ${fmt(countMs, 0)} ms (median of 3)`,
    ];
    t = performance.now();
    for (const def of REPORTS) {
      const ms = await timed(() => reports.run({ report: def.id, from: FROM, to: TO, groupBy: 'service', source: 'organisation' }));
      const ratio = ms / countMs;
      lines.push(`${def.id} by service, ${FROM}…${TO}: ${fmt(ms, 0)} ms, ratio ${fmt(ratio, 1)}× count(*) (aim ≤ 20×)${ratio > 20 ? ' — OVER AIM' : ''}`);
    }
    lines.push(`(reports took ${fmt((performance.now() - t) / 1000, 0)} s in all, median of 3 each)`);
    // The other groupings, once each: the grouping key is the only part of a report's SQL that differs.
    t = performance.now();
    for (const groupBy of ['practice', 'site', 'workstation'] as const) {
      const ratios: { id: string; ratio: number }[] = [];
      for (const def of REPORTS) {
        const ms = await timed(() => reports.run({ report: def.id, from: FROM, to: TO, groupBy, source: 'organisation' }), 1);
        ratios.push({ id: def.id, ratio: ms / countMs });
      }
      const worst = ratios.reduce((a, b) => (b.ratio > a.ratio ? b : a));
      const over = ratios.filter((r) => r.ratio > 20).map((r) => r.id);
      lines.push(
        `by ${groupBy}: ${ratios.map((r) => `${r.id.replace('rep-cons-', '')} ${fmt(r.ratio, 1)}×`).join(', ')}; worst ${worst.id} ${fmt(worst.ratio, 1)}× (aim ≤ 20×)${over.length > 0 ? ` — OVER AIM: ${over.join(', ')}` : ''}`,
      );
    }
    lines.push(`(other groupings took ${fmt((performance.now() - t) / 1000, 0)} s, one run each)`);
    return { name: 'Organisation reports rep-cons-01…12 over 10M partitioned events vs bare count(*)', lines };
  } finally {
    await pg.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) console.log((await run()).lines.join('\n'));
