/**
 * A sequence's steps, drawn from the seed before anything runs: what the clinician does, which
 * fault the Provider injects and when the app is killed. Outcomes still depend on timing (a kill
 * lands where the app happens to be), so the plan, not the result, is what the seed fixes.
 */
import type { Fault } from '../../main/sandbox';
import type { Random } from './prng';

export type Action =
  | { op: 'book'; caseIndex: number; pick: number; additional: boolean }
  | { op: 'cancel'; caseIndex: number; pick: number }
  | { op: 'rebook'; caseIndex: number; pick: number; slotPick: number }
  | { op: 'resolve'; caseIndex: number; pick: number }
  /** A clean close and start on the same data folder. */
  | { op: 'restart' }
  /** Nothing for a while: the reconciler works alone (and may be killed doing it). */
  | { op: 'idle'; ms: number };

export interface Step {
  action: Action;
  /** Set on the service just before the action (it may also hit the reconciler's later checks). */
  fault?: Fault;
  /** SIGKILL this long after the action is sent, whether or not it has answered by then. */
  killAfterMs?: number;
}

export interface SequencePlan {
  cases: number;
  steps: Step[];
}

/** Longest injected delay; the runner waits this long after the settle so no late write is missed. */
export const MAX_FAULT_DELAY_MS = 2_500;

function fault(r: Random): Fault {
  const operation = r.pick(['book', 'book', 'cancel', 'cancel', 'read'] as const);
  const times = r.int(1, 2);
  const scope = { operation, times };
  const lost: Fault[] = [{ kind: 'server-error', ...scope }, { kind: 'ssp-504', ...scope }, { kind: 'truncated-body', ...scope }, { kind: 'timeout', ...scope }];
  const slow: Fault = { kind: 'delay', delayMs: r.int(200, MAX_FAULT_DELAY_MS), ...scope };
  const choices: Fault[] =
    operation === 'read'
      ? [...lost, slow, { kind: 'not-found-404', ...scope }]
      : [
          ...lost,
          slow,
          { kind: 'drop-after-commit', ...scope },
          { kind: 'ssp-502', ...scope },
          { kind: 'unreadable-body', ...scope },
          { kind: 'commit-then-504', ...scope },
          operation === 'book' ? { kind: 'reject-422', reason: 'slot-unavailable', operation, times: 1 } : { kind: 'version-conflict', status: 409, ...scope },
        ];
  return r.pick(choices);
}

function action(r: Random, cases: number): Action {
  const caseIndex = r.int(0, cases - 1);
  const roll = r.next();
  if (roll < 0.34) return { op: 'book', caseIndex, pick: r.next(), additional: r.chance(0.25) };
  if (roll < 0.56) return { op: 'rebook', caseIndex, pick: r.next(), slotPick: r.next() };
  if (roll < 0.72) return { op: 'cancel', caseIndex, pick: r.next() };
  if (roll < 0.84) return { op: 'resolve', caseIndex, pick: r.next() };
  if (roll < 0.92) return { op: 'restart' };
  return { op: 'idle', ms: r.int(100, 1_500) };
}

/** A few ms into a call half the time (the request may be on the wire); anywhere up to 1.5 s otherwise. */
function killDelay(r: Random): number {
  return r.chance(0.5) ? r.int(0, 30) : r.int(30, 1_500);
}

export function planSequence(r: Random): SequencePlan {
  const cases = r.int(1, 2);
  const length = r.int(4, 7);
  const steps: Step[] = [];
  // Every case starts with a booking, so cancels and rebooks have something to act on.
  for (let i = 0; i < cases; i++) steps.push({ action: { op: 'book', caseIndex: i, pick: r.next(), additional: false } });
  for (let i = 0; i < length; i++) steps.push({ action: action(r, cases) });
  for (const step of steps) {
    if (step.action.op !== 'restart' && r.chance(0.45)) step.fault = fault(r);
    if (r.chance(0.35)) step.killAfterMs = killDelay(r);
  }
  return { cases, steps };
}
