/**
 * `npm run audit:verify -- --org [--settings FILE] [--keys FILE]`: walks every workstation's audit chain in the
 * organisation record (seq continuity, links, hashes), every desk's chain of facts (central migration
 * 008) and the shared rows derived from them; exits 1 on a gap, an edited row or fact, or a shared row
 * that does not say what the facts say, 2 when it cannot check.
 *
 * The desks' chains are keyed (HMAC) from their keyed-start row on, and the keys stay on the
 * desks: without a chain's key only its links and continuity can be checked. An investigator
 * given some desks' keys names them in a key list, passed by path so no key is ever on a
 * command line (visible in `ps` and shell history):
 *
 *     # chain id                              secret reference to that desk's audit-chain.key (hex)
 *     0b6c2f0e-…                              file:/secure/keys/desk-17.key
 *     5d1a7c44-…                              env:DESK_18_AUDIT_KEY
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { deskLaunchOptions, DESK_OPTIONS } from '../app/launch-options';
import { loadSettings, resolveSecret, settingsPath } from '../config';
import { unreadableFileReason } from '../config/file-checks';
import { SecretRef } from '../config/settings-schema';
import { connectOrg, orgAdminLogin, orgConnectionOptions } from './connection';
import { centralHashWithChainKeys, verifyOrgAudit, type OrgChainReport } from './verify';
import { verifyDerivedRows, verifyOrgFacts, type DerivedRowProblem, type FactChainReport } from './verify-facts';

export interface OrgVerifyIo {
  env?: NodeJS.ProcessEnv;
  /** Where relative paths on the command line start from. */
  cwd?: string;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** A problem the user can fix (a bad argument or key list); printed as it is, exit 2. */
class CannotVerify extends Error {}

/** Reads the key list and every key it names; a key that cannot be read stops the run rather than silently checking less. */
export async function readChainKeys(path: string, env: NodeJS.ProcessEnv): Promise<Map<string, Buffer>> {
  const reason = unreadableFileReason(path);
  if (reason !== undefined) throw new CannotVerify(`key list ${path}: ${reason}`);
  const keys = new Map<string, Buffer>();
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `key list ${path} line ${String(index + 1)}`;
    const [chainId, ref, ...rest] = line.split(/\s+/);
    if (chainId === undefined || ref === undefined || rest.length > 0) throw new CannotVerify(`${where}: expected "<chain id> <secret reference>"`);
    if (!SecretRef.safeParse(ref).success || ref.startsWith('safe:')) {
      // Never echo the field: someone may have pasted the key itself here.
      throw new CannotVerify(`${where}: the key must be a secret reference (file:PATH or env:NAME), never the key itself`);
    }
    if (keys.has(chainId)) throw new CannotVerify(`${where}: chain ${chainId} is listed twice`);
    let hex: string;
    try {
      hex = await resolveSecret(ref, undefined, env);
    } catch (error) {
      throw new CannotVerify(`${where}: ${(error as Error).message}`);
    }
    if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) throw new CannotVerify(`${where}: ${ref} does not hold a hex key (a desk's audit-chain.key)`);
    keys.set(chainId, Buffer.from(hex, 'hex'));
  }
  return keys;
}

function describeChain(chain: OrgChainReport, withKey: boolean): string[] {
  const name = `${chain.workstation} (chain ${chain.chainId}, ${String(chain.checked)} rows)`;
  if (chain.problems.length > 0) return chain.problems.map((p) => `FAILED ${name} row ${String(p.seq)}: ${p.problem}`);
  if (chain.keyedFrom === undefined) return [`verified ${name}: no keyed rows, every row's hash checked`];
  if (withKey && chain.linksOnly === 0) return [`verified with key ${name}`];
  const hashed = chain.keyedFrom > 1 ? `; rows 1–${String(chain.keyedFrom - 1)} hash-checked` : '';
  return [`checked without key (links only) ${name}: rows from ${String(chain.keyedFrom)} on are keyed and no key was given${hashed}`];
}

function describeFacts(chain: FactChainReport): string[] {
  const name = `facts of ${chain.workstation} (chain ${chain.chainId}, ${String(chain.checked)} facts)`;
  if (chain.problems.length === 0) return [`verified ${name}: every fact's hash checked`];
  return chain.problems.map((p) => `FAILED ${name} fact ${String(p.seq)}${p.about === undefined ? '' : ` (${p.about})`}: ${p.problem}`);
}

function describeDerived(row: DerivedRowProblem): string {
  const name = `shared ${row.kind} ${row.id} (owner ${row.workstation})`;
  if (row.differs.includes('row removed')) return `FAILED ${name}: removed from the organisation record, though desks' facts describe it`;
  if (row.differs.includes("no desk's fact")) return `FAILED ${name}: no desk's fact describes it (it was written outside the facts)`;
  return `FAILED ${name}: ${row.differs.join(', ')} not as the desks' facts say (the row was changed outside them)`;
}

/** The command, callable from a test: returns the exit code instead of setting it. */
export async function runOrgVerify(args: readonly string[], io: OrgVerifyIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const out = io.out ?? ((line: string) => console.log(line));
  const err = io.err ?? ((line: string) => console.error(line));
  try {
    let keysPath: string | undefined;
    let settingsFile: string | undefined;
    try {
      // The desk's own options (--settings, --data-dir, --workstation) are accepted, so the command line that starts a desk also checks its organisation.
      const { values } = parseArgs({ args: [...args], options: { ...DESK_OPTIONS, org: { type: 'boolean' }, keys: { type: 'string' } }, strict: true, allowPositionals: false });
      keysPath = values.keys;
      settingsFile = deskLaunchOptions(values, io.cwd).settingsFile;
    } catch (error) {
      throw new CannotVerify(
        `${(error as Error).message}\nusage: npm run audit:verify -- --org [--keys FILE] [--settings FILE]   (FILE lists "<chain id> <file:PATH|env:NAME>" per line)`,
      );
    }
    const keys = keysPath === undefined ? new Map<string, Buffer>() : await readChainKeys(keysPath, env);
    const loaded = loadSettings(settingsFile ?? settingsPath(env));
    if (!loaded.ok) throw new CannotVerify(loaded.problems.map((p) => `${p.field}: ${p.message}`).join('\n'));
    const org = loaded.settings.org;
    if (org === undefined) throw new CannotVerify(`No organisation record (org.url) in ${loaded.source}.`);
    const login = orgAdminLogin(org, env);
    const sql = connectOrg(orgConnectionOptions(org, login.user, await resolveSecret(login.passwordRef, undefined, env)));
    try {
      const result = await verifyOrgAudit(sql, { hash: centralHashWithChainKeys(keys) });
      for (const chain of result.chains) for (const line of describeChain(chain, keys.has(chain.chainId))) out(line);
      const present = new Set(result.chains.map((c) => c.chainId));
      for (const chainId of keys.keys()) if (!present.has(chainId)) out(`note: the key list names chain ${chainId}, which is not in the organisation record`);
      const facts = await verifyOrgFacts(sql);
      for (const chain of facts) for (const line of describeFacts(chain)) out(line);
      const derived = await verifyDerivedRows(sql);
      for (const row of derived) out(describeDerived(row));
      const linksOnly = result.chains.filter((c) => c.problems.length === 0 && c.linksOnly > 0).length;
      const failed = result.chains.filter((c) => c.problems.length > 0).length + facts.filter((c) => c.problems.length > 0).length + derived.length;
      const ok = failed === 0;
      out(
        `${ok ? 'OK' : 'TAMPERED'}: ${String(result.checked)} audit events in ${String(result.chains.length)} workstation chains, ` +
          `${String(facts.reduce((n, c) => n + c.checked, 0))} facts in ${String(facts.length)} fact chains; ` +
          `${String(failed)} failed, ${String(linksOnly)} checked without key (links only)`,
      );
      return ok ? 0 : 1;
    } finally {
      await sql.end({ timeout: 2 });
    }
  } catch (error) {
    err(error instanceof CannotVerify ? error.message : `Cannot verify the organisation record: ${(error as Error).message}`);
    return 2;
  }
}
