/**
 * `npm run audit:verify [path] [--key PATH]`: checks the whole audit trail (every row's hash or
 * MAC, the links, the count, the append-only guards, cases and bookings against the chain, and
 * the head log beside the file) and reports the last anchored point. Exits 1 on any finding,
 * 2 when it cannot check. Opens the database and the head log read-only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultDataDir } from '../config';
import { openDatabase, closeDatabase } from '../db/database';
import { HeadLog } from './head-log';
import { verifyAudit, verifyAuditChain, type VerifyResult } from './verify';

const args = process.argv.slice(2);
const keyFlag = args.indexOf('--key');
const keyPath = keyFlag >= 0 ? args[keyFlag + 1] : undefined;
const path =
  args.find(
    (a, i) => !a.startsWith('--') && (keyFlag < 0 || i !== keyFlag + 1),
  ) ?? join(defaultDataDir(), 'workstation.sqlite');

async function main(): Promise<number> {
  const keyFile = keyPath ?? join(dirname(path), 'audit-chain.key');
  const key = existsSync(keyFile)
    ? Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex')
    : undefined;
  if (key === undefined)
    console.log(
      `No audit key at ${keyFile}: only rows before the keyed chain and the links can be checked (an Electron install seals its key; the app checks it at start).`,
    );
  const db = openDatabase(path, { readonly: true });
  const headLog = new HeadLog(
    join(dirname(path), 'workstation.audit-head.log'),
    { readonly: true },
  );
  let result: VerifyResult;
  try {
    result =
      key === undefined
        ? verifyAuditChain(db)
        : await verifyAudit(db, { key, anchors: [headLog] });
  } finally {
    await headLog.close();
    closeDatabase(db);
  }
  for (const p of result.problems)
    console.log(p.seq > 0 ? `row ${String(p.seq)}: ${p.problem}` : p.problem);
  const keyed =
    result.keyedFrom !== undefined
      ? `, keyed from row ${String(result.keyedFrom)}`
      : ', no keyed rows';
  console.log(
    `${result.ok ? 'OK' : 'TAMPERED'}: ${String(result.checked)} audit events checked (rows 1–${String(result.head)}${keyed}) in ${path}`,
  );
  const a = result.lastAnchored;
  console.log(
    a === undefined
      ? 'Last anchored point: none that matches'
      : `Last anchored point: row ${String(a.seq)} at ${a.at} (${a.anchor})`,
  );
  return result.ok ? 0 : 1;
}

if (args.includes('--org')) {
  // The organisation record: every workstation's chain, checked centrally.
  const { runOrgVerify } = await import('../org/cli-verify');
  process.exitCode = await runOrgVerify(args);
} else {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`Cannot verify ${path}: ${(error as Error).message}`);
      process.exitCode = 2;
    },
  );
}
