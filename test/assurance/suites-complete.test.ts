/**
 * The assurance suites cannot shrink unnoticed: every row of NHS England's consumer script
 * (C1–C31), every App1 MUST named in the README and every App1 sender MUST about the workflow or
 * the screen (workflow-musts.json) has its test, by name. A row or MUST whose test is removed,
 * renamed or skipped fails here; one whose behaviour breaks fails in its own test.
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

/** NHS England's provider script: what an assured Provider answers, so what the client must read. */
const PROVIDER_SCRIPT = join(ROOT, '..', 'shared', 'spec', 'care-connect-provider-assurance.md');

describe('each Care Connect provider-script answer the client reads has its test', () => {
  const tests = read('test/assurance/care-connect-provider-answers.test.ts');
  /** Rows whose answer reaches the consumer, as the script numbers them (P11–P13 are one row). */
  const read_ = ['P1', 'P2', 'P3', 'P4', 'P7', 'P9', 'P11,P12,P13', 'P14', 'P19', 'P26', 'P29', 'P31', 'P36'];
  /** Rows about the Provider's own inside, with where the consumer's side of them is tested instead. */
  const notAnswers: Record<string, string> = {
    P5: 'the Provider audits the JWT provenance',
    P8: 'the Provider publishes a CapabilityStatement; the Care Connect client does not read it',
    P10: 'the Provider maps the HealthcareService; the client sends it (C30)',
    P23: 'the Provider filters by time; the client asks (C28, C29) and drops any slot outside (test/provider/slot-search-skips.test.ts)',
    P24: 'the Provider books atomically', P25: 'the Provider marks the Slot booked', P27: 'the Provider keeps ids unique',
    P35: 'the Provider logs malformed requests', P38: 'Provider reporting', P39: 'Provider reporting', P40: 'Provider reporting', P41: 'Provider reporting', P42: 'Provider reporting',
  };

  it('the rows listed here are the script’s rows', () => {
    if (!existsSync(PROVIDER_SCRIPT)) {
      if (process.env.CI === 'true') throw new Error(`CI: the assurance script ${PROVIDER_SCRIPT} is missing`);
      return;
    }
    const inScript = [...readFileSync(PROVIDER_SCRIPT, 'utf8').matchAll(/^CConnect-ApptTest_\d+ \| (P[\d,P]+) \|/gm)].map((m) => m[1]);
    expect([...inScript].sort()).toEqual([...read_, ...Object.keys(notAnswers)].sort());
  });

  it.each(read_.map((row) => row.replace(/,P\d+,/, '–').replace(/,/g, '–')))('%s has a test named for it', (row) => {
    expect(tests).toMatch(new RegExp(`['\`]${row}[ (]`));
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

/** One App1 sender MUST about the workflow or the screen, and the tests that show it for a BaRS service. */
interface WorkflowMust {
  must: string;
  source: string;
  tests: { file: string; name: string }[];
  /** Why no test can cover it yet: the app does not do it. */
  open?: string;
  note?: string;
}

describe('every App1 sender MUST about the workflow or the screen has its test', () => {
  const musts = JSON.parse(read('test/conformance/bars/workflow-musts.json')) as WorkflowMust[];
  /** The audit's list (issue 21): Scope-and-Requirements lines, and How-does-it-work for the practitioner header. */
  const audited = ['L29', 'L77', 'L80', 'L84', 'L91', 'L92', 'L99', 'L101', 'L108', 'L111', 'L116', 'L117', 'L118', 'L121', 'L122', 'L123', 'L124', 'L133', 'L135', 'L142', 'L144', 'L151', 'L154', 'L171']
    .map((line) => `Scope-and-Requirements ${line}`)
    .concat('How-does-it-work');
  /** MUSTs the app does not meet yet: a new one here is a decision, never a test quietly dropped. */
  const knownOpen: string[] = [];

  /** The names of the tests a file runs (`it(` / `it.each(…)(` / `test(`; skipped and todo ones are not counted). */
  const testNames = (file: string): string[] =>
    [...read(file).matchAll(/\b(?:it|test)(?:\.each\([^)]*\))?\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)].map((m) => (m[2] ?? '').replace(/\\(.)/g, '$1'));

  it('lists every MUST the audit named, each once', () => {
    const sources = musts.map((m) => m.source);
    expect(new Set(sources).size).toBe(sources.length);
    expect(sources).toEqual(expect.arrayContaining(audited));
  });

  it('only the known open MUSTs are without a test, each saying why', () => {
    const untested = musts.filter((m) => m.tests.length === 0);
    expect(untested.map((m) => m.source).sort()).toEqual([...knownOpen].sort());
    for (const m of untested) expect(m.open?.length ?? 0).toBeGreaterThan(20);
  });

  it.each(musts.filter((m) => m.tests.length > 0).map((m) => [`${m.source}: ${m.must}`, m] as const))('%s', (_, m) => {
    for (const { file, name } of m.tests) {
      expect(existsSync(join(ROOT, file)), `${file} exists`).toBe(true);
      const matching = testNames(file).filter((n) => n.includes(name));
      expect(matching, `one test in ${file} named "${name}"`).toHaveLength(1);
    }
  });
});
