import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case, Result } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import { silentLogger } from '../../main/log/logger';
import { patientWithNhsNumber } from '../support/patients';
import { unreachableLiveSettings } from '../support/live-settings';

/** Live mode by settings alone: the same workflow, pointed at DoS, SDS and an SSP that are down. */
describe('live mode with every Spine service unreachable', () => {
  let app: App;
  const dir = mkdtempSync(join(tmpdir(), 'bw-live-'));

  beforeAll(async () => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=workstation.test', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const settings = {
      // Port 9 (discard) is closed on loopback: every call fails fast, as an unreachable Spine would.
      ...unreachableLiveSettings({ certPath: join(dir, 'cert.pem'), keyPath: join(dir, 'key.pem'), caPath: join(dir, 'cert.pem'), cis2KeyPath: join(dir, 'key.pem') }),
      timeouts: { directoryMs: 2000 },
    };
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings));
    process.env.BW_TEST_DOS_PASSWORD = 'not-a-real-password';
    app = await createApp({ dataDir: dir, settingsFile: join(dir, 'settings.json'), logger: silentLogger() });
  });
  afterAll(async () => {
    await app.close();
  });

  it('says LIVE and runs no sandbox', () => {
    expect(app.session.environment).toBe('LIVE');
    expect(app.spine?.sandbox).toBeUndefined();
  });

  it('runs nothing before CIS2 sign-in, and says plainly that CIS2 cannot be reached (never a crash)', async () => {
    const session = await app.dispatch('session:get', {}, { transport: 'http' });
    expect(session).toMatchObject({ ok: true, value: { signIn: { state: 'signed-out', provider: 'NHS CIS2', problem: expect.stringContaining('cannot be reached') as unknown } } });
    expect(await app.dispatch('case:list', {}, { transport: 'http' })).toMatchObject({ ok: false, error: { code: 'signed-out' } });
  });

  it('still opens a case, and says plainly that the directory is unavailable', async () => {
    // Signed in as CIS2 would sign a clinician in (this test is about Spine, not the sign-in).
    app.identity?.session.signIn({
      identity: { uid: '555000000001', displayName: 'Test Clinician', assuranceLevel: '3', roles: [], selectedRole: { personRoleId: '555000000002', roleCode: 'R8000', activityCodes: [] } },
      tokens: { accessToken: 'opaque', expiresIn: 3600 },
    });
    const opened = (await app.dispatch('case:start', { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' }, { transport: 'http' })) as Result<Case>;
    if (!opened.ok) throw new Error(opened.error.message);
    const services = await app.dispatch('directory:services', { caseId: opened.value.id }, { transport: 'http' });
    expect(services).toMatchObject({ ok: false, error: { code: 'directory-unavailable', action: expect.any(String) as string } });
    const audited = app.db?.prepare("SELECT outcome FROM audit_events WHERE case_id = ? AND type = 'services.offered'").get(opened.value.id);
    expect(audited).toEqual({ outcome: 'error' });
  });
});
