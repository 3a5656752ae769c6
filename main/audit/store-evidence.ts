import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { anchorFileFor } from './outside-anchor';
import { OUTSIDE_CHECK_FILE } from './outside-check';

function nonEmpty(path: string): boolean {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}

/**
 * What shows that a store existed in this data folder: the audit key, the head log, the
 * outside-check note, or this folder's anchor outside it. With `workstation.sqlite` gone, any
 * of these means the store was deleted or moved, not that this is a first start.
 */
export function storeEvidence(dataDir: string, anchorDir: string | undefined): string[] {
  const found: string[] = [];
  for (const name of ['audit-chain.key', 'audit-chain.key.sealed']) if (existsSync(join(dataDir, name))) found.push(`the audit key (${name})`);
  if (nonEmpty(join(dataDir, 'workstation.audit-head.log'))) found.push('the audit head log (workstation.audit-head.log)');
  if (existsSync(join(dataDir, OUTSIDE_CHECK_FILE))) found.push(`the note of the last outside check (${OUTSIDE_CHECK_FILE})`);
  if (anchorDir !== undefined) {
    const anchor = anchorFileFor(anchorDir, dataDir);
    if (existsSync(anchor)) found.push(`the record of the audit trail kept outside the data folder (${anchor})`);
  }
  return found;
}
