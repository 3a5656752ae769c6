import type { AppErrorShape } from '../../../preload/contract';

/** A failure in plain words with what to do next; the code and detail stay in the logs. */
export function ErrorMessage({ error, title = 'There is a problem' }: { error: AppErrorShape; title?: string }) {
  return (
    <div className="nhsuk-error-summary" role="alert" tabIndex={-1} data-error-code={error.code}>
      <h2 className="nhsuk-error-summary__title">{title}</h2>
      <div className="nhsuk-error-summary__body">
        <p>{error.message}</p>
        {error.action !== undefined && <p className="app-error-action">{error.action}</p>}
        {error.reference !== undefined && <p className="nhsuk-body-s">Service desk code: {error.reference}</p>}
      </div>
    </div>
  );
}
