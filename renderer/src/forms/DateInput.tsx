import type { ReactNode } from 'react';
import type { DatePart, DateParts } from './date-parts';

const PARTS: { key: DatePart; label: string; width: number }[] = [
  { key: 'day', label: 'Day', width: 2 },
  { key: 'month', label: 'Month', width: 2 },
  { key: 'year', label: 'Year', width: 4 },
];

/**
 * The NHS date input: day, month and year boxes in UK order, never the browser's own date
 * picker (which follows the machine's locale and can show mm/dd/yyyy). `id` is the group's
 * id, which the error summary links to; it focuses the first box.
 */
export function DateInput({
  id,
  legend,
  hint,
  error,
  errorPart,
  value,
  onChange,
  children,
  autoCompletePrefix,
}: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  /** Which box the error is about; all three are marked when it is the whole date. */
  errorPart?: DatePart | 'all';
  value: DateParts;
  onChange: (value: DateParts) => void;
  /** More fields inside the same group (a time after a date). */
  children?: ReactNode;
  autoCompletePrefix?: 'bday';
}) {
  const describedBy = [hint !== undefined ? `${id}-hint` : '', error !== undefined ? `${id}-error` : ''].filter((s) => s !== '').join(' ') || undefined;
  return (
    <div className={`nhsuk-form-group${error !== undefined ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset className="nhsuk-fieldset" role="group" aria-describedby={describedBy}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {hint !== undefined && (
          <div className="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        {error !== undefined && (
          <span className="nhsuk-error-message" id={`${id}-error`}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        )}
        <div className="nhsuk-date-input" id={id}>
          {PARTS.map((p) => {
            const invalid = error !== undefined && (errorPart === undefined || errorPart === 'all' || errorPart === p.key);
            return (
              <div className="nhsuk-date-input__item" key={p.key}>
                <div className="nhsuk-form-group">
                  <label className="nhsuk-label nhsuk-date-input__label" htmlFor={`${id}-${p.key}`}>
                    {p.label}
                  </label>
                  <input
                    className={`nhsuk-input nhsuk-date-input__input nhsuk-input--width-${p.width}${invalid ? ' nhsuk-input--error' : ''}`}
                    id={`${id}-${p.key}`}
                    name={`${id}-${p.key}`}
                    type="text"
                    inputMode="numeric"
                    autoComplete={autoCompletePrefix !== undefined ? `${autoCompletePrefix}-${p.key}` : 'off'}
                    value={value[p.key]}
                    aria-invalid={invalid ? true : undefined}
                    onChange={(e) => onChange({ ...value, [p.key]: e.target.value })}
                  />
                </div>
              </div>
            );
          })}
          {children}
        </div>
      </fieldset>
    </div>
  );
}

/** A time box that sits in a DateInput's row ("14:30", 24-hour UK time). */
export function TimeBox({ id, value, onChange, invalid }: { id: string; value: string; onChange: (v: string) => void; invalid: boolean }) {
  return (
    <div className="nhsuk-date-input__item">
      <div className="nhsuk-form-group">
        <label className="nhsuk-label nhsuk-date-input__label" htmlFor={id}>
          Time (24-hour)
        </label>
        <input
          className={`nhsuk-input nhsuk-date-input__input nhsuk-input--width-4${invalid ? ' nhsuk-input--error' : ''}`}
          id={id}
          name={id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={value}
          aria-invalid={invalid ? true : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      </div>
    </div>
  );
}
