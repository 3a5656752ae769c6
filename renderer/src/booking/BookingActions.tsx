import { useEffect, useRef, useState } from 'react';
import type { AppErrorShape, Booking, Case, CaseAction, OutcomeMessage, SlotRow } from '../../../preload/contract';
import { useApp } from '../app/navigation';
import { useUnsent } from '../app/unsent';
import { workstation } from '../bridge/workstation';
import { TextAreaField } from '../forms/fields';
import { ErrorMessage } from '../shell/ErrorMessage';
import { ApprovalFields, approvalTyped, completeApproval, emptyApproval, type ApprovalDraft } from './ApprovalFields';
import { caseScreenSettings } from './caseScreenSettings';
import { OutcomePanel } from './OutcomePanel';
import { afterDeadlineText, SlotDetails } from './SlotDetails';
import { SlotSearch } from './SlotSearch';
import { Waiting } from './Waiting';

type Mode = 'none' | 'cancel' | 'rebook';

/**
 * Cancel an appointment with a reason, or rebook it (the new booking is made before the old one is
 * cancelled, unless main's note says the service's standard cancels first). Main says whether each
 * is allowed and words every outcome; focus moves to it.
 */
export function BookingActions({ booking, cancel, rebook, onCase }: { booking: Booking; cancel?: CaseAction; rebook?: CaseAction; onCase: (c: Case) => void }) {
  const { session } = useApp();
  const settings = caseScreenSettings(session);
  const [mode, setMode] = useState<Mode>('none');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const [newSlot, setNewSlot] = useState<{ slot: SlotRow; deadline: string } | undefined>(undefined);
  const [approval, setApproval] = useState<ApprovalDraft>(emptyApproval);
  const [busySince, setBusySince] = useState<number | undefined>(undefined);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const [outcome, setOutcome] = useState<OutcomeMessage | undefined>(undefined);
  const resultRef = useRef<HTMLDivElement>(null);
  const id = `b-${booking.id.slice(0, 8)}`;
  const ref = booking.reference;
  // Typed and not yet sent: leaving the case or closing it asks before dropping these.
  useUnsent(`${booking.id}:reason`, mode === 'cancel' ? `Why appointment ${ref} is being cancelled` : `Why appointment ${ref} is being moved`, reason, mode !== 'none');
  useUnsent(`${booking.id}:approval`, `The approval of the new appointment for ${ref}`, approvalTyped(approval), mode === 'rebook' && newSlot?.slot.outsideTimeframe === true);

  useEffect(() => {
    if (outcome !== undefined || failure !== undefined) resultRef.current?.focus();
  }, [outcome, failure]);

  const needReason = () => {
    if (reason.trim() === '') {
      setReasonError('Enter the reason');
      return false;
    }
    setReasonError(undefined);
    return true;
  };

  const doCancel = async () => {
    if (!needReason()) return;
    setBusySince(Date.now());
    setFailure(undefined);
    const result = await workstation.booking.cancel({ bookingId: booking.id, reason: reason.trim() });
    setBusySince(undefined);
    if (result.ok) {
      setMode('none');
      setOutcome(result.value.outcome);
      onCase(result.value.case);
    } else setFailure(result.error);
  };

  const approved = completeApproval(approval, session);
  const rebookBlocked = newSlot === undefined || (newSlot.slot.outsideTimeframe && approved === undefined);
  const doRebook = async () => {
    if (!needReason() || newSlot === undefined || rebookBlocked) return;
    setBusySince(Date.now());
    setFailure(undefined);
    const result = await workstation.booking.rebook({
      bookingId: booking.id,
      slotId: newSlot.slot.slotId,
      reason: reason.trim(),
      ...(newSlot.slot.outsideTimeframe && approved !== undefined ? { approval: approved } : {}),
    });
    setBusySince(undefined);
    if (result.ok) {
      setMode('none');
      setNewSlot(undefined);
      setOutcome(result.value.outcome);
      onCase(result.value.case);
    } else setFailure(result.error);
  };

  return (
    <div className="app-booking-actions" data-testid="booking-actions">
      {outcome !== undefined && <OutcomePanel ref={resultRef} outcome={outcome} testId={outcome.operation === 'rebook' ? 'rebook-outcome' : 'cancel-outcome'} />}
      {mode === 'none' && (cancel !== undefined || rebook !== undefined) && (
        <div className="app-actions">
          {cancel !== undefined && (
            <ActionButton action={cancel} id={`${id}-cancel`} onClick={() => setMode('cancel')} label={<>Cancel<span className="nhsuk-u-visually-hidden"> appointment {ref}</span></>} />
          )}
          {rebook !== undefined && (
            <ActionButton action={rebook} id={`${id}-rebook`} onClick={() => setMode('rebook')} label={<>Rebook<span className="nhsuk-u-visually-hidden"> appointment {ref}</span></>} />
          )}
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
          <h3 className="app-booking-actions__heading">Choose the new appointment</h3>
          {rebook?.note !== undefined && (
            <p className="nhsuk-inset-text" data-testid="rebook-note">
              {rebook.note}
            </p>
          )}
          {newSlot === undefined ? (
            <SlotSearch
              caseId={booking.caseId}
              serviceName={booking.serviceName}
              idPrefix={`${id}-slots`}
              onSelect={(slot, result) => setNewSlot({ slot, deadline: result.deadline })}
              noSlotsActions={<p className="nhsuk-body">The appointment cannot be moved to this service now; it still stands.</p>}
              failureActions={null}
            />
          ) : (
            <>
              <SlotDetails slot={newSlot.slot} deadline={newSlot.deadline} serviceName={booking.serviceName} />
              <button type="button" className="app-link-button" onClick={() => setNewSlot(undefined)}>
                Choose a different new appointment
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
      {failure !== undefined && (
        <div ref={resultRef} tabIndex={-1}>
          <ErrorMessage error={failure} title={mode === 'cancel' ? 'The cancellation was not sent' : 'The rebooking was not sent'} />
        </div>
      )}
      {mode !== 'none' && (
        <div className="app-actions">
          {busySince !== undefined ? (
            <Waiting what={mode === 'cancel' ? `Cancelling with ${booking.serviceName}…` : `Rebooking with ${booking.serviceName}…`} since={busySince} limitMs={settings.bookMs} />
          ) : mode === 'cancel' ? (
            <button type="button" className="nhsuk-button nhsuk-button--warning" onClick={() => void doCancel()} data-testid="confirm-cancel">
              Cancel appointment {ref}
            </button>
          ) : (
            <button type="button" className="nhsuk-button" disabled={rebookBlocked} onClick={() => void doRebook()} data-testid="confirm-rebook">
              {rebook?.note === undefined ? `Book the new appointment, then cancel ${ref}` : `Cancel ${ref}, then book the new appointment`}
            </button>
          )}
          {busySince === undefined && (
            <button type="button" className="app-link-button" onClick={() => setMode('none')}>
              Do not {mode === 'cancel' ? 'cancel' : 'rebook'}
              <span className="nhsuk-u-visually-hidden"> appointment {ref}</span>
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function ActionButton({ action, id, onClick, label }: { action: CaseAction; id: string; onClick: () => void; label: React.ReactNode }) {
  return (
    <>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={!action.enabled} aria-describedby={action.enabled ? undefined : `${id}-why`} onClick={onClick} data-testid={`${action.action}-button`}>
        {label}
      </button>
      {!action.enabled && action.disabledReason !== undefined && (
        <p id={`${id}-why`} className="app-blocked">
          {action.disabledReason}
        </p>
      )}
    </>
  );
}
