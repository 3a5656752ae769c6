/**
 * One crash sequence: a fresh app data folder against the run's Provider, the planned steps with
 * their faults and kills, a check at every still moment, then a settle and the final check.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppLauncher, Command } from './app-process';
import { checkAnyTime, checkSettled, REBOOK_FINAL, type AppSnapshot, type Finding } from './checker';
import { MAX_FAULT_DELAY_MS, type Action, type SequencePlan } from './plan';
import type { CrashProvider } from './provider';
import { auditProblems, readApp } from './snapshot';

/** How long the reconciler gets, with the Provider healthy again, to settle every outstanding answer. */
const SETTLE_LIMIT_MS = 15_000;
const FAMILIES = ['Fielding', 'Okafor', 'Nowak'];
const UNSETTLED = new Set(['pending', 'unknown', 'cancelling', 'cancel-unknown']);

export interface RunContext {
  provider: CrashProvider;
  launcher: AppLauncher;
  /** The run's temporary folder; each sequence's data folder goes inside it. */
  root: string;
  clockOffsetMs: number;
  /** Each step's answer, for `--verbose`. */
  trace(line: string): void;
}

export interface SequenceResult {
  kills: number;
  findings: Finding[];
  /** Replies that were neither an outcome nor a refusal: the app threw or crashed on its own. */
  errors: string[];
}

function commandFor(action: Exclude<Action, { op: 'restart' } | { op: 'idle' }>, cases: readonly string[]): Command {
  const caseId = cases[action.caseIndex] ?? '';
  switch (action.op) {
    case 'book':
      return { op: 'book', caseId, pick: action.pick, additional: action.additional };
    case 'cancel':
      return { op: 'cancel', caseId, pick: action.pick };
    case 'rebook':
      return { op: 'rebook', caseId, pick: action.pick, slotPick: action.slotPick };
    case 'resolve':
      return { op: 'resolve', caseId, pick: action.pick };
  }
}

export async function runSequence(ctx: RunContext, index: number, plan: SequencePlan): Promise<SequenceResult> {
  const { provider } = ctx;
  provider.reset();
  const dataDir = mkdtempSync(join(ctx.root, `app-${index}-`));
  const settingsFile = join(dataDir, 'settings.json');
  // Our own deadlines short, so a slow Provider (delay faults up to 2.5 s) is sometimes "no answer in time".
  writeFileSync(
    settingsFile,
    JSON.stringify({
      mode: 'sandbox',
      sandbox: { externalBaseUrl: provider.baseUrl },
      timeouts: { bookMs: 1_500, readMs: 1_000, slotSearchMs: 5_000 },
      actionDeadlines: { writeMs: 3_000 },
    }),
  );
  const config = { dataDir, settingsFile, clockOffsetMs: ctx.clockOffsetMs };
  const found = new Map<string, Finding>();
  const errors: string[] = [];
  const note = (findings: readonly Finding[]): void => {
    for (const f of findings) if (!found.has(f.key)) found.set(f.key, f);
  };
  const check = (app: AppSnapshot): void => {
    const held = provider.appointments();
    ctx.trace(`    app ${app.bookings.map((b) => b.status).join(',') || '-'} | Provider ${held.map((a) => a.status).join(',') || '-'}`);
    note(checkAnyTime(app, held));
  };
  let kills = 0;
  let app = await ctx.launcher.start(config);
  try {
    const cases: string[] = [];
    for (let i = 0; i < plan.cases; i++) {
      const reply = await app.send({ op: 'open-case', family: FAMILIES[i] ?? 'Fielding' });
      if (reply === 'killed' || !reply.ok) throw new Error(`case ${i} could not be opened: ${reply === 'killed' ? 'killed' : reply.value}`);
      cases.push(reply.value);
    }
    for (const step of plan.steps) {
      if (step.fault !== undefined) provider.fault(step.fault);
      const { action } = step;
      let killed = false;
      if (action.op === 'restart') {
        await app.close();
        app = await ctx.launcher.start(config);
      } else if (action.op === 'idle') {
        await sleep(Math.min(action.ms, step.killAfterMs ?? action.ms));
        if (step.killAfterMs !== undefined) {
          await app.kill();
          killed = true;
        }
      } else {
        const reply = await app.send(commandFor(action, cases), step.killAfterMs);
        killed = reply === 'killed';
        ctx.trace(`  ${action.op}: ${reply === 'killed' ? `killed after ${step.killAfterMs ?? 0} ms` : `${reply.ok ? '' : 'refused: '}${reply.value}`}`);
        if (reply !== 'killed' && !reply.ok && reply.refused !== true) errors.push(`${action.op}: ${reply.value}`);
      }
      if (killed || !app.alive) {
        if (!killed) errors.push(`the app ended by itself: ${app.errors.trim().split('\n').at(-1) ?? ''}`);
        kills += killed ? 1 : 0;
        // Dead, the app's picture cannot move; the Provider may still finish what it was sent.
        check(readApp(dataDir));
        app = await ctx.launcher.start(config);
      } else {
        await app.send({ op: 'pause' });
        check(readApp(dataDir));
        await app.send({ op: 'resume' });
      }
    }
    provider.clearFaults();
    const healthySince = Date.now();
    await settle(dataDir);
    // A write slowed by a fault before the faults were cleared may still land: the final picture waits for it.
    if (plan.steps.some((s) => s.fault?.kind === 'delay')) await sleep(Math.max(0, healthySince + MAX_FAULT_DELAY_MS + 500 - Date.now()));
    await app.close();
    const final = { ...readApp(dataDir), auditProblems: await auditProblems(dataDir) };
    note(checkSettled(final, provider.appointments()));
  } finally {
    await app.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { kills, findings: [...found.values()], errors };
}

/** Waits, bounded, until the app holds no outstanding answer and no rebook still moving (the Provider is healthy again). */
async function settle(dataDir: string): Promise<void> {
  const until = Date.now() + SETTLE_LIMIT_MS;
  while (Date.now() < until) {
    const app = readApp(dataDir);
    if (!app.bookings.some((b) => UNSETTLED.has(b.status)) && app.rebooks.every((r) => REBOOK_FINAL.has(r.state))) return;
    await sleep(200);
  }
}
