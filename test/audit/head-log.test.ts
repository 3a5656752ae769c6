import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeadLog } from '../../main/audit';

const mac = (n: number) => n.toString(16).padStart(64, '0');
const fresh = () => join(mkdtempSync(join(tmpdir(), 'bw-headlog-')), 'workstation.audit-head.log');

describe('the head log', () => {
  it('has each committed head in the file when record returns, before its delayed flush', async () => {
    const path = fresh();
    const log = new HeadLog(path, { syncDelayMs: 60_000 });
    log.record({ seq: 1, at: '2026-12-02T10:00:00.000Z', mac: mac(1) });
    log.record({ seq: 2, at: '2026-12-02T10:00:01.000Z', mac: mac(2) });
    // Another reader (verify after a crash) sees both lines although no flush has run yet.
    expect(readFileSync(path, 'utf8').trim().split('\n')).toEqual([`1 2026-12-02T10:00:00.000Z ${mac(1)}`, `2 2026-12-02T10:00:01.000Z ${mac(2)}`]);
    expect(await new HeadLog(path, { readonly: true }).latest()).toEqual({ seq: 2, at: '2026-12-02T10:00:01.000Z', mac: mac(2) });
    await log.close();
  });

  it('never anchors a lower head than one it already holds', async () => {
    const path = fresh();
    const log = new HeadLog(path);
    log.record({ seq: 5, at: '2026-12-02T10:00:00.000Z', mac: mac(5) });
    log.record({ seq: 4, at: '2026-12-02T10:00:01.000Z', mac: mac(4) });
    await log.close();
    expect(readFileSync(path, 'utf8').trim().split('\n')).toEqual([`5 2026-12-02T10:00:00.000Z ${mac(5)}`]);
  });

  it('does not keep a closing app alive for a pending flush, and the line is kept', () => {
    const path = fresh();
    const script = `
      import { HeadLog } from ${JSON.stringify(join(process.cwd(), 'main/audit/head-log.ts'))};
      const log = new HeadLog(${JSON.stringify(path)}, { syncDelayMs: 600000 });
      log.record({ seq: 7, at: '2026-12-02T10:00:00.000Z', mac: '${mac(7)}' });
    `;
    const started = Date.now();
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    // Exited on its own long before the ten-minute flush timer.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(readFileSync(path, 'utf8')).toContain(`7 2026-12-02T10:00:00.000Z ${mac(7)}`);
  });
});
