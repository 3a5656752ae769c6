import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../preload/contract';
import type { App } from '../../../main/app/create-app';
import { bookOnDesk } from '../../support/desk-flow';
import { prepareOrg, startDesk, uploaded } from '../../support/org';
import { shouldRunPostgresTests, startTestPostgres, type TestPostgres } from '../../support/postgres';

const FILES = ['workstation.sqlite', 'workstation.audit-head.log'];

async function auditTrail(app: App): Promise<SessionInfo['auditTrail']> {
  const session = await app.dispatch('session:get', {}, { transport: 'ipc' });
  if (!session.ok) throw new Error('session:get failed');
  return (session.value as SessionInfo).auditTrail;
}

describe.runIf(shouldRunPostgresTests())('the organisation record anchors a desk’s audit chain', () => {
  let pg: TestPostgres;
  let admin: postgres.Sql;
  const root = mkdtempSync(join(tmpdir(), 'bw-org-rollback-'));
  beforeAll(async () => {
    pg = await startTestPostgres();
    admin = await prepareOrg(pg);
  });
  afterAll(async () => {
    await admin.end({ timeout: 2 });
    await pg.destroy();
    rmSync(root, { recursive: true, force: true });
  });

  it('a restart checks out against the uploaded head; the store and head log put back to an older copy are reported rolled back', async () => {
    const dataDir = join(root, 'desk');
    const backup = join(root, 'backup');
    mkdirSync(dataDir, { mode: 0o700 });
    const first = await startDesk(pg, { workstation: 'DESK-RB', dataDir });
    await bookOnDesk(first);
    await uploaded(first);
    await first.close();
    mkdirSync(backup);
    for (const name of FILES) copyFileSync(join(dataDir, name), join(backup, name));

    const second = await startDesk(pg, { workstation: 'DESK-RB', dataDir });
    expect(await auditTrail(second)).toMatchObject({ ok: true });
    await bookOnDesk(second);
    await uploaded(second);
    await second.close();

    // No per-user anchor on this desk: only the organisation record can tell.
    for (const name of readdirSync(dataDir)) if (name.startsWith('workstation.sqlite-')) rmSync(join(dataDir, name));
    for (const name of FILES) copyFileSync(join(backup, name), join(dataDir, name));
    const third = await startDesk(pg, { workstation: 'DESK-RB', dataDir });
    const trail = await auditTrail(third);
    expect(trail?.ok).toBe(false);
    expect(trail?.message).toContain('rolled back');
    await third.close();
  });
});
