import { useEffect, useRef } from 'react';

export interface FieldError {
  /** The id of the field the message belongs to; the summary links to it. */
  fieldId: string;
  message: string;
}

/** The NHS error summary: takes focus when it appears, each message a link to its field. */
export function ErrorSummary({ errors, attempt }: { errors: readonly FieldError[]; attempt: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const count = useRef(errors.length);
  count.current = errors.length;
  useEffect(() => {
    // Each submit that fails moves focus here, so keyboard and screen-reader users hear what is wrong;
    // errors clearing as fields are corrected must not pull focus away from the field being typed in.
    if (count.current > 0) ref.current?.focus();
  }, [attempt]);
  if (errors.length === 0) return null;
  return (
    <div className="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabIndex={-1} ref={ref} data-testid="error-summary">
      <h2 className="nhsuk-error-summary__title" id="error-summary-title">
        There is a problem
      </h2>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {errors.map((e) => (
            <li key={`${e.fieldId}:${e.message}`}>
              <a
                href={`#${e.fieldId}`}
                onClick={(event) => {
                  // Focus the field itself (not just scroll), so typing can start at once.
                  event.preventDefault();
                  // A group (a date's three boxes) focuses its first box.
                  const found = document.getElementById(e.fieldId);
                  const field = found?.matches('input, select, textarea, [tabindex]') === true ? found : (found?.querySelector<HTMLElement>('input, select, textarea') ?? found);
                  field?.focus();
                  field?.scrollIntoView({ block: 'center' });
                }}
              >
                {e.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
