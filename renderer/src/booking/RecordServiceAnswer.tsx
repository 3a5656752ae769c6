import { useState } from 'react';
import type { AppErrorShape, Case, ServiceAnswer } from '../../../preload/contract';
import { useUnsent } from '../app/unsent';
import { workstation } from '../bridge/workstation';
import { ErrorMessage } from '../shell/ErrorMessage';
import { TextAreaField, TextField } from '../forms/fields';
import { actionOf } from './case-actions';

const CHOICES: Record<'book' | 'cancel', readonly { value: ServiceAnswer; label: string }[]> = {
  book: [
    { value: 'booked', label: 'The service has the appointment booked' },
    { value: 'not-booked', label: 'The service has no such appointment: it was not booked' },
  ],
  cancel: [
    { value: 'cancelled', label: 'The service has cancelled the appointment' },
    { value: 'still-booked', label: 'The appointment is still booked with the service' },
  ],
};

/**
 * "Record what the service told me": when the service's system will not say, the clinician phones
 * and records what they were told. Main audits it with who, when and the number phoned, and
 * compares it with the service's own answer if one comes later. No answer is chosen for them.
 */
export function RecordServiceAnswer({ c, onCase }: { c: Case; onCase: (c: Case) => void }) {
  const action = actionOf(c, 'record-service-answer');
  const booking = c.bookings.find((b) => b.id === action?.bookingId);
  const [open, setOpen] = useState(false);
  const [said, setSaid] = useState<ServiceAnswer | ''>('');
  const [phone, setPhone] = useState('');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  // What was last recorded: the same text is not "unsent" once main has it.
  const [recorded, setRecorded] = useState<string | undefined>(undefined);
  const typed = [phone, reference, note].map((s) => s.trim()).filter((s) => s !== '').join(' · ');
  useUnsent('record-service-answer', 'What the service told you, not recorded', typed, action !== undefined && typed !== recorded);
  if (action === undefined || booking === undefined) return null;
  const kind = booking.status === 'pending' || booking.status === 'unknown' ? 'book' : 'cancel';
  const saidError = tried && said === '' ? 'Choose what the service told you' : undefined;
  const phoneError = tried && !/^[0-9+() -]{3,40}$/.test(phone.trim()) ? 'Enter the number you phoned' : undefined;

  const submit = async () => {
    setTried(true);
    if (said === '' || !/^[0-9+() -]{3,40}$/.test(phone.trim())) return;
    setSending(true);
    setFailure(undefined);
    const result = await workstation.booking.recordServiceAnswer({
      bookingId: booking.id,
      said,
      phoneNumber: phone.trim(),
      ...(reference.trim() === '' ? {} : { serviceReference: reference.trim() }),
      ...(note.trim() === '' ? {} : { note: note.trim() }),
    });
    setSending(false);
    if (result.ok) {
      setRecorded(typed);
      onCase(result.value.case);
    } else setFailure(result.error);
  };

  if (!open) {
    return (
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setOpen(true)} data-testid="record-service-answer">
        {action.label}
      </button>
    );
  }
  return (
    <form
      className="app-record-answer"
      data-testid="record-service-answer-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className={`nhsuk-form-group${saidError !== undefined ? ' nhsuk-form-group--error' : ''}`}>
        <fieldset className="nhsuk-fieldset" aria-describedby={saidError !== undefined ? 'record-said-error' : undefined}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">What did {booking.serviceName} tell you about {booking.slotText}?</legend>
          {saidError !== undefined && (
            <span className="nhsuk-error-message" id="record-said-error">
              <span className="nhsuk-u-visually-hidden">Error:</span> {saidError}
            </span>
          )}
          <div className="nhsuk-radios">
            {CHOICES[kind].map((choice) => (
              <div className="nhsuk-radios__item" key={choice.value}>
                <input className="nhsuk-radios__input" id={`record-said-${choice.value}`} name="record-said" type="radio" value={choice.value} checked={said === choice.value} onChange={() => setSaid(choice.value)} />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`record-said-${choice.value}`}>
                  {choice.label}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <TextField
        id="record-phone"
        label="The number you phoned"
        hint={booking.servicePhone === undefined ? 'The directory lists no number for this service.' : `The directory lists ${booking.servicePhone}.`}
        value={phone}
        onChange={setPhone}
        {...(phoneError === undefined ? {} : { error: phoneError })}
        className="nhsuk-input--width-20"
      />
      <TextField id="record-reference" label="The service’s reference for the appointment (if they gave one)" value={reference} onChange={setReference} className="nhsuk-input--width-20" />
      <TextAreaField id="record-note" label="Anything else they said (optional)" value={note} onChange={setNote} rows={2} />
      {failure !== undefined && <ErrorMessage error={failure} title="What the service said was not recorded" />}
      <div className="app-actions">
        <button type="submit" className="nhsuk-button" disabled={sending} data-testid="record-service-answer-save">
          Record what the service told me
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setOpen(false)}>
          Not now
        </button>
        {sending && <p role="status">Recording…</p>}
      </div>
    </form>
  );
}
