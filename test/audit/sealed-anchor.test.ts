import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { anchorFileFor, fileKeyProvider, openAuditTrail, type AnchorSealer } from '../../main/audit';
import { closeDatabase, openDatabase } from '../../main/db/database';
import { clockStartingAt } from '../../main/workflow/clock';
import { WEEKDAY_AFTERNOON } from '../support/clock';

/** Stands in for Electron's safeStorage: one OS user's key store, which another user (or machine) does not have. */
function osKeyStore(): AnchorSealer {
  const key = randomBytes(32);
  return {
    seal: (plain) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Promise.resolve(Buffer.concat([iv, cipher.getAuthTag(), body]));
    },
    unseal: (sealed) => {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Promise.resolve(Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8'));
    },
  };
}

async function startWith(root: string, sealer: AnchorSealer) {
  const dataDir = join(root, 'data');
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(join(root, 'data', 'workstation.sqlite'));
  const trail = await openAuditTrail({
    db,
    identity: { userId: 'jsmith', workstation: 'ws-01' },
    now: clockStartingAt(WEEKDAY_AFTERNOON),
    key: fileKeyProvider(join(dataDir, 'audit-chain.key')),
    headLogPath: join(dataDir, 'workstation.audit-head.log'),
    outsideAnchor: { dir: join(root, 'anchors'), sealer },
  });
  return {
    trail,
    close: async () => {
      await trail.close();
      closeDatabase(db);
    },
  };
}

describe('the Electron anchor, sealed with the OS key store', () => {
  it('checks out with the same key store, and is refused when its seal is not this user’s', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bw-sealed-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const mine = osKeyStore();
    const first = await startWith(root, mine);
    first.trail.audit.append({ type: 'app.started', outcome: 'ok' });
    await first.close();
    const file = JSON.parse(readFileSync(anchorFileFor(join(root, 'anchors'), join(root, 'data')), 'utf8')) as { sealed?: string };
    expect(file.sealed).toMatch(/^[A-Za-z0-9+/]+=*$/);

    const again = await startWith(root, mine);
    expect(again.trail.status).toMatchObject({ ok: true });
    await again.close();

    const other = await startWith(root, osKeyStore());
    expect(other.trail.status.ok).toBe(false);
    expect(other.trail.start.problems.map((p) => p.problem).join('\n')).toContain('not sealed by this user');
    await other.close();
  });
});
