import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { SessionInfo } from '../../preload/contract';
import { createApp } from '../../main/app/create-app';
import { silentLogger } from '../../main/log/logger';
import { clockStartingAt } from '../../main/workflow/clock';
import { WEEKDAY_AFTERNOON } from '../support/clock';
import { patientWithNhsNumber } from '../support/patients';

function folders() {
  const root = mkdtempSync(join(tmpdir(), 'bw-missing-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  return { root, dataDir: join(root, 'data'), anchorDir: join(root, 'user-config', 'anchors') };
}

function start(f: ReturnType<typeof folders>) {
  return createApp({
    dataDir: f.dataDir,
    settingsFile: join(f.root, 'none.json'),
    logger: silentLogger(),
    clock: clockStartingAt(WEEKDAY_AFTERNOON),
    auditAnchorDir: f.anchorDir,
  });
}

async function deskWithOneCase(f: ReturnType<typeof folders>): Promise<void> {
  const app = await start(f);
  const started = await app.dispatch('case:start', { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' }, { transport: 'ipc' });
  expect(started.ok).toBe(true);
  await app.close();
}

function deleteStore(dataDir: string): void {
  for (const name of readdirSync(dataDir)) if (name.startsWith('workstation.sqlite')) rmSync(join(dataDir, name));
}

describe('a deleted data file', () => {
  it('refuses to start with a plain "store missing" screen, not a new empty store, and says what to do', async () => {
    const f = folders();
    await deskWithOneCase(f);
    deleteStore(f.dataDir);

    const app = await start(f);
    expect(app.startupProblem?.kind).toBe('store-missing');
    expect(app.startupProblem?.message).toContain('workstation.sqlite');
    expect(app.startupProblem?.message).toContain('the audit key (audit-chain.key)');
    expect(app.startupProblem?.message).toContain('workstation.audit-head.log');
    expect(app.startupProblem?.action).toContain('restore the latest backup');
    expect(app.startupProblem?.action).toContain('together');
    expect(app.startupProblem?.action).toContain('IT service desk');
    const session = await app.dispatch('session:get', {}, { transport: 'ipc' });
    expect(session.ok && (session.value as SessionInfo).startupProblem?.kind).toBe('store-missing');
    const list = await app.dispatch('case:list', {}, { transport: 'ipc' });
    expect(list.ok).toBe(false);
    expect(list.ok ? undefined : list.error.message).toContain('missing');
    await app.close();
    // Nothing was created in its place: the folder stays as IT will find it.
    expect(existsSync(join(f.dataDir, 'workstation.sqlite'))).toBe(false);
  });

  it('is found from the anchor outside the data folder even when the whole data folder was emptied', async () => {
    const f = folders();
    await deskWithOneCase(f);
    for (const name of readdirSync(f.dataDir)) rmSync(join(f.dataDir, name), { recursive: true });

    const app = await start(f);
    expect(app.startupProblem?.kind).toBe('store-missing');
    expect(app.startupProblem?.message).toContain('kept outside the data folder');
    await app.close();
  });

  it('a first start in a new folder still creates the store', async () => {
    const f = folders();
    const app = await start(f);
    expect(app.startupProblem).toBeUndefined();
    await app.close();
    expect(existsSync(join(f.dataDir, 'workstation.sqlite'))).toBe(true);
  });
});
