import { channelsOf, contract, type SessionInfo, type StartupProblem } from '../../preload/contract';
import { AppError } from '../api/app-error';
import type { Handlers } from '../api/handlers';
import type { StorageFaultKind } from '../db/storage-fault';
import type { InstanceInfo } from './instance-lock';

export const DISK_FULL_MESSAGE = 'The disk is full: nothing more can be saved.';

/** Plain words for each way the data folder can be unusable at start, with the way out. */
export function startupProblem(kind: StorageFaultKind, dataDir: string): StartupProblem {
  switch (kind) {
    case 'disk-full':
      return {
        kind: 'disk-full',
        message: `${DISK_FULL_MESSAGE} Booking Workstation cannot start until there is free space.`,
        action: `Free space on the disk that holds ${dataDir} (or ask the IT service desk to), then start the app again. Nothing already saved has been lost.`,
      };
    case 'read-only':
      return {
        kind: 'read-only',
        message: `Booking Workstation cannot write to its data folder (${dataDir}), so it cannot keep cases, bookings or the audit trail.`,
        action: 'Ask the IT service desk to give your account write access to that folder (or free the disk), then start the app again.',
      };
    case 'damaged':
      return {
        kind: 'store-damaged',
        message: 'The workstation’s data file is damaged, so the app will not use it or write to it.',
        action: `Do not delete it. Call the IT service desk: they can restore the latest backup of ${dataDir}, or rename workstation.sqlite there (the damaged file is kept as evidence) so the app starts with an empty store. Until then, book by phoning the service.`,
      };
    case 'emptied':
      return {
        kind: 'store-emptied',
        message: 'The workstation’s data file is empty: the cases, bookings and audit trail it held are not in it any more.',
        action: `Call the IT service desk to restore the latest backup of ${dataDir}. If there is none, they can rename the empty workstation.sqlite so the app starts with a new store. Until then, book by phoning the service.`,
      };
  }
}

/**
 * The data file is gone but the files around it show a store existed: starting a new, empty one
 * would hide the loss and leave the audit trail's anchors pointing at nothing.
 */
export function storeMissing(dataDir: string, evidence: readonly string[]): StartupProblem {
  return {
    kind: 'store-missing',
    message: `The workstation’s data file (workstation.sqlite) is missing from ${dataDir}, but ${evidence.join(', ')} ${evidence.length === 1 ? 'is' : 'are'} still there: the cases, bookings and audit trail it held were deleted or moved. The app will not start a new, empty store in its place.`,
    action: `Call the IT service desk. They should restore the latest backup of ${dataDir}, with workstation.sqlite, workstation.audit-head.log and the audit key restored together from the same backup, then start the app again. Do not delete the remaining files. Until then, book by phoning the service.`,
  };
}

export function alreadyRunning(dataDir: string, holder: InstanceInfo | undefined): StartupProblem {
  const who = holder === undefined ? '' : ` (process ${String(holder.pid)}${holder.origin !== undefined ? `, at ${holder.origin}` : ''})`;
  return {
    kind: 'already-running',
    message: `Booking Workstation is already running on this computer for the data folder ${dataDir}${who}.`,
    action: 'Switch to its window. If it has no window open, the running app opens a new one when you start it again; to stop it, close it or press Ctrl+C in its terminal.',
  };
}

/** With an unusable data folder the app still answers: the session names the problem and every other call refuses. */
export function startupProblemHandlers(session: SessionInfo, problem: StartupProblem): Handlers {
  const table: Record<string, Record<string, () => Promise<unknown>>> = {};
  for (const { namespace, method } of channelsOf(contract)) {
    (table[namespace] ??= {})[method] = () =>
      Promise.reject(new AppError(problem.kind === 'disk-full' ? 'disk-full' : 'internal', problem.message, { action: problem.action }));
  }
  (table.session ??= {}).get = () => Promise.resolve({ ...session, startupProblem: problem });
  return table as unknown as Handlers;
}
