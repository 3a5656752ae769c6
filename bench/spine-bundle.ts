/**
 * Turning a 10,000-slot searchset with every include into display rows (zod checks, reference
 * joins, delivery channel), against JSON.parse of the same bytes in the same run.
 * Aim: parse + rows ≤ 3× JSON.parse alone.
 */
import { pathToFileURL } from 'node:url';
import { bundleToRows } from '../main/fhir';
import { makeSlotBundle } from '../test/fixtures/fhir/make-bundle';
import { fmt, percentile } from './support';

const SLOTS = 10_000;
/** Every generated slot (from 5 January 2026, ten minutes apart) lies inside this search. */
const SCOPE = { window: { end: new Date(Date.UTC(2027, 0, 1)) }, now: new Date(Date.UTC(2026, 0, 5)) };
const ROUNDS = 15;

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function run(): Promise<{ name: string; lines: string[] }> {
  const text = JSON.stringify(makeSlotBundle(SLOTS));
  const parse: number[] = [];
  const rows: number[] = [];
  let count = 0;
  // Warm both paths, then alternate them so the shared machine affects each alike.
  for (let i = 0; i < 3; i++) bundleToRows(JSON.parse(text), SCOPE);
  for (let i = 0; i < ROUNDS; i++) {
    parse.push(time(() => void (JSON.parse(text) as unknown)));
    rows.push(time(() => (count = bundleToRows(JSON.parse(text), SCOPE).rows.length)));
  }
  const p = percentile(parse, 50);
  const r = percentile(rows, 50);
  return Promise.resolve({
    name: `FHIR bundle → rows, ${SLOTS} slots, ${fmt(text.length / 1024 / 1024)} MB`,
    lines: [
      `JSON.parse only:        median ${fmt(p)} ms`,
      `JSON.parse + rows:      median ${fmt(r)} ms (${count} rows)`,
      `ratio: ${fmt(r / p, 2)}× (aim ≤ 3×) ${r / p <= 3 ? 'OK' : 'OVER'}`,
    ],
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run();
  console.log(`## ${result.name}\n  ${result.lines.join('\n  ')}`);
}
