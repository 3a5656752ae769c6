import { TextAreaField } from '../../forms/fields';
import type { NewCaseDraft } from './draft';
import { emptySafeguarding, SAFEGUARDING_FIELDS, type SafeguardingDraft } from './safeguarding';

const CHOICES = [
  { value: 'child', label: 'About a child', id: SAFEGUARDING_FIELDS.about },
  { value: 'adult', label: 'About an adult', id: 'safeguarding-about-adult' },
] as const;

/**
 * A safeguarding concern the assessment raised, new or already known: it goes in the referral
 * (BaRS App1) and shows on the case. Nothing is pre-selected: no choice is "none recorded".
 */
export function SafeguardingFieldset({ draft, update, error }: { draft: NewCaseDraft; update: (patch: Partial<NewCaseDraft>) => void; error: (id: string) => string | undefined }) {
  const s = draft.safeguarding ?? emptySafeguarding();
  const set = (patch: Partial<SafeguardingDraft>) => update({ safeguarding: { ...s, ...patch } });
  const aboutError = error(SAFEGUARDING_FIELDS.about);
  const holds = s.about !== '' || s.detail.trim() !== '';
  return (
    <fieldset className="nhsuk-fieldset app-fieldset" data-testid="safeguarding">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Safeguarding concern</legend>
      <div className={`nhsuk-form-group${aboutError !== undefined ? ' nhsuk-form-group--error' : ''}`} role="radiogroup" aria-label="Whom the concern is about" aria-describedby={aboutError !== undefined ? `${SAFEGUARDING_FIELDS.about}-error` : undefined}>
        {aboutError !== undefined && (
          <span className="nhsuk-error-message" id={`${SAFEGUARDING_FIELDS.about}-error`}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {aboutError}
          </span>
        )}
        <div className="nhsuk-radios nhsuk-radios--inline">
          {CHOICES.map((c) => (
            <div className="nhsuk-radios__item" key={c.value}>
              <input className="nhsuk-radios__input" id={c.id} name="safeguarding-about" type="radio" value={c.value} checked={s.about === c.value} onChange={() => set({ about: c.value })} />
              <label className="nhsuk-label nhsuk-radios__label" htmlFor={c.id}>
                {c.label}
              </label>
            </div>
          ))}
        </div>
      </div>
      <TextAreaField id={SAFEGUARDING_FIELDS.detail} label="What the concern is" hint="New or already known. The receiving service reads these words." value={s.detail} onChange={(v) => set({ detail: v })} error={error(SAFEGUARDING_FIELDS.detail)} rows={2} />
      {holds && (
        <button type="button" className="app-link-button" onClick={() => update({ safeguarding: emptySafeguarding() })}>
          Clear the concern (none recorded)
        </button>
      )}
    </fieldset>
  );
}
