import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { SessionInfo } from '../../preload/contract';
import { createApp } from '../../main/app/create-app';
import { silentLogger } from '../../main/log/logger';
import { AuditTrailBanner } from '../../renderer/src/shell/AuditTrailBanner';
import { dispatcher } from '../support/dispatch';
import { dropGuards, raw, restoreGuards } from './world';

const run = promisify(execFile);

async function startApp(dataDir: string) {
  const app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger() });
  return { app, ...dispatcher(() => app) };
}

/** Deletes the newest audit rows as someone with a SQLite tool would. */
function truncateTail(dataDir: string, rows: number): void {
  const db = raw({ dir: dataDir, dbPath: join(dataDir, 'workstation.sqlite'), keyPath: '', headLogPath: '', caseIds: [], bookingIds: [] });
  dropGuards(db);
  db.prepare('DELETE FROM audit_events WHERE seq > (SELECT max(seq) FROM audit_events) - ?').run(rows);
  restoreGuards(db);
  db.close();
}

describe('the start-up check reaches the shell', () => {
  it('a clean start says so in the session; a rolled-back file is reported in the session and the banner', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bw-start-'));
    const first = await startApp(dataDir);
    const clean = await first.ok<SessionInfo>('session:get', {});
    expect(clean.auditTrail).toMatchObject({ ok: true });
    expect(renderToStaticMarkup(<AuditTrailBanner status={clean.auditTrail} />)).toBe('');
    await first.app.close();

    // A second start anchors more heads; then the tail is cut from the file alone.
    const second = await startApp(dataDir);
    await second.app.close();
    truncateTail(dataDir, 1);

    const third = await startApp(dataDir);
    const session = await third.ok<SessionInfo>('session:get', {});
    expect(session.auditTrail?.ok).toBe(false);
    // The only anchored head is the row that was cut off, so no anchored point matches the file.
    expect(session.auditTrail?.lastAnchored).toBeUndefined();
    const html = renderToStaticMarkup(<AuditTrailBanner status={session.auditTrail} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('Audit trail check failed');
    expect(html).toContain('may have been changed outside this app');
    const report = await third.ok<{ ok: boolean; problems: { problem: string }[] }>('audit:verify', {});
    expect(report.ok).toBe(false);
    // This run appended again over the cut-off row number, so the anchored row now differs from the file's.
    expect(report.problems.map((p) => p.problem).join('\n')).toMatch(/is not the row the head log anchored|rolled back, truncated or replaced/);
    await third.app.close();
  });

  it('the banner names the last point confirmed outside the file, in UK time with the date', () => {
    const html = renderToStaticMarkup(
      <AuditTrailBanner status={{ ok: false, message: 'The audit trail failed its check at start (1 problem).', lastAnchored: { anchor: 'head log', seq: 41, at: '2026-07-15T08:30:00.000Z' } }} />,
    );
    expect(html).toContain('event 41');
    expect(html).toContain('15 Jul 2026, 09:30');
  });
});

describe('npm run audit:verify', () => {
  it('reports OK with the keyed start and the last anchored point, and TAMPERED with exit code 1', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bw-cli-'));
    const anchorDir = mkdtempSync(join(tmpdir(), 'bw-cli-anchors-'));
    onTestFinished(() => {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(anchorDir, { recursive: true, force: true });
    });
    const app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger(), auditAnchorDir: anchorDir });
    await app.close();
    const dbPath = join(dataDir, 'workstation.sqlite');
    const good = await run('npx', ['tsx', 'main/audit/cli-verify.ts', dbPath, '--anchor-dir', anchorDir]);
    expect(good.stdout).toMatch(/^OK: \d+ audit events checked \(rows 1–\d+, keyed from row 1\)/m);
    expect(good.stdout).toMatch(/^Last anchored point: row \d+ at \S+ \(head log\)$/m);

    truncateTail(dataDir, 1);
    const bad = await run('npx', ['tsx', 'main/audit/cli-verify.ts', dbPath, '--anchor-dir', anchorDir]).catch((error: unknown) => error as { code: number; stdout: string });
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stdout: string }).stdout).toMatch(/^TAMPERED \(rolled back\): /m);
    expect((bad as { stdout: string }).stdout).toContain('the head log anchored row');
  }, 60_000);
});
