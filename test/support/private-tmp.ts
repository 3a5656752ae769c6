/**
 * Vitest global setup: every temporary file and folder the tests (and the servers and browsers
 * they start) make goes into one folder of this run's own, removed when the run ends, whatever a
 * test forgot — also when vitest is run directly, not only through `npm test`.
 * 0711: the unprivileged PostgreSQL user the tests start must reach its own folder inside it.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'bw-vitest-'));
  chmodSync(dir, 0o711);
  process.env.TMPDIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
