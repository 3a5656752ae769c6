import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { SessionInfo } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import { anchorFileFor } from '../../main/audit';
import { runAuditVerify } from '../../main/audit/verify-command';
import { closeDatabase, openDatabase } from '../../main/db/database';
import { silentLogger } from '../../main/log/logger';
import { clockStartingAt } from '../../main/workflow/clock';
import { dispatcher } from '../support/dispatch';
import { patientWithNhsNumber } from '../support/patients';
import { startCase } from '../support/start-case';

/** Each start at its own UK time (summer time: UTC+1), so "since" names a start this test chose. */
const MONDAY_0915 = new Date('2026-06-08T08:15:00Z');
const TUESDAY_1030 = new Date('2026-06-09T09:30:00Z');
const WEDNESDAY_1145 = new Date('2026-06-10T10:45:00Z');
const THURSDAY_1600 = new Date('2026-06-11T15:00:00Z');

const FILES = ['workstation.sqlite', 'workstation.audit-head.log'];

interface Desk {
  root: string;
  dataDir: string;
  anchorDir: string;
  anchorFile: string;
}

function desk(): Desk {
  const root = mkdtempSync(join(tmpdir(), 'bw-rollback-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const dataDir = join(root, 'data');
  // The anchors live outside the data folder, as the OS user's config folder does.
  const anchorDir = join(root, 'user-config', 'anchors');
  return { root, dataDir, anchorDir, anchorFile: anchorFileFor(anchorDir, dataDir) };
}

async function start(d: Desk, at: Date) {
  const app: App = await createApp({
    dataDir: d.dataDir,
    settingsFile: join(d.root, 'none.json'),
    logger: silentLogger(),
    clock: clockStartingAt(at),
    auditAnchorDir: d.anchorDir,
  });
  const api = dispatcher(() => app);
  const session = await api.ok<SessionInfo>('session:get', {});
  return {
    app,
    session,
    trail: session.auditTrail,
    /** Several cases: each is a handful of audit events. */
    work: async (cases: number) => {
      for (let i = 0; i < cases; i++) await startCase((channel, request) => api.ok(channel, request), { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' });
    },
    verifyChannel: () => api.ok<{ ok: boolean; problems: { problem: string }[] }>('audit:verify', {}),
  };
}

async function cli(d: Desk, ...extra: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAuditVerify(['--data-dir', d.dataDir, '--anchor-dir', d.anchorDir, ...extra], { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function copyFiles(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of FILES) copyFileSync(join(from, name), join(to, name));
}

/** What a restore of an older backup of the two files does: the folder's own copies are replaced. */
function putBack(backup: string, dataDir: string): void {
  for (const name of readdirSync(dataDir)) if (name.startsWith('workstation.sqlite-')) rmSync(join(dataDir, name));
  for (const name of FILES) copyFileSync(join(backup, name), join(dataDir, name));
}

function eventCount(dataDir: string, type: string): number {
  const db = openDatabase(join(dataDir, 'workstation.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM audit_events WHERE type = ?').get(type) as { n: number }).n;
  } finally {
    closeDatabase(db);
  }
}

describe('a rollback of the data folder is found', () => {
  it('a normal restart checks out against the anchor outside the data folder, at start and by audit:verify', async () => {
    const d = desk();
    const first = await start(d, MONDAY_0915);
    // A new data folder has nothing older for an outside anchor to vouch for.
    expect(first.trail).toMatchObject({ ok: true });
    await first.work(3);
    await first.app.close();
    expect(existsSync(d.anchorFile)).toBe(true);

    const second = await start(d, TUESDAY_1030);
    expect(second.trail).toMatchObject({ ok: true, message: 'The audit trail checked out at start.' });
    await second.app.close();

    const verified = await cli(d);
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(/^OK: \d+ audit events checked/m);
  });

  it('replacing the store and the head log with an older copy is flagged at start (on every screen) and by audit:verify', async () => {
    const d = desk();
    const first = await start(d, MONDAY_0915);
    await first.work(2);
    await first.app.close();
    const backup = join(d.root, 'backup');
    copyFiles(d.dataDir, backup);

    const second = await start(d, TUESDAY_1030);
    expect(second.trail?.ok).toBe(true);
    await second.work(10);
    await second.app.close();

    putBack(backup, d.dataDir);
    const before = (await cli(d)).out;
    expect(before).toMatch(/^TAMPERED \(rolled back\): /m);
    expect(before).toMatch(/record outside the data folder anchored row \d+ .* but the file ends at row \d+/);

    const third = await start(d, WEDNESDAY_1145);
    expect(third.trail?.ok).toBe(false);
    expect(third.trail?.message).toContain('rolled back');
    // The session carries the status to every screen's banner (AuditTrailBanner shows any status that is not ok).
    expect(third.session.auditTrail).toEqual(third.trail);
    const report = await third.verifyChannel();
    expect(report.ok).toBe(false);
    await third.work(1);
    await third.app.close();

    // The run on the old copy did not move the anchor back: the evidence stays for the next start and for IT.
    const fourth = await start(d, THURSDAY_1600);
    expect(fourth.trail?.message).toContain('rolled back');
    await fourth.app.close();
    const after = await cli(d);
    expect(after.code).toBe(1);
    expect(after.out).toMatch(/^TAMPERED \(rolled back\): /m);
  });

  it('cutting the last lines of the head log is flagged at start and by audit:verify', async () => {
    const d = desk();
    const first = await start(d, MONDAY_0915);
    await first.work(3);
    await first.app.close();
    const headLog = join(d.dataDir, 'workstation.audit-head.log');
    const lines = readFileSync(headLog, 'utf8').trimEnd().split('\n');
    writeFileSync(headLog, `${lines.slice(0, -3).join('\n')}\n`);

    const verified = await cli(d);
    expect(verified.code).toBe(1);
    expect(verified.out).toMatch(/head log beside the database ends at row \d+ but the record outside the data folder anchored row \d+/);

    const second = await start(d, TUESDAY_1030);
    expect(second.trail?.ok).toBe(false);
    expect(second.trail?.message).toContain('rolled back');
    await second.app.close();
  });

  it('a missing anchor says "not verified against an outside anchor since" the last start that was, and records it in the trail', async () => {
    const d = desk();
    const first = await start(d, MONDAY_0915);
    await first.work(1);
    await first.app.close();
    // Tuesday's start is the last one checked against the outside anchor.
    const second = await start(d, TUESDAY_1030);
    expect(second.trail?.ok).toBe(true);
    await second.app.close();
    rmSync(d.anchorFile);

    const verified = await cli(d);
    expect(verified.code).toBe(3);
    expect(verified.out).toMatch(/^NOT VERIFIED: /m);
    expect(verified.out).toContain('Not verified against an outside anchor since 9 Jun 2026, 10:30');

    const third = await start(d, WEDNESDAY_1145);
    expect(third.trail?.ok).toBe(false);
    expect(third.trail?.message).toContain('not verified against an outside anchor since 9 Jun 2026, 10:30');
    await third.app.close();
    expect(eventCount(d.dataDir, 'audit.outside-anchor-missing')).toBe(1);

    // That run wrote a new anchor: the next start checks out against it.
    const fourth = await start(d, THURSDAY_1600);
    expect(fourth.trail).toMatchObject({ ok: true });
    await fourth.app.close();
  });

  it('an anchor edited without the audit key is refused, not believed', async () => {
    const d = desk();
    const first = await start(d, MONDAY_0915);
    await first.work(2);
    await first.app.close();
    const file = JSON.parse(readFileSync(d.anchorFile, 'utf8')) as { seq: number; count: number };
    // Moving the anchor back to match an older copy needs the key to re-tag it.
    writeFileSync(d.anchorFile, JSON.stringify({ ...file, seq: 3, count: 3 }));

    const second = await start(d, TUESDAY_1030);
    expect(second.trail?.ok).toBe(false);
    await second.app.close();
    const verified = await cli(d);
    expect(verified.code).toBe(1);
    expect(verified.out).toContain('does not match this installation');
  });

  it.skipIf(process.platform === 'win32')('keeps the anchor private (file 0600, folder 0700) and free of patient identifiers', async () => {
    const d = desk();
    const first = await start(d, MONDAY_0915);
    const patient = patientWithNhsNumber();
    await startCase(dispatcher(() => first.app).ok, { patient, dispositionCode: 'Dx05' });
    await first.app.close();

    expect(statSync(d.anchorDir).mode & 0o777).toBe(0o700);
    expect(statSync(d.anchorFile).mode & 0o777).toBe(0o600);
    const text = readFileSync(d.anchorFile, 'utf8');
    const values = [patient.nhsNumber, patient.family, patient.given, patient.birthDate, patient.address?.postcode, patient.telecom[0]?.value];
    expect(values.every((v) => typeof v === 'string' && v !== '')).toBe(true);
    for (const value of values) expect(text.toLowerCase()).not.toContain(String(value).toLowerCase());
    expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(['at', 'count', 'dataFolder', 'mac', 'seq', 'tag', 'version']);
  });
});
