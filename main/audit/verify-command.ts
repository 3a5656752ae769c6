import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { deskLaunchOptions, DESK_OPTIONS, LaunchOptionError } from '../app/launch-options';
import { defaultDataDir } from '../config';
import { openDatabase, closeDatabase, type Db } from '../db/database';
import { HeadLog } from './head-log';
import { defaultAnchorDir, OutsideAnchor } from './outside-anchor';
import { lastOutsideCheck, ukDateTime } from './outside-check';
import { verifyAudit, verifyAuditChain, type VerifyResult } from './verify';

export interface AuditVerifyIo {
  env?: NodeJS.ProcessEnv;
  out?: (line: string) => void;
  err?: (line: string) => void;
  cwd?: string;
}

/** Exit codes: 0 checked out, 1 a finding (tampered, rolled back), 2 cannot check, 3 checked out but not verified against an outside anchor. */
export const NOT_VERIFIED_OUTSIDE = 3;

const USAGE =
  'usage: npm run audit:verify -- [PATH] [--data-dir DIR] [--settings FILE] [--key PATH] [--anchor-dir DIR]\n' +
  '       npm run audit:verify -- --org [--keys FILE] [--settings FILE]';

export const VERIFY_OPTIONS = {
  ...DESK_OPTIONS,
  key: { type: 'string' },
  'anchor-dir': { type: 'string' },
  org: { type: 'boolean' },
  keys: { type: 'string' },
} as const;

/** A command line this command cannot use: printed as it is, exit 2. */
export class VerifyUsageError extends Error {}

export function parseVerifyArgs(args: readonly string[]): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args: [...args], options: VERIFY_OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    throw new VerifyUsageError(`${(error as Error).message}\n${USAGE}`);
  }
}

/**
 * `npm run audit:verify`: checks the whole audit trail of one data folder (every row's hash or
 * MAC, the links, the count, the append-only guards, cases and bookings against the chain), the
 * head log beside the file and the per-user anchor outside the data folder. Opens everything
 * read-only. With `--org`, the organisation record's chains instead (main/org/cli-verify.ts).
 */
export async function runAuditVerify(args: readonly string[], io: AuditVerifyIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const out = io.out ?? ((line: string) => console.log(line));
  const err = io.err ?? ((line: string) => console.error(line));
  const cwd = io.cwd ?? process.cwd();
  let path: string;
  let keyPath: string | undefined;
  let anchorDir: string;
  try {
    const { values, positionals } = parseVerifyArgs(args);
    if (values.org === true) {
      const { runOrgVerify } = await import('../org/cli-verify');
      return await runOrgVerify(args, { env, out, err, cwd });
    }
    if (values.keys !== undefined) throw new VerifyUsageError(`--keys is for --org only\n${USAGE}`);
    if (positionals.length > 1) throw new VerifyUsageError(`one data file at most\n${USAGE}`);
    // --settings is accepted so the desk's own command line works; the check needs only its data folder.
    const desk = deskLaunchOptions(values, cwd);
    const positional = positionals[0];
    path = positional !== undefined ? resolve(cwd, positional) : join(desk.dataDir ?? defaultDataDir(env), 'workstation.sqlite');
    keyPath = typeof values.key === 'string' ? resolve(cwd, values.key) : undefined;
    anchorDir = typeof values['anchor-dir'] === 'string' ? resolve(cwd, values['anchor-dir']) : defaultAnchorDir(env);
  } catch (error) {
    if (error instanceof VerifyUsageError || error instanceof LaunchOptionError) {
      err(error.message);
      return 2;
    }
    throw error;
  }
  try {
    return await verifyFolder(path, keyPath, anchorDir, out);
  } catch (error) {
    err(`Cannot verify ${path}: ${(error as Error).message}`);
    return 2;
  }
}

async function verifyFolder(path: string, keyPath: string | undefined, anchorDir: string, out: (line: string) => void): Promise<number> {
  if (!existsSync(path)) throw new Error('there is no data file there');
  const dataDir = dirname(path);
  const keyFile = keyPath ?? join(dataDir, 'audit-chain.key');
  const key = existsSync(keyFile) ? Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex') : undefined;
  if (key === undefined) {
    out(`No audit key at ${keyFile}: only rows before the keyed chain, the links and the anchored row numbers can be checked (an Electron install seals its key; the app checks it all at start).`);
  }
  const db = openDatabase(path, { readonly: true });
  const headLog = new HeadLog(join(dataDir, 'workstation.audit-head.log'), { readonly: true });
  const outside = new OutsideAnchor(anchorDir, { dataDir, key, readonly: true });
  let result: VerifyResult;
  try {
    result = key === undefined ? await withoutKey(db, headLog, outside) : await verifyAudit(db, { key, anchors: [headLog, outside] });
  } finally {
    await headLog.close();
    await outside.close();
  }
  try {
    return report(result, path, anchorDir, outside, lastOutsideCheck(db, dataDir), out);
  } finally {
    closeDatabase(db);
  }
}

/** Without the key no MAC can be recomputed, but an anchor ahead of the file still shows a rollback. */
async function withoutKey(db: Db, headLog: HeadLog, outside: OutsideAnchor): Promise<VerifyResult> {
  const result = verifyAuditChain(db);
  const problems = [...result.problems];
  let rolledBack = false;
  const outsideMissing: string[] = [];
  const log = await headLog.latest().catch(() => undefined);
  let anchored: Awaited<ReturnType<OutsideAnchor['latest']>>;
  try {
    anchored = await outside.latest();
  } catch (error) {
    problems.push({ seq: 0, problem: `the ${outside.name} cannot be read: ${(error as Error).message}` });
  }
  if (anchored === undefined) outsideMissing.push(outside.name);
  for (const [name, point] of [['head log', log], [outside.name, anchored]] as const) {
    if (point !== undefined && point.seq > result.head) {
      rolledBack = true;
      problems.push({ seq: point.seq, problem: `the ${name} anchored row ${String(point.seq)} at ${point.at} but the file ends at row ${String(result.head)} (rolled back, truncated or replaced)` });
    }
  }
  if (anchored !== undefined && anchored.seq > (log?.seq ?? 0)) {
    rolledBack = true;
    problems.push({ seq: anchored.seq, problem: `the head log beside the database ends at row ${String(log?.seq ?? 0)} but the ${outside.name} anchored row ${String(anchored.seq)} (its last lines were removed, or it was replaced with an older copy)` });
  }
  // Row numbers alone: without the key a matching number is not proof, so the store is never "verified" against it here.
  return { ...result, ok: problems.length === 0, problems, outside: { verified: [], missing: outsideMissing }, ...(rolledBack ? { rolledBack } : {}) };
}

function report(result: VerifyResult, path: string, anchorDir: string, outside: OutsideAnchor, since: string | undefined, out: (line: string) => void): number {
  for (const p of result.problems) out(p.seq > 0 ? `row ${String(p.seq)}: ${p.problem}` : p.problem);
  const keyed = result.keyedFrom !== undefined ? `, keyed from row ${String(result.keyedFrom)}` : ', no keyed rows';
  const verifiedOutside = (result.outside?.verified.length ?? 0) > 0;
  const headline = !result.ok ? (result.rolledBack === true ? 'TAMPERED (rolled back)' : 'TAMPERED') : verifiedOutside || result.head === 0 ? 'OK' : 'NOT VERIFIED';
  out(`${headline}: ${String(result.checked)} audit events checked (rows 1–${String(result.head)}${keyed}) in ${path}`);
  const a = result.lastAnchored;
  out(a === undefined ? 'Last anchored point: none that matches' : `Last anchored point: row ${String(a.seq)} at ${a.at} (${a.anchor})`);
  if (!result.ok) return 1;
  if (verifiedOutside || result.head === 0) return 0;
  const when = since === undefined ? '' : ` since ${ukDateTime(since)}`;
  const why = outside.exists() ? 'it could be read but not checked without the audit key' : `there is none at ${outside.path} (anchors folder ${anchorDir})`;
  out(`Not verified against an outside anchor${when}: ${why}. A copy of older files put in place of these would not be noticed.`);
  return NOT_VERIFIED_OUTSIDE;
}
