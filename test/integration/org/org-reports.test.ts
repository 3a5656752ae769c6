import fc from 'fast-check';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrgOutbox } from '../../../main/org/outbox';
import { pushBatch } from '../../../main/org/push-batch';
import { OrgReportService, REPORTS, type OrgReportDesk } from '../../../main/reports';
import type { ReportGrouping, ReportQuery } from '../../../preload/contract';
import { DESK_LOGIN, DESK_PASSWORD, ORG, prepareOrg, registerDesk } from '../../support/org';
import { shouldRunPostgresTests, startTestPostgres, type TestPostgres } from '../../support/postgres';
import { history } from '../../reports/history';

const SERVICES = ['S1', 'S2', 'S3'] as const;
const NAMES = ['Leeds UTC', 'Harrogate UTC', 'Wakefield GP Out of Hours'] as const;

/** One step a call handler takes in a case, as the workflow audits it. */
const step = fc.oneof(
  fc.record({ kind: fc.constant('search' as const), service: fc.constantFrom(...SERVICES), outcome: fc.constantFrom('ok' as const, 'no-slots' as const, 'error' as const), inside: fc.nat(3), outside: fc.nat(3) }),
  fc.record({
    kind: fc.constant('book' as const),
    service: fc.constantFrom(...SERVICES),
    outcome: fc.constantFrom('booked' as const, 'slot-taken' as const, 'error' as const, 'unknown' as const),
    outside: fc.boolean(),
    message: fc.constantFrom('The service could not be reached.', 'That appointment has just been taken.'),
  }),
  fc.record({ kind: fc.constant('refer' as const), service: fc.constantFrom(...SERVICES), outcome: fc.constantFrom('sent' as const, 'failed' as const), booked: fc.boolean() }),
  fc.record({ kind: fc.constant('choose' as const), service: fc.constantFrom(...SERVICES), top: fc.constantFrom<string | null>(...SERVICES, null), bookable: fc.boolean() }),
  fc.record({ kind: fc.constant('cancel' as const), service: fc.constantFrom(...SERVICES), booking: fc.nat(2), same: fc.boolean(), ok: fc.boolean() }),
  fc.record({
    kind: fc.constant('rebook' as const),
    service: fc.constantFrom(...SERVICES),
    booking: fc.nat(2),
    outcome: fc.constantFrom('done' as const, 'old-not-cancelled' as const, 'not-booked' as const),
  }),
);

/** Cases opened across the spring clock change (29 March 2026), minutes to hours apart, some at 23:xx UTC. */
const caseScript = fc.record({
  practice: fc.constantFrom<string | null>('A81001', 'B82002', null),
  gapMinutes: fc.integer({ min: 1, max: 600 }),
  steps: fc.array(fc.record({ step, minutes: fc.integer({ min: 0, max: 90 }) }), { maxLength: 8 }),
});

describe.runIf(shouldRunPostgresTests())('organisation reports over PostgreSQL agree with the desk’s SQLite reports', () => {
  let pg: TestPostgres;
  let admin: postgres.Sql;
  let run = 0;
  beforeAll(async () => {
    pg = await startTestPostgres();
    admin = await prepareOrg(pg);
  });
  afterAll(async () => {
    await pg.destroy();
  });

  /** Queues the history's audit trail in the desk's outbox and uploads it in the pusher's batches, as a desk would. */
  async function pushed(h: ReturnType<typeof history>, org: string, workstation = 'ws-test'): Promise<OrgReportDesk> {
    const outbox = new OrgOutbox(h.db);
    outbox.enable({ workstation, userId: 'tester' });
    const desk = { org, chainId: outbox.chainId(), workstation };
    const queued = outbox.peek(100_000);
    expect(queued.filter((r) => r.kind === 'audit').length).toBe((h.db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n);
    for (let i = 0; i < queued.length; i += 50) await pushBatch(admin, desk, queued.slice(i, i + 50));
    return desk;
  }

  it('an event at 23:30 UTC in summer time counts on the next UK day centrally too, named by the directory’s name', async () => {
    const h = history('2026-03-30T23:30:00.000Z').openCase('c1').offer('c1', [{ serviceId: 'S1', name: 'Leeds UTC' }]).search('c1', 'S1', 'ok', 2, 1).book('c1', 'S1', 'b1');
    const desk = await pushed(h, 'SUMMER');
    const table = await new OrgReportService(admin, desk).run({ report: 'rep-cons-01', from: '2026-03-30', to: '2026-03-31', groupBy: 'service', source: 'organisation' });
    expect(table.trend).toEqual([{ day: '2026-03-30', value: 0 }, { day: '2026-03-31', value: 1 }]);
    expect(table.rows).toEqual([{ group: 'S1', serviceName: 'Leeds UTC', bookings: 1, referrals: 0, referralsAfterBooking: 0 }]);
  });

  it('a desk’s own login uploads and reads its organisation’s reports: services named by the trigger, other organisations unseen', async () => {
    const desk = postgres({ host: '127.0.0.1', port: pg.port, user: DESK_LOGIN, password: DESK_PASSWORD, database: 'postgres', max: 1, onnotice: () => undefined });
    try {
      await registerDesk(pg, 'ws-test');
      const h = history('2026-06-10T09:00:00.000Z').openCase('d1').offer('d1', [{ serviceId: 'S9', name: 'Otley Minor Injuries' }]).book('d1', 'S9', 'db1');
      const outbox = new OrgOutbox(h.db);
      outbox.enable({ workstation: 'ws-test', userId: 'tester' });
      const identity = { org: ORG, chainId: outbox.chainId(), workstation: 'ws-test' };
      await pushBatch(desk, identity, outbox.peek(1000));
      await pushed(history('2026-06-10T09:00:00.000Z').openCase('o1').book('o1', 'S9', 'ob1'), 'OTHER1');
      const query = { report: 'rep-cons-01', from: '2026-06-01', to: '2026-06-30', groupBy: 'service', source: 'organisation' } as const;
      // A desk login reads what Find needs, never the audit trail, until IT grants it the reporting role.
      await expect(new OrgReportService(desk, identity).run(query)).rejects.toMatchObject({
        code: 'org-unreachable',
        message: expect.stringContaining('may not read the organisation’s reports') as unknown,
      });
      await admin.unsafe(`GRANT bw_reporting TO ${DESK_LOGIN}`);
      const table = await new OrgReportService(desk, { ...identity, site: 'Otley' }).run(query);
      expect(table.rows).toEqual([{ group: 'S9', serviceName: 'Otley Minor Injuries', bookings: 1, referrals: 0, referralsAfterBooking: 0 }]);
      const [row] = await admin<{ site: string }[]>`SELECT site FROM desks WHERE org = ${ORG} AND chain_id = ${identity.chainId}`;
      expect(row?.site).toBe('Otley');
    } finally {
      await desk.end({ timeout: 1 });
    }
  });

  it('groups the whole organisation by each desk’s configured site, or by workstation', async () => {
    const bookings = (n: number, prefix: string) => {
      const h = history('2026-06-10T09:00:00.000Z');
      for (let i = 0; i < n; i++) h.openCase(`${prefix}${String(i)}`).book(`${prefix}${String(i)}`, 'S1', `${prefix}b${String(i)}`);
      return h;
    };
    const leeds = { ...(await pushed(bookings(2, 'a'), 'SITES', 'DESK-A')), site: 'Leeds call centre' };
    const york = { ...(await pushed(bookings(1, 'b'), 'SITES', 'DESK-B')), site: 'York call centre' };
    await pushed(bookings(1, 'c'), 'SITES', 'DESK-C'); // no site configured
    await new OrgReportService(admin, york).recordSite();
    const reports = new OrgReportService(admin, leeds);
    const run = async (groupBy: ReportGrouping) =>
      (await reports.run({ report: 'rep-cons-01', from: '2026-06-01', to: '2026-06-30', groupBy, source: 'organisation' })).rows.map((r) => [r.group, r.bookings]);
    expect(await run('site')).toEqual([['Leeds call centre', 2], ['(site not recorded)', 1], ['York call centre', 1]]);
    expect(await run('workstation')).toEqual([['DESK-A', 2], ['DESK-B', 1], ['DESK-C', 1]]);
  });

  it('for random histories pushed through the outbox, every report has the same rows, totals and trend', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(caseScript, { minLength: 1, maxLength: 12 }), fc.constantFrom<ReportGrouping>('service', 'practice', 'user'), async (cases, groupBy) => {
        const org = `P${String(++run).padStart(5, '0')}`;
        let clock = Date.parse('2026-03-27T21:00:00.000Z');
        const h = history(new Date(clock).toISOString());
        cases.forEach((c, i) => {
          const caseId = `c${String(i)}`;
          clock += c.gapMinutes * 60_000;
          h.at(new Date(clock).toISOString()).openCase(caseId, c.practice).offer(caseId, SERVICES.map((serviceId, n) => ({ serviceId, name: NAMES[n] ?? serviceId })));
          for (const { step: s, minutes } of c.steps) {
            clock += minutes * 60_000 + 1000;
            h.at(new Date(clock).toISOString());
            switch (s.kind) {
              case 'search':
                h.search(caseId, s.service, s.outcome, s.inside, s.outside);
                break;
              case 'book':
                h.book(caseId, s.service, `${caseId}-b${String(clock)}`, { outcome: s.outcome, outside: s.outside, message: s.message });
                break;
              case 'refer':
                h.refer(caseId, s.service, s.outcome, s.booked);
                break;
              case 'choose':
                h.choose(caseId, s.service, { top: s.top, bookable: s.bookable });
                break;
              case 'cancel':
                h.cancel(caseId, s.service, `${caseId}-b${String(s.booking)}`, s.same, s.ok ? 'cancelled' : 'error');
                break;
              case 'rebook':
                h.rebook(caseId, s.service, `${caseId}-b${String(s.booking)}`, `${caseId}-r${String(clock)}`, s.outcome);
                break;
            }
          }
        });
        const desk = await pushed(h, org);
        const central = new OrgReportService(admin, desk);
        for (const [from, to] of [['2026-03-27', '2026-04-06'], ['2026-03-28', '2026-03-29']] as const) {
          for (const def of REPORTS) {
            const query: ReportQuery = { report: def.id, from, to, groupBy };
            const onDesk = h.reports.run(query);
            const inOrg = await central.run({ ...query, source: 'organisation' });
            expect(inOrg).toEqual({ ...onDesk, source: 'organisation' });
          }
        }
      }),
      // A failing history is reported as found: shrinking re-runs 24 reports on PostgreSQL per step.
      { numRuns: 25, endOnFailure: true },
    );
  });
});
