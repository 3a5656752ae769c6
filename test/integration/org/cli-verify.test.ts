import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOrgVerify } from '../../../main/org/cli-verify';
import { bookOnDesk } from '../../support/desk-flow';
import { orgRecordSuite, uploaded, type Desk } from '../../support/org';
import { shouldRunPostgresTests } from '../../support/postgres';

describe.runIf(shouldRunPostgresTests())('npm run audit:verify -- --org (the command, against a real PostgreSQL)', () => {
  const suite = orgRecordSuite();
  const chainOf = (desk: Desk): string => desk.org?.outbox.chainId() ?? '';

  /** The admin's settings file (the superuser over TCP) and the env the command sees; the password only in env. */
  const adminEnv = (dir: string): NodeJS.ProcessEnv => {
    const settingsFile = join(dir, 'admin-settings.json');
    const org = { url: `postgres://127.0.0.1:${String(suite.pg.port)}/postgres`, user: 'postgres', passwordRef: 'env:BW_TEST_ADMIN_PW', sslmode: 'disable' };
    writeFileSync(settingsFile, JSON.stringify({ mode: 'sandbox', org }));
    return { BOOKING_WORKSTATION_SETTINGS: settingsFile, BW_TEST_ADMIN_PW: suite.pg.superuserPassword };
  };
  const run = async (args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string[]; err: string[] }> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runOrgVerify(['--org', ...args], { env, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };

  it('with one desk’s key: that chain is verified with its key, the other checked without key; an edited keyed row and a gap are named', { timeout: 120_000 }, async () => {
    const [a, b] = await Promise.all([suite.desk('DESK-VERIFY-A'), suite.desk('DESK-VERIFY-B')]);
    await Promise.all([bookOnDesk(a), bookOnDesk(b)]);
    await Promise.all([uploaded(a), uploaded(b)]);
    const env = adminEnv(a.dataDir);
    const keyList = join(a.dataDir, 'chain-keys.txt');
    writeFileSync(keyList, `# investigator's key list\n${chainOf(a)}  file:${join(a.dataDir, 'audit-chain.key')}\n`);

    const clean = await run(['--keys', keyList], env);
    expect(clean.err).toEqual([]);
    expect(clean.code).toBe(0);
    expect(clean.out.find((l) => l.includes(chainOf(a)))).toMatch(/^verified with key DESK-VERIFY-A /);
    expect(clean.out.find((l) => l.includes(chainOf(b)))).toMatch(/^checked without key \(links only\) DESK-VERIFY-B /);
    expect(clean.out.at(-1)).toMatch(/^OK: .* 0 failed, 1 checked without key/);

    // Keyed rows of both chains edited by a superuser with the triggers off; one of B's rows removed.
    const [keyedA] = await suite.admin<{ seq: number }[]>`SELECT max(seq)::int AS seq FROM audit_events WHERE chain_id = ${chainOf(a)}`;
    const [keyedB] = await suite.admin<{ seq: number }[]>`SELECT max(seq)::int AS seq FROM audit_events WHERE chain_id = ${chainOf(b)}`;
    await suite.admin.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx`UPDATE audit_events SET user_id = 'someone-else' WHERE chain_id = ${chainOf(a)} AND seq = ${keyedA?.seq ?? 0}`;
      await tx`UPDATE audit_events SET user_id = 'someone-else' WHERE chain_id = ${chainOf(b)} AND seq = ${keyedB?.seq ?? 0}`;
      await tx`DELETE FROM audit_events WHERE chain_id = ${chainOf(b)} AND seq = 3`;
    });
    const tampered = await run(['--keys', keyList], env);
    expect(tampered.code).toBe(1);
    expect(tampered.out).toContain(`FAILED DESK-VERIFY-A (chain ${chainOf(a)}, ${String(keyedA?.seq)} rows) row ${String(keyedA?.seq)}: content does not match its hash (the row was edited)`);
    // Without B's key its edit cannot be seen; the gap, and the row that no longer links, can.
    const nameB = `FAILED DESK-VERIFY-B (chain ${chainOf(b)}, ${String((keyedB?.seq ?? 0) - 1)} rows)`;
    expect(tampered.out.filter((l) => l.startsWith('FAILED DESK-VERIFY-B'))).toEqual([
      `${nameB} row 3: rows 3–3 are missing from the organisation record`,
      `${nameB} row 4: does not link to the row before it`,
    ]);
    expect(tampered.out.at(-1)).toMatch(/^TAMPERED: .* 2 failed/);
  });

  it('a key the list names but that cannot be read, or a key written into the list itself: a plain message, exit 2, no key echoed', async () => {
    const env = adminEnv(suite.pg.dir);
    const missing = join(suite.pg.dir, 'keys-missing.txt');
    writeFileSync(missing, `chain-1 file:${join(suite.pg.dir, 'no-such.key')}\n`);
    const noFile = await run(['--keys', missing], env);
    expect(noFile.code).toBe(2);
    expect(noFile.err.join('\n')).toMatch(/line 1: secret file:.*no-such\.key: /);

    const secret = 'a'.repeat(64);
    const pasted = join(suite.pg.dir, 'keys-pasted.txt');
    writeFileSync(pasted, `chain-1 ${secret}\n`);
    const inline = await run(['--keys', pasted], env);
    expect(inline.code).toBe(2);
    expect(inline.err.join('\n')).toMatch(/must be a secret reference/);
    expect(inline.err.join('\n')).not.toContain(secret);

    const onCommandLine = await run(['--key', secret], env);
    expect(onCommandLine.code).toBe(2);
    expect(onCommandLine.err.join('\n')).toMatch(/usage: npm run audit:verify -- --org \[--keys FILE\]/);
  });
});
