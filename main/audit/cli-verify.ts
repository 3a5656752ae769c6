/**
 * `npm run audit:verify -- [PATH] [--data-dir DIR] [--settings FILE] [--key PATH] [--anchor-dir DIR]`
 * checks one data folder's audit trail against the head log beside it and the per-user anchor
 * outside it; `--org [--settings FILE] [--keys FILE]` checks the organisation record's chains.
 * Exits 0 when it checks out, 1 on any finding (tampered, rolled back), 2 when it cannot check,
 * 3 when the trail checks out but no outside anchor vouches for it. See verify-command.ts.
 */
import { runAuditVerify } from './verify-command';

process.exitCode = await runAuditVerify(process.argv.slice(2));
