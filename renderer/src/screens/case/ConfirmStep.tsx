import { useCallback, useState } from 'react';
import type { AppErrorShape, Booking, Case, SlotRow } from '../../../../preload/contract';
import { useApp } from '../../app/navigation';
import { workstation } from '../../bridge/workstation';
import { ApprovalFields, completeApproval, emptyApproval, type ApprovalDraft } from '../../booking/ApprovalFields';
import { CheckingBooking } from '../../booking/CheckingBooking';
import { actedOn } from '../../booking/outcome';
import { bookingFailureKind, bookingIdFromReference } from '../../booking/failure';
import { PatientSummary } from '../../booking/PatientSummary';
import { SlotDetails } from '../../booking/SlotDetails';
import { minutesAfterDeadline } from '../../format/slot';
import { formatDateTime, formatDuration } from '../../format/time';
import { ErrorMessage } from '../../shell/ErrorMessage';

type Phase = { kind: 'idle' } | { kind: 'sending' } | { kind: 'checking'; bookingId: string } | { kind: 'failed'; error: AppErrorShape } | { kind: 'not-made'; booking: Booking };

/**
 * Everything the Provider will receive, checked before anything is sent; after the deadline,
 * clinical approval first. Failures are handled by what they mean for the user.
 */
export function ConfirmStep({
  c,
  slot,
  onBooked,
  onSlotTaken,
  onChooseService,
}: {
  c: Case;
  slot: SlotRow;
  onBooked: (b: Booking) => void;
  onSlotTaken: () => void;
  onChooseService: () => void;
}) {
  const { session } = useApp();
  const [approval, setApproval] = useState<ApprovalDraft>(emptyApproval);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const approved = completeApproval(approval);
  const blocked = slot.outsideTimeframe && approved === undefined;
  const serviceName = c.service?.name ?? 'the service';

  const book = async () => {
    if (blocked) return;
    setPhase({ kind: 'sending' });
    const result = await workstation.booking.book({ caseId: c.id, slotId: slot.slotId, ...(slot.outsideTimeframe && approved !== undefined ? { approval: approved } : {}) });
    if (result.ok) {
      const b = actedOn(result.value);
      if (b === undefined) return;
      if (b.status === 'booked') onBooked(b);
      else if (b.status === 'unknown' || b.status === 'pending') setPhase({ kind: 'checking', bookingId: b.id });
      else if (result.value.outcome.failureKind === 'slot-unavailable') onSlotTaken();
      else setPhase({ kind: 'not-made', booking: b });
      return;
    }
    const kind = bookingFailureKind(result.error.code);
    if (kind === 'slot-taken') {
      onSlotTaken();
      return;
    }
    if (kind === 'outcome-unknown') {
      const id = bookingIdFromReference(result.error.reference) ?? (await unknownBookingId(c.id, slot.slotId));
      if (id !== undefined) {
        setPhase({ kind: 'checking', bookingId: id });
        return;
      }
    }
    setPhase({ kind: 'failed', error: result.error });
  };

  const settled = useCallback(
    (b: Booking) => {
      if (b.status === 'booked') onBooked(b);
      else setPhase({ kind: 'not-made', booking: b });
    },
    [onBooked],
  );

  if (phase.kind === 'checking') return <CheckingBooking bookingId={phase.bookingId} onSettled={settled} />;

  return (
    <div data-testid="confirm-step">
      <h3>The appointment</h3>
      <SlotDetails slot={slot} deadline={c.outcome.deadline} serviceName={serviceName} />
      <p className="nhsuk-body">
        Service: <strong>{serviceName}</strong>
      </p>
      {slot.outsideTimeframe && (
        <div className="nhsuk-warning-callout" data-testid="outside-warning">
          <h3 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>This appointment is after the deadline
            </span>
          </h3>
          <p>
            The deadline for {c.outcome.dispositionCode} is <strong>{formatDateTime(c.outcome.deadline)}</strong>. This appointment starts{' '}
            <strong>{formatDuration(minutesAfterDeadline(slot, c.outcome.deadline))}</strong> after it. It can only be booked with a
            clinician’s approval.
          </p>
        </div>
      )}
      {slot.outsideTimeframe && <ApprovalFields idPrefix="book" draft={approval} onChange={setApproval} session={session} />}
      <h3>The patient</h3>
      <PatientSummary patient={c.patient} />
      {phase.kind === 'failed' && <BookingFailure error={phase.error} onRetry={() => void book()} onChooseService={onChooseService} referralAllowed={c.referralAllowed} />}
      {phase.kind === 'not-made' && (
        <ErrorMessage
          error={{ code: 'provider-rejected', message: phase.booking.lastOutcome === undefined ? 'The booking was not made.' : `${phase.booking.lastOutcome.title}. ${phase.booking.lastOutcome.known}`, action: phase.booking.lastOutcome?.next ?? 'Choose another appointment or another service.' }}
        />
      )}
      <div className="app-actions">
        <button type="button" className="nhsuk-button" disabled={blocked || phase.kind === 'sending'} aria-describedby={blocked ? 'book-blocked' : undefined} onClick={() => void book()} data-testid="book-button">
          Book this appointment
        </button>
        {blocked && (
          <p id="book-blocked" className="app-blocked">
            Booking is not possible until the approving clinician’s name, role and reason are filled in.
          </p>
        )}
        {phase.kind === 'sending' && (
          <p role="status" aria-busy="true">
            Booking with {serviceName}…
          </p>
        )}
      </div>
    </div>
  );
}

/** The case's booking of this slot still waiting for an answer (its id names what to resolve). */
async function unknownBookingId(caseId: string, slotId: string): Promise<string | undefined> {
  const result = await workstation.case.get({ caseId });
  if (!result.ok) return undefined;
  const waiting = result.value.bookings.filter((b) => b.status === 'unknown' || b.status === 'pending');
  return (waiting.find((b) => b.slot.slotId === slotId) ?? waiting.at(-1))?.id;
}

/** A failed booking in plain words with the next steps that fit the failure. */
export function BookingFailure({ error, onRetry, onChooseService, referralAllowed }: { error: AppErrorShape; onRetry: () => void; onChooseService: () => void; referralAllowed: boolean }) {
  const kind = bookingFailureKind(error.code);
  return (
    <div data-testid="booking-failed" data-failure={kind}>
      <ErrorMessage error={error} title="The appointment was not booked" />
      {kind === 'it-service-desk' && <p className="nhsuk-body app-error-action">Call the IT service desk and give them the reference above. Send a referral meanwhile if the patient cannot wait.</p>}
      {kind === 'retry-or-elsewhere' && (
        <div className="app-actions">
          <button type="button" className="nhsuk-button" onClick={onRetry}>
            Try again
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onChooseService}>
            Choose another service
          </button>
          {referralAllowed && <p className="nhsuk-body">Or send a referral below.</p>}
        </div>
      )}
      {kind === 'show-message' && (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onChooseService}>
          Choose another service
        </button>
      )}
    </div>
  );
}
