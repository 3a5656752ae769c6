import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import { verifyAuditChain } from '../../main/audit';
import { silentLogger } from '../../main/log/logger';
import { dispatcher } from '../support/dispatch';

/** Who a user says they are decides how referrals and the approval rule name them: each save is on the trail. */
let app: App;
let dataDir: string;
const { call, ok } = dispatcher(() => app);

const profileEvents = (): { outcome: string | null; case_id: string | null; detail: Record<string, unknown> }[] => {
  if (app.db === undefined) throw new Error('sandbox app expected');
  return (app.db.prepare("SELECT outcome, case_id, detail FROM audit_events WHERE type = 'session.profile-saved' ORDER BY seq").all() as { outcome: string | null; case_id: string | null; detail: string }[]).map(
    (r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }),
  );
};

beforeAll(async () => {
  // No profile.json: the first run for this user.
  dataDir = mkdtempSync(join(tmpdir(), 'bw-profile-audit-'));
  app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger() });
});
afterAll(async () => {
  await app.close();
});

describe('saving the user profile is audited', () => {
  it('records the first-run name, title and role, then a later change with the name it replaced', async () => {
    expect(profileEvents()).toEqual([]);
    const first = await ok<SessionInfo>('session:saveProfile', { displayName: 'Sam Okafor', title: 'Mr', role: 'Health advisor' });
    expect(first.user.displayName).toBe('Sam Okafor');
    expect(profileEvents()).toEqual([
      { outcome: 'ok', case_id: null, detail: { displayName: 'Sam Okafor', title: 'Mr', role: 'Health advisor', firstRun: true, previousDisplayName: null } },
    ]);

    await ok<SessionInfo>('session:saveProfile', { displayName: 'Dr Sam Okafor', role: 'GP' });
    expect(profileEvents()[1]).toEqual({
      outcome: 'ok',
      case_id: null,
      detail: { displayName: 'Dr Sam Okafor', title: null, role: 'GP', firstRun: false, previousDisplayName: 'Sam Okafor' },
    });
    expect(JSON.parse(readFileSync(join(dataDir, 'profile.json'), 'utf8'))).toMatchObject({ displayName: 'Dr Sam Okafor', role: 'GP' });
    if (app.db === undefined) throw new Error('sandbox app expected');
    expect(verifyAuditChain(app.db)).toMatchObject({ ok: true });
  });

  it('records nothing for a profile main refuses', async () => {
    const before = profileEvents().length;
    const r = await call('session:saveProfile', { displayName: '1234', role: 'GP' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(profileEvents()).toHaveLength(before);
  });
});
