import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOrgVerify } from '../../../main/org/cli-verify';
import { bookOnDesk } from '../../support/desk-flow';
import { orgRecordSuite, uploaded, type Desk } from '../../support/org';
import { shouldRunPostgresTests } from '../../support/postgres';

describe.runIf(shouldRunPostgresTests())('npm run audit:verify -- --org checks every desk’s facts and the shared rows made from them', () => {
  const suite = orgRecordSuite();
  const chainOf = (desk: Desk): string => desk.org?.outbox.chainId() ?? '';

  const run = async (dir: string): Promise<{ code: number; out: string[]; err: string[] }> => {
    const settingsFile = join(dir, 'admin-settings.json');
    const org = { url: `postgres://127.0.0.1:${String(suite.pg.port)}/postgres`, user: 'postgres', passwordRef: 'env:BW_TEST_ADMIN_PW', sslmode: 'disable' };
    writeFileSync(settingsFile, JSON.stringify({ mode: 'sandbox', org }));
    const out: string[] = [];
    const err: string[] = [];
    const env = { BW_TEST_ADMIN_PW: suite.pg.superuserPassword };
    const code = await runOrgVerify(['--org', '--settings', settingsFile], { env, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };

  it('a superuser’s edit of a fact, of its searchable copy, of a shared booking or case, or the tail of a chain cut off: exit 1, each named with its desk', { timeout: 120_000 }, async () => {
    const [a, b] = await Promise.all([suite.desk('DESK-FACT-A'), suite.desk('DESK-FACT-B')]);
    const [bookedA] = await Promise.all([bookOnDesk(a), bookOnDesk(b)]);
    await Promise.all([uploaded(a), uploaded(b)]);
    for (const desk of [a, b]) await desk.org?.pusher?.stop();

    const clean = await run(a.dataDir);
    expect(clean.err).toEqual([]);
    expect(clean.code).toBe(0);
    const [countA] = await suite.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM record_facts WHERE chain_id = ${chainOf(a)}`;
    const [countB] = await suite.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM record_facts WHERE chain_id = ${chainOf(b)}`;
    const nameA = `facts of DESK-FACT-A (chain ${chainOf(a)}, ${String(countA?.n)} facts)`;
    expect(clean.out).toContain(`verified ${nameA}: every fact's hash checked`);
    expect(clean.out.at(-1)).toMatch(/^OK: .* facts in 2 fact chains; 0 failed/);

    // What the adversarial run did to desk A's rows, now as the superuser with every trigger off.
    const bookingId = bookedA.booking.id;
    const [fact] = await suite.admin<{ seq: number }[]>`
      SELECT max(seq)::int AS seq FROM record_facts WHERE chain_id = ${chainOf(a)} AND kind = 'booking' AND row_id = ${bookingId}`;
    const [caseFact] = await suite.admin<{ seq: number }[]>`
      SELECT min(seq)::int AS seq FROM record_facts WHERE chain_id = ${chainOf(a)} AND kind = 'case'`;
    await suite.admin.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx`UPDATE record_facts SET body_text = replace(body_text, '"booked"', '"cancelled"') WHERE chain_id = ${chainOf(a)} AND seq = ${fact?.seq ?? 0}`;
      await tx`UPDATE record_facts SET body = body || '{"nhs_number": "0000000000"}' WHERE chain_id = ${chainOf(a)} AND seq = ${caseFact?.seq ?? 0}`;
      await tx`UPDATE bookings SET workstation = 'DESK-FACT-B', status = 'cancelled' WHERE id = ${bookingId}`;
      await tx`UPDATE cases SET family_upper = 'FORGED', nhs_number = '0000000000' WHERE id = ${bookedA.caseId}`;
      await tx`DELETE FROM record_facts WHERE chain_id = ${chainOf(b)} AND seq = ${countB?.n ?? 0}`;
    });

    const tampered = await run(a.dataDir);
    expect(tampered.err).toEqual([]);
    expect(tampered.code).toBe(1);
    expect(tampered.out).toContain(
      `FAILED ${nameA} fact ${String(fact?.seq)} (booking ${bookingId}, by DESK-FACT-A): content does not match its hash (the fact was edited)`,
    );
    expect(tampered.out).toContain(
      `FAILED ${nameA} fact ${String(caseFact?.seq)} (case ${bookedA.caseId}, by DESK-FACT-A): its searchable copy differs from the text that was hashed (the fact was edited)`,
    );
    const last = countB?.n ?? 0;
    expect(tampered.out).toContain(
      `FAILED facts of DESK-FACT-B (chain ${chainOf(b)}, ${String(last - 1)} facts) fact ${String(last)}: facts ${String(last)}–${String(last)} at the end are missing from the organisation record (the server numbered up to fact ${String(last)})`,
    );
    expect(tampered.out).toContain(`FAILED shared booking ${bookingId} (owner DESK-FACT-B): owner, status not as the desks' facts say (the row was changed outside them)`);
    expect(tampered.out).toContain(`FAILED shared case ${bookedA.caseId} (owner DESK-FACT-A): patient name, NHS number not as the desks' facts say (the row was changed outside them)`);
    expect(tampered.out.at(-1)).toMatch(/^TAMPERED: .* 4 failed/);
  });
});
