import { useState } from 'react';
import type { AppErrorShape, Case, SafeguardingConcern } from '../../../../preload/contract';
import { workstation } from '../../bridge/workstation';
import { TextAreaField } from '../../forms/fields';
import { formatDateTime } from '../../format/time';
import { ErrorMessage } from '../../shell/ErrorMessage';
import { checkSafeguarding, emptySafeguarding, SAFEGUARDING_FIELDS, type SafeguardingDraft } from '../new-case/safeguarding';
import { aboutWhom } from './SafeguardingLine';

const CHOICES = [
  { value: 'child', label: 'About a child', id: `case-${SAFEGUARDING_FIELDS.about}` },
  { value: 'adult', label: 'About an adult', id: 'case-safeguarding-about-adult' },
] as const;

/**
 * The assessment's safeguarding concern on the case: a concern that comes up after the case was
 * started is recorded here, so the referral (sent, or offered again as an update) carries it.
 */
export function SafeguardingPanel({ c, onCase }: { c: Case; onCase: (updated: Case) => void }) {
  const recorded = c.outcome.safeguarding;
  const [editing, setEditing] = useState<SafeguardingDraft | undefined>(undefined);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const [saving, setSaving] = useState(false);

  const save = async (concern: SafeguardingConcern | undefined) => {
    if (saving) return;
    setSaving(true);
    setFailure(undefined);
    const result = await workstation.case.updateSafeguarding({ caseId: c.id, ...(concern === undefined ? {} : { safeguarding: concern }) });
    setSaving(false);
    if (!result.ok) return setFailure(result.error);
    setEditing(undefined);
    onCase(result.value);
  };
  const submit = () => {
    if (editing === undefined) return;
    const checked = checkSafeguarding(editing);
    setErrors(Object.fromEntries(checked.errors.map((e) => [e.fieldId, e.message])));
    // Both left empty here means "nothing to record", not "clear": clearing is its own button.
    if (checked.errors.length > 0 || checked.request.safeguarding === undefined) return;
    void save(checked.request.safeguarding);
  };

  return (
    <section className="app-notes" aria-labelledby="safeguarding-heading" data-testid="safeguarding-panel">
      <h2 id="safeguarding-heading">Safeguarding concern</h2>
      {editing === undefined ? (
        <p className="nhsuk-body">
          {recorded === undefined ? 'None recorded.' : `Recorded ${formatDateTime(recorded.recordedAt)}, ${aboutWhom(recorded.about)} (shown at the top of the case).`}{' '}
          <button type="button" className="app-link-button" onClick={() => setEditing(recorded === undefined ? emptySafeguarding() : { about: recorded.about, detail: recorded.detail })}>
            {recorded === undefined ? 'Record a safeguarding concern' : 'Change the concern'}
          </button>
        </p>
      ) : (
        <>
          <div className={`nhsuk-form-group${errors[SAFEGUARDING_FIELDS.about] !== undefined ? ' nhsuk-form-group--error' : ''}`} role="radiogroup" aria-label="Whom the concern is about">
            {errors[SAFEGUARDING_FIELDS.about] !== undefined && (
              <span className="nhsuk-error-message">
                <span className="nhsuk-u-visually-hidden">Error:</span> {errors[SAFEGUARDING_FIELDS.about]}
              </span>
            )}
            <div className="nhsuk-radios nhsuk-radios--inline">
              {CHOICES.map((choice) => (
                <div className="nhsuk-radios__item" key={choice.value}>
                  <input className="nhsuk-radios__input" id={choice.id} name="case-safeguarding-about" type="radio" checked={editing.about === choice.value} onChange={() => setEditing({ ...editing, about: choice.value })} />
                  <label className="nhsuk-label nhsuk-radios__label" htmlFor={choice.id}>
                    {choice.label}
                  </label>
                </div>
              ))}
            </div>
          </div>
          <TextAreaField id={`case-${SAFEGUARDING_FIELDS.detail}`} label="What the concern is" hint="New or already known. The receiving service reads these words." value={editing.detail} onChange={(v) => setEditing({ ...editing, detail: v })} error={errors[SAFEGUARDING_FIELDS.detail]} rows={2} />
          <div className="app-actions">
            <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={saving} onClick={submit} data-testid="save-safeguarding">
              Save the concern
            </button>
            {recorded !== undefined && (
              <button type="button" className="app-link-button" disabled={saving} onClick={() => void save(undefined)}>
                Clear the concern (none recorded)
              </button>
            )}
            <button type="button" className="app-link-button" disabled={saving} onClick={() => setEditing(undefined)}>
              Cancel
            </button>
          </div>
        </>
      )}
      {failure !== undefined && <ErrorMessage error={failure} title="The safeguarding concern was not saved" />}
    </section>
  );
}
