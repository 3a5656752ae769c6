import { useEffect, useRef, useState } from 'react';
import type { AppErrorShape, Case, OutcomeMessage, SlotRow } from '../../../preload/contract';
import { useApp } from '../app/navigation';
import { useUnsent } from '../app/unsent';
import { workstation } from '../bridge/workstation';
import { TextAreaField } from '../forms/fields';
import { minutesAfterDeadline } from '../format/slot';
import { formatDateTime, formatDuration } from '../format/time';
import { useNow } from '../hooks/useNow';
import { ErrorMessage } from '../shell/ErrorMessage';
import { ApprovalFields, approvalTyped, completeApproval, emptyApproval, type ApprovalDraft } from './ApprovalFields';
import { actionOf } from './case-actions';
import { patientContactLine, startsSoon } from './contact-line';
import { caseScreenSettings } from './caseScreenSettings';
import { OutcomePanel } from './OutcomePanel';
import { PatientSummary } from './PatientSummary';
import { SlotDetails } from './SlotDetails';
import { Waiting } from './Waiting';

/**
 * Check and book, beside the list: everything the Provider will receive about the chosen slot
 * and the patient, then one primary action. What the booking became is main's to say: the
 * answer is the whole case, rendered by the caller, plus the one message shown here.
 */
export function CheckAndBook({ c, slot, onCase, onFailed }: { c: Case; slot: SlotRow; onCase: (c: Case) => void; onFailed: () => void }) {
  const { session } = useApp();
  const settings = caseScreenSettings(session);
  const now = useNow(30_000);
  // Kept when another slot is chosen (the pane is not remounted): typed text is not dropped by a click in the list.
  const [approval, setApprovalDraft] = useState<ApprovalDraft>(emptyApproval);
  // The slot the approval was typed for: shown when it is carried to another, to be checked.
  const [approvalFor, setApprovalFor] = useState<SlotRow | undefined>(undefined);
  const [additionalReason, setAdditionalReason] = useState('');
  const [sendingSince, setSendingSince] = useState<number | undefined>(undefined);
  const [outcome, setOutcome] = useState<OutcomeMessage | undefined>(undefined);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const resultRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const serviceName = c.service?.name ?? 'the service';
  const approved = completeApproval(approval, session);
  const book = actionOf(c, 'book');
  const additional = actionOf(c, 'book-additional');
  const useAdditional = book?.enabled !== true && additional?.enabled === true;
  const needApproval = slot.outsideTimeframe && approved === undefined;
  const needReason = useAdditional && additionalReason.trim() === '';
  const allowed = book?.enabled === true || useAdditional;
  const setApproval = (d: ApprovalDraft) => {
    setApprovalDraft(d);
    setApprovalFor(slot);
  };
  const approvalText = approvalTyped(approval);
  const carried = approvalFor !== undefined && approvalFor.slotId !== slot.slotId && approvalText !== '' ? approvalFor : undefined;
  useUnsent('book:approval', 'The approval to book after the deadline', approvalText, slot.outsideTimeframe, 'step');
  useUnsent('book:additional-reason', 'Why the patient needs a second appointment', additionalReason, useAdditional, 'step');
  const blockedReason = !allowed
    ? (book?.disabledReason ?? 'Booking is not possible for this case now.')
    : needApproval
      ? 'Booking is not possible until the approving clinician’s name, role and reason are filled in.'
      : needReason
        ? 'Give the reason a second appointment is needed.'
        : undefined;

  useEffect(() => {
    // A new slot chosen: its details are what the user reads next.
    setOutcome(undefined);
    setFailure(undefined);
    headingRef.current?.focus({ preventScroll: true });
  }, [slot.slotId]);

  useEffect(() => {
    // After a failed booking, focus lands on what happened and what to do next.
    if (outcome !== undefined || failure !== undefined) resultRef.current?.focus();
  }, [outcome, failure]);

  const submit = async () => {
    if (blockedReason !== undefined) return;
    setSendingSince(Date.now());
    setOutcome(undefined);
    setFailure(undefined);
    const result = await workstation.booking.book({
      caseId: c.id,
      slotId: slot.slotId,
      ...(slot.outsideTimeframe && approved !== undefined ? { approval: approved } : {}),
      ...(useAdditional ? { additional: { reason: additionalReason.trim() } } : {}),
    });
    setSendingSince(undefined);
    if (result.ok) {
      setOutcome(result.value.outcome);
      onCase(result.value.case);
      // Not booked: the list is searched again, so a slot the Provider says is taken is gone from it.
      if (result.value.outcome.tone === 'failure') onFailed();
    } else setFailure(result.error);
  };

  const contactLine = patientContactLine(slot, c.patient);
  const soon = startsSoon(slot, now, settings.inPersonSoonMinutes);
  return (
    <div className="app-check-book" data-testid="confirm-step" data-slot-id={slot.slotId}>
      <h3 ref={headingRef} tabIndex={-1} className="app-check-book__heading">
        Check and book
      </h3>
      <SlotDetails slot={slot} deadline={c.outcome.deadline} serviceName={serviceName} {...(contactLine !== undefined ? { contactLine } : {})} />
      {soon && (
        <div className="nhsuk-warning-callout app-compact-callout" data-testid="starts-soon">
          <h4 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>Starts within {settings.inPersonSoonMinutes} minutes
            </span>
          </h4>
          <p>This appointment is in person and starts at {formatDateTime(slot.start)}. Check the patient can get there in time.</p>
        </div>
      )}
      {slot.outsideTimeframe && (
        <div className="nhsuk-warning-callout app-compact-callout" data-testid="outside-warning">
          <h4 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>This appointment is after the deadline
            </span>
          </h4>
          <p>
            The deadline for {c.outcome.dispositionCode} is <strong>{formatDateTime(c.outcome.deadline)}</strong>. This appointment starts{' '}
            <strong>{formatDuration(minutesAfterDeadline(slot, c.outcome.deadline))}</strong> after it. It can only be booked with a clinician’s approval.
          </p>
        </div>
      )}
      {slot.outsideTimeframe && carried !== undefined && (
        <p className="nhsuk-inset-text app-compact-callout" data-testid="approval-carried">
          This approval was typed for the appointment at {formatDateTime(carried.start)}. Check it applies to this one before booking.
        </p>
      )}
      {slot.outsideTimeframe && <ApprovalFields idPrefix="book" draft={approval} onChange={setApproval} session={session} />}
      {useAdditional && (
        <TextAreaField id="book-additional-reason" label="Why does the patient need a second appointment?" value={additionalReason} onChange={setAdditionalReason} error={undefined} />
      )}
      <details className="nhsuk-details app-compact-details">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">The patient details the service will receive</span>
        </summary>
        <div className="nhsuk-details__text">
          <PatientSummary patient={c.patient} />
        </div>
      </details>
      {outcome !== undefined && outcome.tone !== 'success' && <OutcomePanel ref={resultRef} outcome={outcome} testId="booking-outcome" />}
      {failure !== undefined && (
        <div ref={resultRef} tabIndex={-1} data-testid="booking-failed">
          <ErrorMessage error={failure} title="The appointment was not booked" />
        </div>
      )}
      <div className="app-actions app-check-book__actions">
        {sendingSince !== undefined ? (
          <Waiting what={`Booking with ${serviceName}… do not close the case.`} since={sendingSince} limitMs={settings.bookMs} testId="booking-busy" />
        ) : (
          <button type="button" className="nhsuk-button" disabled={blockedReason !== undefined} aria-describedby={blockedReason !== undefined ? 'book-blocked' : undefined} onClick={() => void submit()} data-testid="book-button">
            {useAdditional ? 'Book an additional appointment' : 'Book this appointment'}
          </button>
        )}
        {blockedReason !== undefined && sendingSince === undefined && (
          <p id="book-blocked" className="app-blocked" data-testid="book-blocked">
            {blockedReason}
          </p>
        )}
      </div>
    </div>
  );
}
