import type { OrgStatus } from '../../../preload/contract';
import { formatDateTime } from '../format/time';

/** What is waiting, as a person counts it: cases, not the rows each one queues. */
function waitingText(status: OrgStatus): string {
  if (status.waiting > 0) return status.waiting === 1 ? 'changes to 1 case waiting to upload' : `changes to ${String(status.waiting)} cases waiting to upload`;
  if ((status.activityWaiting ?? 0) > 0) return 'activity log waiting to upload';
  return 'nothing waiting to upload';
}

/** The organisation record's state in one plain sentence; undefined when there is none to speak of. */
export function orgStatusText(status: OrgStatus): string | undefined {
  switch (status.state) {
    case 'off':
      return undefined;
    case 'up-to-date':
      return 'Organisation record: up to date';
    case 'waiting':
      return `Organisation record: ${waitingText(status)}`;
    case 'unreachable': {
      const since = status.unreachableSince === undefined ? '' : ` since ${formatDateTime(status.unreachableSince)}`;
      const confirmed =
        status.lastConfirmedAt === undefined ? ' (not reached since this desk started)' : ` (last reached ${formatDateTime(status.lastConfirmedAt)})`;
      const problem = status.problem === undefined ? '' : ` ${status.problem}`;
      return `Organisation record cannot be reached${since}${confirmed} — working on this desk only; ${waitingText(status)}.${problem}`;
    }
  }
}
