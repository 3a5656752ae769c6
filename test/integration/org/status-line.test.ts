import { describe, expect, it } from 'vitest';
import { orgStatusText } from '../../../renderer/src/shell/org-status-text';
import type { OrgStatus } from '../../../preload/contract';
import { bookOnDesk } from '../../support/desk-flow';
import { dispatcher } from '../../support/dispatch';
import { orgRecordSuite, orgStatus, uploaded, waitForState } from '../../support/org';
import { shouldRunPostgresTests } from '../../support/postgres';

describe.runIf(shouldRunPostgresTests())('the organisation status line follows a real PostgreSQL', () => {
  const suite = orgRecordSuite();

  it('PostgreSQL stopped with nothing waiting: the line says the record cannot be reached, since when and when it last answered — never "up to date"', { timeout: 60_000 }, async () => {
    // The desk asks an idle record whether it still answers every 50 ms here (the app: 15 s).
    const desk = await suite.desk('DESK-LINE', { pusher: { confirmEveryMs: 50 } });
    await uploaded(desk);
    const up = orgStatus(desk);
    expect(up).toMatchObject({ state: 'up-to-date', waiting: 0 });
    expect(orgStatusText(up)).toBe('Organisation record: up to date');

    await suite.pg.stop();
    const down = await waitForState(desk, 'unreachable');
    expect(down.waiting).toBe(0);
    expect(down.activityWaiting).toBeUndefined();
    expect(Date.parse(down.lastConfirmedAt ?? '')).toBeLessThanOrEqual(Date.parse(down.unreachableSince ?? ''));
    expect(orgStatusText(down)).toMatch(/^Organisation record cannot be reached since \w{3},? \d+ \w{3} \d{4}, \d\d:\d\d \(last reached \w{3},? \d+ \w{3} \d{4}, \d\d:\d\d\) — working on this desk only; nothing waiting to upload\.$/);

    // One booking made offline queues a case, a booking and their audit trail: the line counts one case.
    await bookOnDesk(desk);
    const queued = desk.org?.outbox.waiting() ?? 0;
    expect(queued).toBeGreaterThan(5);
    // What the renderer receives, through the bridge's own channel and its contract check.
    const offline = await dispatcher(() => desk).ok<OrgStatus>('org:status', {});
    expect(offline).toMatchObject({ state: 'unreachable', waiting: 1 });
    expect(orgStatusText(offline)).toMatch(/working on this desk only; changes to 1 case waiting to upload\.$/);

    await suite.pg.start();
    suite.admin = suite.pg.admin();
    await uploaded(desk);
    const back = orgStatus(desk);
    expect(back).toMatchObject({ state: 'up-to-date', waiting: 0 });
    expect(Date.parse(back.lastConfirmedAt ?? '')).toBeGreaterThan(Date.parse(down.unreachableSince ?? ''));
  });
});
