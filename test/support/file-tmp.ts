/**
 * Vitest setup file: each test file gets a temporary folder of its own inside the run's (see
 * private-tmp.ts), and the folder goes when the file's tests are done — whatever a test, a server
 * it started or a browser it drove made there. Registered before the file's own hooks, so it runs
 * after them (vitest runs afterAll hooks last-registered first): a file's own cleanup still sees
 * its files. 0711 as the run's folder, for the unprivileged PostgreSQL user.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const previous = process.env.TMPDIR;
const mine = mkdtempSync(join(tmpdir(), 'f-'));
chmodSync(mine, 0o711);
process.env.TMPDIR = mine;

afterAll(() => {
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
  rmSync(mine, { recursive: true, force: true, maxRetries: 3 });
});
