import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createFileLogger } from '../../main/log/logger';

function diskFull(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
}

describe('the log file', () => {
  it('never takes the app down: write errors (ENOSPC, EIO) are swallowed and reported once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-log-'));
    const reports: string[] = [];
    const logger = await createFileLogger(dir, 'info', (m) => reports.push(m));
    const stream = (logger as unknown as Record<symbol, Writable>)[pino.symbols.streamSym];
    if (stream === undefined) throw new Error('no stream');
    // The error arrives at the fs boundary as sonic-boom emits it; unhandled, it would crash the process.
    stream.emit('error', diskFull());
    stream.emit('error', Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }));
    logger.info('still logging');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('ENOSPC');
    expect(reports[0]).toContain('the app carries on');
  });

  it('falls back to the terminal, with one plain line, when the log folder cannot be created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-log-'));
    const reports: string[] = [];
    // A path under a regular file cannot be a folder: mkdir fails as it does on a read-only disk.
    const logger = await createFileLogger(join('/dev/null', 'x'), 'info', (m) => reports.push(m));
    logger.info('to stderr');
    expect(reports[0]).toContain('cannot be used');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is readable by its user only, in a folder only its user can open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-log-'));
    const logger = await createFileLogger(dir, 'info');
    logger.info('hello');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(statSync(join(dir, 'logs')).mode & 0o777).toBe(0o700);
    const files = readdirSync(join(dir, 'logs'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(statSync(join(dir, 'logs', f)).mode & 0o077).toBe(0);
  });
});
