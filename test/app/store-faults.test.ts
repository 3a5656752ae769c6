import { createHash } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppErrorShape, Case } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import { silentLogger } from '../../main/log/logger';
import { anotherPatient, patientWithNhsNumber } from '../support/patients';

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'bw-store-'));
}

function start(dataDir: string): Promise<App> {
  return createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger() });
}

async function call(app: App, channel: string, request: unknown) {
  return app.dispatch(channel, request, { transport: 'ipc' });
}

async function startCase(app: App, family = 'Fielding'): Promise<Case> {
  // Another person each time: a second case for one person would need a reason (not what these tests are about).
  const result = await call(app, 'case:start', { patient: { ...anotherPatient(), family }, dispositionCode: 'Dx05' });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as Case;
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the store at start', () => {
  it('refuses an emptied (zero-length) data file with a plain message and a way out, and leaves it as it was', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'workstation.sqlite'), '');
    const app = await start(dir);
    expect(app.startupProblem).toMatchObject({ kind: 'store-emptied' });
    expect(app.startupProblem?.action).toContain('restore the latest backup');
    const session = await call(app, 'session:get', {});
    expect(session.ok && session.value).toMatchObject({ startupProblem: { kind: 'store-emptied' } });
    const list = await call(app, 'case:list', {});
    expect(list.ok).toBe(false);
    expect(statSync(join(dir, 'workstation.sqlite')).size).toBe(0);
    await app.close();
  });

  it('finds corrupt pages with a quick check, refuses to start on them and never writes to the damaged file', async () => {
    const dir = freshDir();
    const first = await start(dir);
    for (let i = 0; i < 40; i++) await startCase(first, `Family${String(i)}`);
    await first.close();
    const file = join(dir, 'workstation.sqlite');
    // Scribble over the middle of the file: b-tree pages of cases and the audit trail.
    const fd = openSync(file, 'r+');
    const size = statSync(file).size;
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(size / 4096 / 2) * 4096);
    closeSync(fd);
    const before = sha(file);

    const app = await start(dir);
    expect(app.startupProblem?.kind).toBe('store-damaged');
    expect(app.startupProblem?.message).toContain('damaged');
    expect(app.startupProblem?.action).toContain('Do not delete it');
    await app.close();
    expect(sha(file)).toBe(before);
  });

  it('shows the cases it can read when one row is unreadable, and counts the rest', async () => {
    const dir = freshDir();
    const app = await start(dir);
    const good = await startCase(app, 'Readable');
    const bad = await startCase(app, 'Damaged');
    app.db?.prepare('UPDATE cases SET doc = ? WHERE id = ?').run('{"id": "half a docu', bad.id);
    const list = await call(app, 'case:list', {});
    expect(list.ok).toBe(true);
    const value = list.ok ? (list.value as { cases: { id: string }[]; unreadable?: number }) : undefined;
    expect(value?.cases.map((c) => c.id)).toEqual([good.id]);
    expect(value?.unreadable).toBe(1);
    await app.close();
  });

  it('takes one lock per data folder: a second start says the app is already running here and how to reach it', async () => {
    const dir = freshDir();
    const first = await start(dir);
    first.instance?.announce({ origin: 'http://127.0.0.1:5555' });
    const second = await start(dir);
    expect(second.startupProblem?.kind).toBe('already-running');
    expect(second.startupProblem?.message).toContain(`process ${String(process.pid)}, at http://127.0.0.1:5555`);
    expect(second.startupProblem?.action).toContain('Switch to its window');
    expect(second.db).toBeUndefined();
    await second.close();
    // The first app is unaffected, and once it stops the folder can be opened again.
    await startCase(first);
    await first.close();
    const third = await start(dir);
    expect(third.startupProblem).toBeUndefined();
    await third.close();
  });
});

describe('a store that can take no more', () => {
  it('refuses new writes with a plain, typed disk-full error and loses nothing saved before', async () => {
    const dir = freshDir();
    const app = await start(dir);
    const saved: string[] = [];
    for (let i = 0; i < 5; i++) saved.push((await startCase(app, `Before${String(i)}`)).id);
    // SQLite answers SQLITE_FULL once the file may not grow: the same answer a full disk gives.
    const pages = app.db?.pragma('page_count', { simple: true }) as number;
    app.db?.pragma(`max_page_count = ${String(pages)}`);
    let refused: AppErrorShape | undefined;
    for (let i = 0; i < 500 && refused === undefined; i++) {
      const result = await call(app, 'case:start', { patient: { ...anotherPatient(), family: `Filler${String(i)}` }, dispositionCode: 'Dx05' });
      if (result.ok) saved.push((result.value as Case).id);
      else refused = result.error;
    }
    expect(refused).toMatchObject({ code: 'disk-full' });
    expect(refused?.message).toContain('The disk is full: nothing more can be saved. Free space, then');
    expect(refused?.action).toContain('Nothing earlier has been lost');
    await app.close();

    const again = await start(dir);
    const list = await call(again, 'case:list', {});
    const ids = list.ok ? (list.value as { cases: { id: string }[] }).cases.map((c) => c.id) : [];
    for (const id of saved) expect(ids).toContain(id);
    const verify = await call(again, 'audit:verify', {});
    expect(verify.ok && (verify.value as { ok: boolean }).ok).toBe(true);
    await again.close();
  });
});

describe('a case that starts in the future', () => {
  it('is refused before anything is recorded', async () => {
    const dir = freshDir();
    const app = await start(dir);
    const events = () => app.db?.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number };
    const before = events().n;
    for (const startedAt of ['9999-12-31T23:00:00Z', new Date(Date.now() + 24 * 3600_000).toISOString()]) {
      const result = await call(app, 'case:start', { patient: patientWithNhsNumber(), dispositionCode: 'Dx05', startedAt });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.code).toBe('invalid-request');
    }
    expect(events().n).toBe(before);
    const list = await call(app, 'case:list', {});
    expect(list.ok && (list.value as { cases: unknown[] }).cases).toEqual([]);
    await app.close();
  });
});
