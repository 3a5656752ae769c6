/**
 * `npm run crash-test -- --sequences N [--seed S] [--from K] [--only K] [--verbose]`: N random sequences of book, cancel, rebook,
 * restart and "check now" against one sandbox Provider that outlives the app, with the app killed
 * (SIGKILL) at random moments and random Provider faults, each checked against the Provider's own
 * appointments. Ends with one line:
 *   N sequences, N kills, N double bookings, N stuck, N lost rows, N contradictions
 * and exits 1 when any of the last four is not 0 (2 when the run itself could not be made).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anyFailure, summaryLine, tally, type Finding } from './checker';
import { planSequence } from './plan';
import { streamFor } from './prng';
import { AppLauncher } from './app-process';
import { startProvider } from './provider';
import { runSequence } from './sequence';

/**
 * The runner's clock starts at a weekday afternoon (every seed diary open) and runs on, whatever
 * the machine's clock says; the app children read the same clock through an offset.
 */
const START = new Date('2026-06-09T13:30:00Z');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} needs a whole number`);
  return value;
}

async function main(): Promise<number> {
  const sequences = option('--sequences', 10);
  const seed = option('--seed', 1);
  // Each sequence has its own stream of the seed: `--only K` replays sequence K of a run alone.
  const only = process.argv.includes('--only') ? option('--only', 0) : undefined;
  // `--from K` runs sequences K…K+N−1 of the seed, so one long run can be split across processes.
  const from = option('--from', 0);
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const root = mkdtempSync(join(tmpdir(), 'bw-crash-'));
  const clockOffsetMs = START.getTime() - Date.now();
  const provider = await startProvider(root, () => new Date(Date.now() + clockOffsetMs));
  const launcher = AppLauncher.create(root);
  const stop = (): void => {
    // Children die with their pipes; the folder goes now, as the process is about to end.
    rmSync(root, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  out(`crash-test: seed ${seed}, ${only === undefined ? `${sequences} sequences from ${from}` : `sequence ${only} only`}, Provider ${provider.baseUrl}, temporary folder ${root}`);
  const findings: Finding[] = [];
  let kills = 0;
  try {
    for (const i of only === undefined ? Array.from({ length: sequences }, (_, k) => from + k) : [only]) {
      const plan = planSequence(streamFor(seed, i));
      const started = Date.now();
      const result = await runSequence({ provider, launcher, root, clockOffsetMs, trace: process.argv.includes('--verbose') ? out : () => undefined }, i, plan);
      kills += result.kills;
      findings.push(...result.findings);
      const ops = plan.steps.map((s) => `${s.action.op}${s.action.op === 'book' && s.action.additional ? '+' : ''}${s.fault === undefined ? '' : `[${s.fault.kind}/${s.fault.operation ?? '*'}]`}${s.killAfterMs === undefined ? '' : `!${s.killAfterMs}ms`}`);
      out(`sequence ${i}: ${plan.cases} case(s), ${ops.join(' ')}; ${result.kills} kills; ${result.findings.length} findings (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      for (const f of result.findings) out(`  ${f.kind}: ${f.detail}`);
      if (result.findings.length > 0) out(`  replay: npm run crash-test -- --seed ${seed} --only ${i} --verbose`);
      for (const e of result.errors) out(`  app error: ${e}`);
    }
  } finally {
    await launcher.close();
    await provider.close();
    rmSync(root, { recursive: true, force: true });
  }
  const t = tally(findings);
  out(summaryLine(only === undefined ? sequences : 1, kills, t));
  return anyFailure(t) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`crash-test could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
