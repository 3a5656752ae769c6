import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetFakeElectron, safeStorage } from './fake-electron';
import { safeSecretReader } from '../../main/electron/safe-secrets';
import { resolveSecret } from '../../main/config';

vi.mock('electron', () => import('./fake-electron'));

let dataDir: string;

beforeEach(() => {
  resetFakeElectron();
  dataDir = mkdtempSync(join(tmpdir(), 'bw-sealed-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every byte in the data folder, to look for the plain secret in and to see nothing was written. */
function everythingOnDisk(): string {
  return readdirSync(dataDir)
    .map((name) => readFileSync(join(dataDir, name)).toString('latin1'))
    .join('\n');
}

describe('safe: secrets', () => {
  function storeSecrets(secrets: Record<string, string>): Promise<void> {
    return Promise.all(Object.entries(secrets).map(async ([name, value]) => [name, (await safeStorage.encryptStringAsync(value)).toString('base64')] as const)).then(
      (entries) => writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify(Object.fromEntries(entries))),
    );
  }

  it('are unsealed with safeStorage, and reading them writes nothing', async () => {
    await storeSecrets({ PROVIDER_KEY: 'hunter2-provider-key' });
    const before = everythingOnDisk();
    expect(before).not.toContain('hunter2-provider-key');
    await expect(resolveSecret('safe:PROVIDER_KEY', safeSecretReader(dataDir))).resolves.toBe('hunter2-provider-key');
    expect(safeStorage.decryptStringAsync).toHaveBeenCalledTimes(1);
    expect(readdirSync(dataDir)).toEqual(['secrets.json']);
    expect(everythingOnDisk()).toBe(before);
  });

  it('are refused with a plain reason when the key store is not available', async () => {
    await storeSecrets({ PROVIDER_KEY: 'hunter2-provider-key' });
    safeStorage.isAsyncEncryptionAvailable.mockImplementation(() => Promise.resolve(false));
    const refused = resolveSecret('safe:PROVIDER_KEY', safeSecretReader(dataDir));
    await expect(refused).rejects.toThrow("secret safe:PROVIDER_KEY: the computer's key store is not available to this user");
    await expect(refused).rejects.not.toThrow('hunter2');
    expect(safeStorage.decryptStringAsync).not.toHaveBeenCalled();
  });

  it.each([
    ['missing from the store', { OTHER: 'x' }, 'NOT_THERE'],
    ['named like an Object property', { OTHER: 'x' }, '__proto__'],
    ['named like an inherited method', { OTHER: 'x' }, 'toString'],
  ])('one %s is "not in the protected store"', async (_what, secrets, name) => {
    await storeSecrets(secrets);
    await expect(resolveSecret(`safe:${name}`, safeSecretReader(dataDir))).rejects.toThrow('not in the protected store');
  });

  it('a store that is not ours (tampered, or sealed by another user) yields nothing, not a crash', async () => {
    writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify({ PROVIDER_KEY: Buffer.from('plain text').toString('base64') }));
    await expect(safeSecretReader(dataDir)('PROVIDER_KEY')).resolves.toBeUndefined();
    writeFileSync(join(dataDir, 'secrets.json'), '{not json');
    await expect(safeSecretReader(dataDir)('PROVIDER_KEY')).resolves.toBeUndefined();
  });
});
