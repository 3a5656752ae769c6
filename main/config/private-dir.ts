import { chmodSync, mkdirSync } from 'node:fs';

/**
 * The data folder holds patient data (the store) and the logs: only its user may list or read it,
 * so nothing in it (files created later included) is reachable by another account on the machine.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(dir, 0o700);
}
