import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../../main/app/create-app';
import { runAuditVerify } from '../../main/audit/verify-command';
import { silentLogger } from '../../main/log/logger';
import { clockStartingAt } from '../../main/workflow/clock';
import { WEEKDAY_AFTERNOON } from '../support/clock';

/** A desk started as `npm start -- --settings FILE --data-dir DIR`, and the files that command line names. */
async function deskStartedWithOptions() {
  const root = mkdtempSync(join(tmpdir(), 'bw-verify-cmd-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const settingsFile = join(root, 'desk-a.json');
  writeFileSync(settingsFile, JSON.stringify({ mode: 'sandbox' }));
  const dataDir = join(root, 'desk-a');
  const anchorDir = join(root, 'anchors');
  const app = await createApp({ dataDir, settingsFile, logger: silentLogger(), clock: clockStartingAt(WEEKDAY_AFTERNOON), auditAnchorDir: anchorDir });
  await app.close();
  // The machine-wide settings the command would otherwise read: not there.
  const env = { BOOKING_WORKSTATION_SETTINGS: join(root, 'machine-wide.json'), BW_AUDIT_ANCHOR_DIR: anchorDir };
  return { root, settingsFile, dataDir, env };
}

async function run(args: string[], env: NodeJS.ProcessEnv, cwd?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAuditVerify(args, { env, out: (l) => out.push(l), err: (l) => err.push(l), ...(cwd !== undefined ? { cwd } : {}) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run audit:verify takes the desk’s own options', () => {
  it('checks the data folder named by --data-dir, with --settings accepted, relative paths from where it is run', async () => {
    const d = await deskStartedWithOptions();
    const result = await run(['--settings', 'desk-a.json', '--data-dir', 'desk-a'], d.env, d.root);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^OK: \d+ audit events checked/m);
    expect(result.out).toContain(join(d.dataDir, 'workstation.sqlite'));
  });

  it('--org reads the settings file given with --settings, not only the machine-wide one', async () => {
    const d = await deskStartedWithOptions();
    const result = await run(['--org', '--settings', d.settingsFile, '--data-dir', d.dataDir], d.env);
    expect(result.code).toBe(2);
    // It got as far as that file's settings: this sandbox desk has no organisation record.
    expect(result.err).toBe(`No organisation record (org.url) in ${d.settingsFile}.`);
  });

  it('says plainly when --settings names no file, or an option is unknown (exit 2)', async () => {
    const d = await deskStartedWithOptions();
    const missing = await run(['--settings', join(d.root, 'nope.json')], d.env);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--settings:');
    const orgMissing = await run(['--org', '--settings', join(d.root, 'nope.json')], d.env);
    expect(orgMissing.code).toBe(2);
    expect(orgMissing.err).toContain('--settings:');
    const unknown = await run(['--data-dir', d.dataDir, '--colour'], d.env);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('usage: npm run audit:verify');
  });
});
