import type { ReactNode } from 'react';

/** The ids a field's hint and error take, for aria-describedby. */
function describedBy(id: string, hint: ReactNode, error: string | undefined): string | undefined {
  const ids = [hint !== undefined ? `${id}-hint` : '', error !== undefined ? `${id}-error` : ''].filter((s) => s !== '');
  return ids.length > 0 ? ids.join(' ') : undefined;
}

interface FieldProps {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  /** When the user leaves the field: some problems are only worth saying once typing has stopped. */
  onBlur?: () => void;
  className?: string;
}

function FieldFrame({ id, label, hint, error, children }: Omit<FieldProps, 'value' | 'onChange' | 'onBlur'> & { children: ReactNode }) {
  return (
    <div className={`nhsuk-form-group${error !== undefined ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
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
      {children}
    </div>
  );
}

export function TextField(
  // No date or datetime-local types: they show the browser's locale (mm/dd/yyyy); forms/DateInput is the UK pattern.
  props: FieldProps & { type?: 'text' | 'tel' | 'email'; autoComplete?: string; inputMode?: 'numeric' | 'tel' | 'email' | 'text'; spellCheck?: boolean },
) {
  const { id, error, value, onChange, onBlur, className, type = 'text', autoComplete, inputMode, spellCheck } = props;
  return (
    <FieldFrame {...props}>
      <input
        className={`nhsuk-input${error !== undefined ? ' nhsuk-input--error' : ''}${className !== undefined ? ` ${className}` : ''}`}
        id={id}
        name={id}
        type={type}
        value={value}
        autoComplete={autoComplete ?? 'off'}
        inputMode={inputMode}
        spellCheck={spellCheck}
        aria-describedby={describedBy(id, props.hint, error)}
        aria-invalid={error !== undefined ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
      />
    </FieldFrame>
  );
}

export function TextAreaField(props: FieldProps & { rows?: number }) {
  const { id, error, value, onChange, onBlur, rows = 3 } = props;
  return (
    <FieldFrame {...props}>
      <textarea
        className={`nhsuk-textarea${error !== undefined ? ' nhsuk-textarea--error' : ''}`}
        id={id}
        name={id}
        rows={rows}
        value={value}
        aria-describedby={describedBy(id, props.hint, error)}
        aria-invalid={error !== undefined ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
      />
    </FieldFrame>
  );
}

export function SelectField(props: FieldProps & { options: readonly { value: string; label: string }[] }) {
  const { id, error, value, onChange, options, className } = props;
  return (
    <FieldFrame {...props}>
      <select
        className={`nhsuk-select${error !== undefined ? ' nhsuk-select--error' : ''}${className !== undefined ? ` ${className}` : ''}`}
        id={id}
        name={id}
        value={value}
        aria-describedby={describedBy(id, props.hint, error)}
        aria-invalid={error !== undefined ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckboxField({ id, label, hint, checked, onChange }: { id: string; label: string; hint?: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="nhsuk-form-group">
      <div className="nhsuk-checkboxes">
        <div className="nhsuk-checkboxes__item">
          <input
            className="nhsuk-checkboxes__input"
            id={id}
            name={id}
            type="checkbox"
            checked={checked}
            aria-describedby={hint !== undefined ? `${id}-hint` : undefined}
            onChange={(e) => onChange(e.target.checked)}
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
            {label}
          </label>
          {hint !== undefined && (
            <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${id}-hint`}>
              {hint}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
