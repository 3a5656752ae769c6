import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DESK = join(import.meta.dirname, 'support', 'shared-provider-desk.ts');

function desk(path: string, nowMs: number, goAt: number): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', DESK, path, String(nowMs), String(goAt)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('one sandbox Provider file shared by several desks (sandbox.providerPath)', () => {
  it('processes opening a new file at once all start, and of those booking the same slot exactly one gets it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'bw-shared-provider-')), 'provider.sqlite');
    const nowMs = Date.parse('2026-03-03T09:00:00Z');
    // Long enough for all four to have loaded before the shared instant, on a busy machine too.
    const goAt = Date.now() + 15_000;
    const results = await Promise.all([1, 2, 3, 4].map(() => desk(path, nowMs, goAt)));
    for (const r of results) expect(r.code, r.err).toBe(0);
    const answers = results.map((r) => JSON.parse(r.out) as { kind: string; slotId: string });
    expect(new Set(answers.map((a) => a.slotId)).size).toBe(1);
    expect(answers.map((a) => a.kind).sort()).toEqual(['created', 'slot-busy', 'slot-busy', 'slot-busy']);
  }, 120_000);
});
