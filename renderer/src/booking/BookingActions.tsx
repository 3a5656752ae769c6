import { useState } from 'react';
import type { AppErrorShape, Booking, ProviderOutcome, SlotRow } from '../../../preload/contract';
import { useApp } from '../app/navigation';
import { workstation } from '../bridge/workstation';
import { TextAreaField } from '../forms/fields';
import { ErrorMessage } from '../shell/ErrorMessage';
import { ApprovalFields, completeApproval, emptyApproval, type ApprovalDraft } from './ApprovalFields';
import { OutcomeLine } from './ProviderOutcomes';
import { actedOn, asProviderOutcome } from './outcome';
import { afterDeadlineText, SlotDetails } from './SlotDetails';
import { SlotSearch } from './SlotSearch';

type Mode = 'none' | 'cancel' | 'rebook';

/**
 * Cancel a booking with a reason, or rebook it (the new booking is made before the old one is
 * cancelled); each Provider outcome is confirmed on its own line.
 */
export function BookingActions({ booking, serviceName, onChanged }: { booking: Booking; serviceName: string; onChanged: () => void }) {
  const { session } = useApp();
  const [mode, setMode] = useState<Mode>('none');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const [newSlot, setNewSlot] = useState<{ slot: SlotRow; deadline: string } | undefined>(undefined);
  const [approval, setApproval] = useState<ApprovalDraft>(emptyApproval);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const [cancelled, setCancelled] = useState<ProviderOutcome | undefined>(undefined);
  const [rebooked, setRebooked] = useState<{ book: ProviderOutcome; cancel?: ProviderOutcome; newBooking?: Booking } | undefined>(undefined);
  const id = booking.id.slice(0, 8);

  const needReason = () => {
    if (reason.trim() === '') {
      setReasonError('Enter the reason');
      return false;
    }
    setReasonError(undefined);
    return true;
  };

  const cancel = async () => {
    if (!needReason()) return;
    setBusy(true);
    setFailure(undefined);
    const result = await workstation.booking.cancel({ bookingId: booking.id, reason: reason.trim() });
    setBusy(false);
    if (result.ok) {
      setCancelled(asProviderOutcome(result.value.outcome));
      onChanged();
    } else setFailure(result.error);
  };

  const approved = completeApproval(approval);
  const rebookBlocked = newSlot === undefined || (newSlot.slot.outsideTimeframe && approved === undefined);
  const rebook = async () => {
    if (!needReason() || newSlot === undefined || rebookBlocked) return;
    setBusy(true);
    setFailure(undefined);
    const result = await workstation.booking.rebook({
      bookingId: booking.id,
      slotId: newSlot.slot.slotId,
      reason: reason.trim(),
      ...(newSlot.slot.outsideTimeframe && approved !== undefined ? { approval: approved } : {}),
    });
    setBusy(false);
    if (result.ok) {
      const rebookRow = result.value.case.bookingView.rebooks.find((r) => r.id === result.value.rebookId);
      const fresh = actedOn(result.value);
      const book = fresh?.lastOutcome === undefined ? asProviderOutcome(result.value.outcome) : asProviderOutcome(fresh.lastOutcome);
      const old = result.value.case.bookings.find((b) => b.id === rebookRow?.cancelLeg.bookingId);
      const cancel = rebookRow?.cancelLeg.state === 'waiting-for-new' || rebookRow?.cancelLeg.state === 'not-needed' || old?.lastOutcome === undefined ? undefined : asProviderOutcome(old.lastOutcome);
      setRebooked({ book, ...(cancel !== undefined ? { cancel } : {}), ...(fresh?.status === 'booked' ? { newBooking: fresh } : {}) });
      onChanged();
    } else setFailure(result.error);
  };

  if (cancelled !== undefined) {
    return (
      <div role="status" data-testid="cancel-outcome">
        <OutcomeLine label="Cancel the appointment" outcome={cancelled} testId="cancel-result" />
      </div>
    );
  }
  if (rebooked !== undefined) {
    return (
      <div role="status" data-testid="rebook-outcome">
        <OutcomeLine label="Book the new appointment" outcome={rebooked.book} testId="rebook-book-result" />
        {rebooked.cancel !== undefined ? (
          <OutcomeLine label="Cancel the old appointment" outcome={rebooked.cancel} testId="rebook-cancel-result" />
        ) : (
          <p className="nhsuk-body">The old appointment was not cancelled because the new one could not be booked: it still stands.</p>
        )}
        {rebooked.newBooking?.appointmentId !== undefined && (
          <p className="nhsuk-body">
            New booking reference <strong data-testid="rebook-reference">{rebooked.newBooking.appointmentId}</strong>
          </p>
        )}
      </div>
    );
  }

  return (
    <div className="app-booking-actions" data-testid="booking-actions">
      {mode === 'none' && (
        <div className="app-actions">
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setMode('cancel')}>
            Cancel this appointment
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setMode('rebook')}>
            Rebook
          </button>
        </div>
      )}
      {mode !== 'none' && (
        <TextAreaField
          id={`${id}-reason`}
          label={mode === 'cancel' ? 'Why is the appointment being cancelled?' : 'Why is the appointment being moved?'}
          value={reason}
          onChange={setReason}
          error={reasonError}
        />
      )}
      {mode === 'rebook' && (
        <>
          <h3>Choose the new appointment</h3>
          {newSlot === undefined ? (
            <SlotSearch
              caseId={booking.caseId}
              serviceName={serviceName}
              onSelect={(slot, result) => setNewSlot({ slot, deadline: result.deadline })}
              noSlotsActions={<p className="nhsuk-body">The appointment cannot be moved to this service now; it still stands.</p>}
              failureActions={null}
            />
          ) : (
            <>
              <SlotDetails slot={newSlot.slot} deadline={newSlot.deadline} serviceName={serviceName} />
              <button type="button" className="app-link-button" onClick={() => setNewSlot(undefined)}>
                Choose a different appointment
              </button>
              {newSlot.slot.outsideTimeframe && (
                <>
                  <div className="nhsuk-warning-callout">
                    <h4 className="nhsuk-warning-callout__label">
                      <span role="text">
                        <span className="nhsuk-u-visually-hidden">Important: </span>This appointment is after the deadline
                      </span>
                    </h4>
                    <p>{afterDeadlineText(newSlot.slot, newSlot.deadline)}. A clinician must approve it.</p>
                  </div>
                  <ApprovalFields idPrefix={`${id}-rebook`} draft={approval} onChange={setApproval} session={session} />
                </>
              )}
            </>
          )}
        </>
      )}
      {failure !== undefined && <ErrorMessage error={failure} title={mode === 'cancel' ? 'The appointment was not cancelled' : 'The appointment was not moved'} />}
      {mode !== 'none' && (
        <div className="app-actions">
          {mode === 'cancel' ? (
            <button type="button" className="nhsuk-button nhsuk-button--warning" disabled={busy} onClick={() => void cancel()} data-testid="confirm-cancel">
              Cancel the appointment
            </button>
          ) : (
            <button type="button" className="nhsuk-button" disabled={busy || rebookBlocked} onClick={() => void rebook()} data-testid="confirm-rebook">
              Book the new appointment, then cancel the old one
            </button>
          )}
          <button type="button" className="app-link-button" onClick={() => setMode('none')}>
            Do not {mode === 'cancel' ? 'cancel' : 'rebook'}
          </button>
          {busy && (
            <p role="status" aria-busy="true">
              Waiting for the service…
            </p>
          )}
        </div>
      )}
    </div>
  );
}
