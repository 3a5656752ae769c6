import { useEffect, useRef } from 'react';
import { formatDate, formatDateTime } from '../../format/time';
import type { NewCaseDraft } from './draft';

/** Who the kept form is about, as typed so far: enough to tell one call from the next. */
function whoseCall(form: NewCaseDraft): string {
  const name = [form.given.trim(), form.family.trim()].filter((part) => part !== '').join(' ');
  const { day, month, year } = form.birthDate;
  const iso = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const born = /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(iso)) ? `, born ${formatDate(iso)}` : '';
  return name !== '' ? `${name}${born}` : 'a patient whose name was not typed yet';
}

/**
 * A new-case form kept from earlier is never put into the form on its own: it may belong to the
 * previous call, and its details taken for the next caller's. The user says which it is.
 */
export function KeptFormOffer({ form, startedAt, savedAt, onContinue, onStartNew }: { form: NewCaseDraft; startedAt: string; savedAt: string; onContinue: () => void; onStartNew: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="nhsuk-card app-kept-form" data-testid="draft-offered" aria-labelledby="kept-form-heading">
      <div className="nhsuk-card__content">
        <h2 id="kept-form-heading" className="nhsuk-card__heading" tabIndex={-1} ref={heading}>
          An unfinished new-case form is kept
        </h2>
        <p className="nhsuk-body" data-testid="draft-offered-whose">
          It is for {whoseCall(form)}: begun at {formatDateTime(startedAt)}, last changed at {formatDateTime(savedAt)}.
        </p>
        <p className="nhsuk-body">Is this the same call? If this is a new caller, start a new form: the kept one is deleted.</p>
        <div className="app-actions">
          <button type="button" className="nhsuk-button" onClick={onStartNew}>
            Start a new call
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onContinue}>
            Continue that call’s form
          </button>
        </div>
      </div>
    </section>
  );
}
