import type { OrgStatus } from '../../../preload/contract';
import { formatDateTime } from '../format/time';

/** The organisation record's state in one plain sentence; undefined when there is none to speak of. */
export function orgStatusText(status: OrgStatus): string | undefined {
  switch (status.state) {
    case 'off':
      return undefined;
    case 'up-to-date':
      return 'Organisation record: up to date';
    case 'waiting':
      return status.waiting === 1 ? '1 change waiting to upload' : `${String(status.waiting)} changes waiting to upload`;
    case 'unreachable': {
      const since = status.unreachableSince === undefined ? '' : ` since ${formatDateTime(status.unreachableSince)}`;
      const waiting = status.waiting > 0 ? ` (${String(status.waiting)} waiting)` : '';
      return `Organisation record unreachable${since} — working on this desk only${waiting}${status.problem !== undefined ? `. ${status.problem}` : ''}`;
    }
  }
}
