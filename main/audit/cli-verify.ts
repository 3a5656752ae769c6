/**
 * `npm run audit:verify [path]`: checks the audit trail's hash chain and exits non-zero on any
 * edited or deleted row. Opens the file read-only.
 */
import { join } from "node:path";
import { defaultDataDir } from "../config";
import { openDatabase, closeDatabase } from "../db/database";
import { verifyAuditChain } from "./verify";

if (process.argv.includes("--org")) {
  // The organisation record: every workstation's chain, checked centrally (main/org/cli-verify.ts).
  await import("../org/cli-verify");
} else {
  verifyLocal();
}

function verifyLocal(): void {
  const path = process.argv[2] ?? join(defaultDataDir(), "workstation.sqlite");
  try {
    const db = openDatabase(path, { readonly: true });
    const result = verifyAuditChain(db);
    closeDatabase(db);
    for (const p of result.problems) console.log(`row ${p.seq}: ${p.problem}`);
    console.log(
      `${result.ok ? "OK" : "TAMPERED"}: ${result.checked} audit events checked in ${path}`,
    );
    process.exitCode = result.ok ? 0 : 1;
  } catch (error) {
    console.error(`Cannot verify ${path}: ${(error as Error).message}`);
    process.exitCode = 2;
  }
}
