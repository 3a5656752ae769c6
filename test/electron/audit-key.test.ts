import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetFakeElectron, safeStorage } from './fake-electron';
import { safeStorageAuditKey } from '../../main/electron/audit-key';

vi.mock('electron', () => import('./fake-electron'));

let dataDir: string;
const realPlatform = process.platform;

function onPlatform(platform: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value: platform, configurable: true });
}

beforeEach(() => {
  resetFakeElectron();
  dataDir = mkdtempSync(join(tmpdir(), 'bw-sealed-'));
});

afterEach(() => {
  onPlatform(realPlatform);
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every byte the app left in the data folder, to look for the plain key in. */
function everythingOnDisk(): string {
  return readdirSync(dataDir)
    .map((name) => readFileSync(join(dataDir, name)).toString('latin1'))
    .join('\n');
}

describe('the audit key sealed with the OS key store', () => {
  it('is sealed by safeStorage and the plain key is never written', async () => {
    onPlatform('win32');
    const loaded = await safeStorageAuditKey(dataDir).load();
    expect(loaded.created).toBe(true);
    expect(readdirSync(dataDir)).toEqual(['audit-chain.key.sealed']);
    const hex = loaded.key.toString('hex');
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledExactlyOnceWith(hex);
    const disk = everythingOnDisk();
    for (const plain of [hex, hex.toUpperCase(), loaded.key.toString('base64'), Buffer.from(hex).toString('base64')]) expect(disk).not.toContain(plain);
    if (realPlatform !== 'win32') expect(statSync(join(dataDir, 'audit-chain.key.sealed')).mode & 0o077).toBe(0);
  });

  it('is unsealed by safeStorage on the next start: the same key, not a new one', async () => {
    onPlatform('darwin');
    const first = await safeStorageAuditKey(dataDir).load();
    const again = await safeStorageAuditKey(dataDir).load();
    expect(again.created).toBe(false);
    expect(again.key.equals(first.key)).toBe(true);
    expect(safeStorage.decryptStringAsync).toHaveBeenCalledTimes(1);
  });

  it('is refused, plainly, when the key store that sealed it is no longer available (never replaced)', async () => {
    onPlatform('win32');
    await safeStorageAuditKey(dataDir).load();
    const before = everythingOnDisk();
    safeStorage.isAsyncEncryptionAvailable.mockImplementation(() => Promise.resolve(false));
    await expect(safeStorageAuditKey(dataDir).load()).rejects.toThrow('the OS key store that sealed the audit key is not available');
    expect(everythingOnDisk()).toBe(before);
    expect(existsSync(join(dataDir, 'audit-chain.key'))).toBe(false);
  });

  it('on Linux with only the fixed-password backend (basic_text), is never "sealed" with it', async () => {
    onPlatform('linux');
    safeStorage.backend = 'basic_text';
    const loaded = await safeStorageAuditKey(dataDir).load();
    expect(safeStorage.encryptStringAsync).not.toHaveBeenCalled();
    expect(readdirSync(dataDir)).toEqual(['audit-chain.key']);
    expect(loaded.where).toBe(join(dataDir, 'audit-chain.key'));
    if (realPlatform !== 'win32') expect(statSync(loaded.where).mode & 0o077).toBe(0);
  });

  it('with no key store at all, uses the private key file, as the browser build does', async () => {
    onPlatform('linux');
    safeStorage.isAsyncEncryptionAvailable.mockImplementation(() => Promise.resolve(false));
    await safeStorageAuditKey(dataDir).load();
    expect(safeStorage.encryptStringAsync).not.toHaveBeenCalled();
    expect(readdirSync(dataDir)).toEqual(['audit-chain.key']);
  });
});
