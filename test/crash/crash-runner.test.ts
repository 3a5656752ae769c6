/**
 * `npm run crash-test` as CI runs it: a small number of sequences against the sandbox Provider,
 * with the app killed at random. The summary's numbers are what the run found; this test holds the
 * runner to its word (the line, the number of sequences, kills that happened, the exit code that
 * matches the findings, nothing left behind), not the app to a clean result.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SEQUENCES = 6;
const SUMMARY = /^(\d+) sequences, (\d+) kills, (\d+) double bookings, (\d+) stuck, (\d+) lost rows, (\d+) contradictions$/;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join('scripts', 'crash', 'run.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run crash-test', () => {
  it(`runs ${SEQUENCES} sequences with kills and ends with the summary line`, async () => {
    const { code, stdout, stderr } = await run(['--sequences', String(SEQUENCES), '--seed', '1']);
    const lines = stdout.trim().split('\n');
    const summary = SUMMARY.exec(lines.at(-1) ?? '');
    expect(summary, `last line of:\n${stdout}\n${stderr}`).not.toBeNull();
    const [sequences, kills, ...failures] = (summary ?? []).slice(1).map(Number);
    expect(sequences).toBe(SEQUENCES);
    expect(lines.filter((l) => /^sequence \d+: /.test(l))).toHaveLength(SEQUENCES);
    expect(kills).toBeGreaterThan(0);
    // No double booking, stuck row, lost row or contradiction; exit 0 (1 would mean a finding, 2 that it could not run).
    expect(failures, stdout).toEqual([0, 0, 0, 0]);
    expect(code).toBe(0);
    const folder = /temporary folder (\S+)/.exec(lines[0] ?? '')?.[1];
    expect(folder).toBeDefined();
    expect(existsSync(folder ?? '')).toBe(false);
  }, 900_000);
});
