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
  const kinds: Fault['kind'][] =
    operation === 'read'
      ? ['server-error', 'ssp-504', 'delay', 'not-found-404', 'truncated-body', 'timeout']
      : ['drop-after-commit', 'server-error', 'ssp-502', 'ssp-504', 'truncated-body', 'unreadable-body', 'commit-then-504', 'delay', 'timeout'];
  if (operation === 'book') kinds.push('reject-422');
  if (operation === 'cancel') kinds.push('version-conflict');
  const kind = r.pick(kinds);
  switch (kind) {
    case 'delay':
      return { kind, delayMs: r.int(200, MAX_FAULT_DELAY_MS), operation, times };
    case 'reject-422':
      return { kind, reason: 'slot-unavailable', operation, times: 1 };
    case 'version-conflict':
      return { kind, status: 409, operation, times };
    case 'drop-after-commit':
    case 'server-error':
    case 'ssp-502':
    case 'ssp-504':
    case 'truncated-body':
    case 'unreadable-body':
    case 'commit-then-504':
    case 'not-found-404':
    case 'timeout':
      return { kind, operation, times };
    default:
      throw new Error(`no plan for fault ${kind}`);
  }
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
