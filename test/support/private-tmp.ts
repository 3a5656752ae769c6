/**
 * Vitest global setup: every temporary file and folder the tests (and the servers and browsers
 * they start) make goes into one folder of this run's own, removed when the run ends, whatever a
 * test forgot — also when vitest is run directly, not only through `npm test`.
 * 0711: the unprivileged PostgreSQL user the tests start must reach its own folder inside it.
 *
 * Vitest calls a global setup once for the root and once for each project: only the first call
 * makes the folder (nesting one per call made paths too long for Chromium's singleton socket,
 * which must fit in 108 bytes). `npm test` makes the folder itself and says so in
 * BW_TEST_TMPDIR, so it can count what tests left there.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const existing = process.env.BW_TEST_TMPDIR;
  if (existing && process.env.TMPDIR === existing) return () => {};
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'bw-vitest-'));
  chmodSync(dir, 0o711);
  process.env.TMPDIR = dir;
  process.env.BW_TEST_TMPDIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env.BW_TEST_TMPDIR;
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
