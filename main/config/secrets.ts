import { readFileSync } from 'node:fs';
import type { SecretRef } from './settings-schema';
import { unreadableFileReason } from './file-checks';

/** Resolves `safe:` references; only the Electron shell can (safeStorage), so it injects this. */
export type SafeSecretReader = (name: string) => Promise<string | undefined>;

/** Reads a secret only when it is needed; the value is never logged or returned to the renderer. */
export async function resolveSecret(ref: SecretRef, readSafe?: SafeSecretReader, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const colon = ref.indexOf(':');
  const kind = ref.slice(0, colon);
  const name = ref.slice(colon + 1);
  switch (kind) {
    case 'env': {
      const value = env[name];
      if (value === undefined || value === '') throw new Error(`secret ${ref}: environment variable is not set`);
      return value;
    }
    case 'file': {
      const reason = unreadableFileReason(name);
      if (reason !== undefined) throw new Error(`secret ${ref}: ${reason}`);
      try {
        return readFileSync(name, 'utf8').trim();
      } catch (error) {
        throw new Error(`secret ${ref}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be read'}`, { cause: error });
      }
    }
    case 'safe': {
      const value = await readSafe?.(name);
      if (value === undefined) throw new Error(`secret ${ref}: not in the protected store (only the desktop app can read it)`);
      return value;
    }
    default:
      throw new Error(`secret reference ${kind}: is not a known kind`);
  }
}
