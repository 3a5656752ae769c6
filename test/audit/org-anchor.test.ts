import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { AnchorUnreachableError, fileKeyProvider, openAuditTrail, type AnchorPoint, type AuditAnchor } from '../../main/audit';
import { closeDatabase, openDatabase } from '../../main/db/database';
import { clockStartingAt } from '../../main/workflow/clock';

const TUESDAY_1030 = new Date('2026-06-09T09:30:00Z');
const WEDNESDAY_1145 = new Date('2026-06-10T10:45:00Z');

/** The organisation record as a desk sees it: its uploaded head's row number, or no answer. */
function orgRecord(answer: () => AnchorPoint | undefined): AuditAnchor {
  return {
    name: 'organisation record',
    outside: true,
    record: () => undefined,
    latest: () => {
      const point = answer();
      return Promise.resolve(point);
    },
    first: () => Promise.resolve(undefined),
    close: () => Promise.resolve(),
  };
}

const unreachable = orgRecord(() => {
  throw new AnchorUnreachableError('connect ECONNREFUSED');
});
const uploadedUpTo = (seq: number) => orgRecord(() => ({ seq, at: '2026-06-09T09:00:00.000Z', mac: '', seqOnly: true }));

async function deskAt(dataDir: string, at: Date) {
  const db = openDatabase(join(dataDir, 'workstation.sqlite'));
  const trail = await openAuditTrail({
    db,
    identity: { userId: 'jsmith', workstation: 'ws-01' },
    now: clockStartingAt(at),
    key: fileKeyProvider(join(dataDir, 'audit-chain.key')),
    headLogPath: join(dataDir, 'workstation.audit-head.log'),
  });
  const head = () => (db.prepare('SELECT max(seq) AS head FROM audit_events').get() as { head: number }).head;
  return { trail, head, close: async () => (await trail.close(), closeDatabase(db)) };
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bw-org-anchor-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A desk that has worked once, so its next start has history an outside anchor should vouch for. */
async function usedDesk(): Promise<string> {
  const dir = dataDir();
  const first = await deskAt(dir, TUESDAY_1030);
  for (let i = 0; i < 5; i++) first.trail.audit.append({ type: 'app.started', outcome: 'ok' });
  await first.close();
  return dir;
}

describe('the organisation record as an outside anchor', () => {
  it('a store behind the head the organisation record accepted is reported rolled back, and anchoring stops', async () => {
    const dir = await usedDesk();
    const desk = await deskAt(dir, WEDNESDAY_1145);
    expect(desk.trail.status.ok).toBe(true);
    await desk.trail.checkOutside(uploadedUpTo(desk.head() + 40));
    expect(desk.trail.status.ok).toBe(false);
    expect(desk.trail.status.message).toContain('rolled back');
    expect(desk.trail.audit.anchoringSuspended()).toContain('organisation record');
    const report = await desk.trail.verify();
    expect(report.ok).toBe(false);
    await desk.close();
  });

  it('a store level with or ahead of it checks out, at start and on audit:verify', async () => {
    const dir = await usedDesk();
    const desk = await deskAt(dir, WEDNESDAY_1145);
    await desk.trail.checkOutside(uploadedUpTo(desk.head() - 2));
    expect(desk.trail.status).toMatchObject({ ok: true });
    expect((await desk.trail.verify()).ok).toBe(true);
    await desk.close();
  });

  it('unreachable, with no other outside anchor, says "not verified against an outside anchor since" the trail began', async () => {
    const dir = await usedDesk();
    const desk = await deskAt(dir, WEDNESDAY_1145);
    await desk.trail.checkOutside(unreachable);
    expect(desk.trail.status.ok).toBe(false);
    expect(desk.trail.status.message).toContain('not verified against an outside anchor since 9 Jun 2026, 10:30');
    await desk.close();
  });
});
