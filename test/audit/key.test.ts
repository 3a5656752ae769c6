import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileKeyProvider, sealedKeyProvider, type KeySealer } from '../../main/audit';

const dir = () => mkdtempSync(join(tmpdir(), 'bw-key-'));

/** A key store that really encrypts (AES-256-GCM under a key held in memory), as the OS one does. */
function memoryKeyStore(available = true): KeySealer & { setAvailable(v: boolean): void } {
  const storeKey = randomBytes(32);
  let on = available;
  return {
    setAvailable: (v) => {
      on = v;
    },
    available: () => Promise.resolve(on),
    seal: (plain) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', storeKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Promise.resolve(Buffer.concat([iv, c.getAuthTag(), body]));
    },
    unseal: (sealed) => {
      const d = createDecipheriv('aes-256-gcm', storeKey, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Promise.resolve(Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8'));
    },
  };
}

describe('the audit key', () => {
  it('browser build: created once on first start in a file only the user can read, then the same key', async () => {
    const path = join(dir(), 'audit-chain.key');
    const first = await fileKeyProvider(path).load();
    expect(first.created).toBe(true);
    expect(first.key).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = await fileKeyProvider(path).load();
    expect(again).toMatchObject({ created: false });
    expect(again.key.equals(first.key)).toBe(true);
  });

  it('a key file left readable by others is narrowed to 0600; a damaged one is refused, never replaced', async () => {
    const path = join(dir(), 'audit-chain.key');
    writeFileSync(path, 'ab'.repeat(32), { mode: 0o644 });
    await fileKeyProvider(path).load();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    writeFileSync(path, 'not a key');
    await expect(fileKeyProvider(path).load()).rejects.toThrow('not a key this app wrote');
    expect(readFileSync(path, 'utf8')).toBe('not a key');
  });

  it('Electron: sealed with the OS key store; the file on disk does not contain the key', async () => {
    const d = dir();
    const store = memoryKeyStore();
    const provider = sealedKeyProvider(join(d, 'audit-chain.key.sealed'), store, join(d, 'audit-chain.key'));
    const first = await provider.load();
    expect(first.created).toBe(true);
    expect(readFileSync(join(d, 'audit-chain.key.sealed'), 'utf8')).not.toContain(first.key.toString('hex'));
    expect(existsSync(join(d, 'audit-chain.key'))).toBe(false);
    const again = await provider.load();
    expect(again.key.equals(first.key)).toBe(true);
  });

  it('Electron: a key store that is missing at a later start does not lead to a second key', async () => {
    const d = dir();
    const store = memoryKeyStore();
    const provider = sealedKeyProvider(join(d, 'audit-chain.key.sealed'), store, join(d, 'audit-chain.key'));
    await provider.load();
    store.setAvailable(false);
    await expect(provider.load()).rejects.toThrow('not available');
    expect(existsSync(join(d, 'audit-chain.key'))).toBe(false);
  });

  it('Electron without a key store uses the 0600 key file, and keeps using it once one appears', async () => {
    const d = dir();
    const store = memoryKeyStore(false);
    const provider = sealedKeyProvider(join(d, 'audit-chain.key.sealed'), store, join(d, 'audit-chain.key'));
    const first = await provider.load();
    expect(statSync(join(d, 'audit-chain.key')).mode & 0o777).toBe(0o600);
    store.setAvailable(true);
    expect((await provider.load()).key.equals(first.key)).toBe(true);
    expect(existsSync(join(d, 'audit-chain.key.sealed'))).toBe(false);
  });
});
