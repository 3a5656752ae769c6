import type { Ref } from 'react';
import type { Case } from '../../../../preload/contract';

/** What the next referral will carry, read before it goes: who to, which appointment, which notes. */
export function ReferralPreview({ c, notes }: { c: Case; notes: string | undefined }) {
  const service = c.service;
  if (service === undefined) return null;
  const booked = c.bookings.filter((b) => b.serviceId === service.serviceId && b.status === 'booked').at(-1);
  return (
    <dl className="nhsuk-summary-list app-compact-list" data-testid="referral-preview">
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">To</dt>
        <dd className="nhsuk-summary-list__value">{service.name}</dd>
      </div>
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">Appointment</dt>
        <dd className="nhsuk-summary-list__value">{booked !== undefined ? `${booked.slotText}, reference ${booked.reference}` : 'None: sent without an appointment'}</dd>
      </div>
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">Clinical notes</dt>
        <dd className="nhsuk-summary-list__value app-notes-preview" data-testid="referral-preview-notes">
          {notes !== undefined && notes.trim() !== '' ? notes : 'None written'}
        </dd>
      </div>
    </dl>
  );
}

/**
 * The send held: notes were typed but not saved, and the referral carries saved notes only.
 * One plain question, the typed notes shown, and both answers a button.
 */
export function UnsavedNotesQuestion({ typed, headingRef, onSaveAndSend, onSendWithout, busy }: { typed: string; headingRef: Ref<HTMLHeadingElement>; onSaveAndSend: () => void; onSendWithout: () => void; busy: boolean }) {
  return (
    <div className="nhsuk-warning-callout app-compact-callout" data-testid="unsaved-notes-question">
      <h3 className="nhsuk-warning-callout__label" ref={headingRef} tabIndex={-1}>
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>The notes you typed are not saved
        </span>
      </h3>
      <p>The referral would go without them. These are the notes as typed:</p>
      <p className="app-notes-preview" data-testid="unsaved-notes-text">
        {typed}
      </p>
      <p>Save them and send them with the referral?</p>
      <div className="app-actions">
        <button type="button" className="nhsuk-button" disabled={busy} onClick={onSaveAndSend} data-testid="save-notes-and-send">
          Save the notes and send them with the referral
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={onSendWithout} data-testid="send-without-notes">
          Send without these notes
        </button>
      </div>
    </div>
  );
}
