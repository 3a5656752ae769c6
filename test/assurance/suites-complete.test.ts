/**
 * The assurance suites cannot shrink unnoticed: every row of NHS England's consumer script
 * (C1–C31) and every App1 MUST named in the README has its test, by name. A row or MUST whose
 * test is removed or renamed fails here; one whose behaviour breaks fails in its own test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
/** NHS England's script, beside the repo where the team keeps the standards (CI has it). */
const SCRIPT = join(ROOT, '..', 'shared', 'spec', 'care-connect-consumer-assurance.md');

describe('the Care Connect consumer script is covered row by row', () => {
  const rows = JSON.parse(read('test/assurance/care-connect-rows.json')) as string[];
  const tests = read('test/assurance/care-connect-consumer.test.ts');

  it('the rows listed here are the script’s rows', () => {
    if (!existsSync(SCRIPT)) {
      if (process.env.CI === 'true') throw new Error(`CI: the assurance script ${SCRIPT} is missing`);
      return;
    }
    const inScript = [...new Set([...readFileSync(SCRIPT, 'utf8').matchAll(/\| (C\d+) \|/g)].map((m) => m[1]))];
    expect([...inScript].sort()).toEqual([...rows].sort());
  });

  // A todo cannot fail, so only a row that is an organisational sign-off rather than anything the
  // software does may be one; a behaviour row turned into a todo would otherwise pass unnoticed.
  const signOffOnly = new Set(['C31']);

  it.each(rows)('%s has a test named for it (only a sign-off row may be a todo)', (row) => {
    expect(tests).toMatch(new RegExp(`${signOffOnly.has(row) ? 'it(?:\\.todo)?' : 'it'}\\(['\`]${row} `));
  });
});

describe('every App1 MUST has its test', () => {
  const musts = JSON.parse(read('test/conformance/bars/musts.json')) as string[];
  const tests = read('test/conformance/bars/app1-musts.test.ts');

  it('lists the MUSTs (40)', () => {
    expect(musts.length).toBeGreaterThanOrEqual(40);
  });

  it.each(musts)('%s', (must) => {
    expect(tests.includes(`it('${must}'`)).toBe(true);
  });
});
