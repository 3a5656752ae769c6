import type { ReactNode } from 'react';
import type { SlotRow, SlotSearchResult } from '../../../preload/contract';
import { workstation } from '../bridge/workstation';
import { formatDateTime } from '../format/time';
import { useResult } from '../hooks/useResult';
import { ErrorMessage } from '../shell/ErrorMessage';
import { SkippedSlotsNotice } from './SkippedSlotsNotice';
import { SlotList } from './SlotList';

/** Marks for the renderer bench: the slot reply reached the renderer. */
export const SLOTS_REPLY_MARK = 'slots:reply';

async function search(caseId: string) {
  const result = await workstation.slots.search({ caseId });
  performance.mark(SLOTS_REPLY_MARK, { detail: { count: result.ok ? result.value.slots.length : 0 } });
  return result;
}

/**
 * Asks the chosen service for its free slots and shows every one; while waiting, a status
 * the user can see and hear. `noSlotsActions` are the next steps offered when there are none.
 */
export function SlotSearch({
  caseId,
  serviceName,
  onSelect,
  selectedSlotId,
  noSlotsActions,
  failureActions,
}: {
  caseId: string;
  serviceName: string;
  onSelect: (slot: SlotRow, result: SlotSearchResult) => void;
  selectedSlotId?: string;
  noSlotsActions: ReactNode;
  failureActions: ReactNode;
}) {
  const reply = useResult(() => search(caseId));
  if (reply.state === 'loading') {
    return (
      <div className="app-progress" role="status" aria-busy="true" data-testid="slot-search-busy">
        <span className="app-spinner" aria-hidden="true" />
        Asking {serviceName} for free appointments…
      </div>
    );
  }
  if (reply.state === 'error') {
    return (
      <div data-testid="slot-search-failed">
        <ErrorMessage error={reply.error} title={`Appointments at ${serviceName} could not be found`} />
        <div className="app-actions">
          <button type="button" className="nhsuk-button" onClick={reply.reload}>
            Try again
          </button>
          {failureActions}
        </div>
      </div>
    );
  }
  const result = reply.value;
  if (result.slots.length === 0) {
    return (
      <div data-testid="no-slots">
        <div className="nhsuk-warning-callout">
          <h3 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>No appointments available at this service
            </span>
          </h3>
          <p role="status">{result.noSlotsReason !== undefined ? `${serviceName} says: ${result.noSlotsReason}` : `${serviceName} has no free appointments.`}</p>
          <SkippedSlotsNotice skipped={result.skipped} />
        </div>
        <div className="app-actions">{noSlotsActions}</div>
      </div>
    );
  }
  return (
    <div data-testid="slot-results">
      <p className="nhsuk-body" role="status" data-testid="slot-counts">
        <strong>{result.slots.length}</strong> appointments: <strong>{result.insideTimeframe}</strong> inside the timeframe, <strong>{result.outsideTimeframe}</strong> after it.
        Deadline {formatDateTime(result.deadline)}.
      </p>
      <SkippedSlotsNotice skipped={result.skipped} />
      <p className="nhsuk-hint">Use the up and down arrow keys to move between appointments and Enter to choose one.</p>
      <SlotList slots={result.slots} deadline={result.deadline} selectedSlotId={selectedSlotId} onSelect={(slot) => onSelect(slot, result)} />
    </div>
  );
}
