import type { ReactNode } from 'react';
import type { SlotRow, SlotSearchResult } from '../../../preload/contract';
import { useApp } from '../app/navigation';
import { workstation } from '../bridge/workstation';
import { formatElapsed } from '../format/elapsed';
import { useWait } from '../hooks/useWait';
import { ErrorMessage } from '../shell/ErrorMessage';
import { SkippedSlotsNotice } from './SkippedSlotsNotice';
import { caseScreenSettings } from './caseScreenSettings';
import { SlotPicker } from './SlotPicker';
import { Waiting } from './Waiting';

/** Marks for the renderer bench: the slot reply reached the renderer. */
export const SLOTS_REPLY_MARK = 'slots:reply';

async function search(caseId: string) {
  const result = await workstation.slots.search({ caseId });
  performance.mark(SLOTS_REPLY_MARK, { detail: { count: result.ok ? result.value.slots.length : 0 } });
  return result;
}

/**
 * Asks the chosen service for its free slots and shows every one; while waiting, the time
 * waited and "Stop waiting" (a search changes nothing at the service, so stopping is safe).
 * `initial`: the list already found by "Compare services", shown without asking again;
 * `initialChannel`: the way of seeing the patient chosen there, the list's starting filter.
 */
export function SlotSearch({
  caseId,
  serviceName,
  onSelect,
  selectedSlotId,
  noSlotsActions,
  failureActions,
  initial,
  initialChannel,
  idPrefix = 'slots',
}: {
  caseId: string;
  serviceName: string;
  onSelect: (slot: SlotRow, result: SlotSearchResult) => void;
  selectedSlotId?: string;
  noSlotsActions: ReactNode;
  failureActions: ReactNode;
  initial?: SlotSearchResult;
  initialChannel?: string;
  idPrefix?: string;
}) {
  const { session } = useApp();
  const settings = caseScreenSettings(session);
  const reply = useWait(() => search(caseId), settings.slotSearchMs, initial);
  if (reply.state === 'waiting') {
    return <Waiting what={`Asking ${serviceName} for free appointments…`} since={reply.since} limitMs={settings.slotSearchMs} onStop={reply.stop} testId="slot-search-busy" />;
  }
  if (reply.state === 'stopped' || reply.state === 'error') {
    return (
      <div data-testid="slot-search-failed" data-stopped={reply.state === 'stopped'}>
        {reply.state === 'stopped' ? (
          <div className="nhsuk-inset-text" role="status">
            <p>Stopped waiting for {serviceName} after {formatElapsed(reply.afterMs)}. Nothing was booked.</p>
          </div>
        ) : (
          <ErrorMessage error={reply.error} title={`Appointments at ${serviceName} could not be found`} />
        )}
        <div className="app-actions">
          <button type="button" className="nhsuk-button" onClick={reply.reload}>
            Search {serviceName} again
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
    <>
      <SkippedSlotsNotice skipped={result.skipped} />
      <SlotPicker result={result} selectedSlotId={selectedSlotId} onSelect={(slot) => onSelect(slot, result)} soonMinutes={settings.inPersonSoonMinutes} idPrefix={idPrefix} {...(initialChannel !== undefined ? { initialChannel } : {})} />
    </>
  );
}
