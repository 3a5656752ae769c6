import { useState } from 'react';
import type { AppErrorShape, Case } from '../../../preload/contract';
import { workstation } from '../bridge/workstation';
import { formatElapsed } from '../format/elapsed';
import { useNow } from '../hooks/useNow';
import { ErrorMessage } from '../shell/ErrorMessage';
import { actionOf } from './case-actions';
import { RecordServiceAnswer } from './RecordServiceAnswer';

/**
 * The lost answer, as main words it: which service is being asked, about which slot, for how
 * long, its phone number when the directory has one, and what to do if it never settles. Main
 * keeps asking the Provider on its own; "Check now" asks once more at the user's request.
 */
export function CheckingPanel({ c, onCase }: { c: Case; onCase: (c: Case) => void }) {
  const now = useNow(1000);
  const h = c.bookingView.headline;
  const check = actionOf(c, 'check-now');
  const [asking, setAsking] = useState(false);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const since = h.since !== undefined ? new Date(h.since).getTime() : undefined;

  const checkNow = async () => {
    if (check?.bookingId === undefined) return;
    setAsking(true);
    setFailure(undefined);
    const result = await workstation.booking.resolve({ bookingId: check.bookingId });
    setAsking(false);
    if (result.ok) onCase(result.value.case);
    else setFailure(result.error);
  };

  return (
    <section className="app-checking" aria-labelledby="checking-title" data-testid="checking-booking">
      <h3 id="checking-title" className="app-checking__title" tabIndex={-1}>
        <span className="app-spinner" aria-hidden="true" /> {h.title}
      </h3>
      <dl className="nhsuk-summary-list app-compact-list">
        {h.slotText !== undefined && (
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Appointment being booked</dt>
            <dd className="nhsuk-summary-list__value" data-testid="checking-slot">
              {h.serviceName !== undefined && <>{h.serviceName}, </>}
              {h.slotText}
            </dd>
          </div>
        )}
        {since !== undefined && (
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Checking for</dt>
            <dd className="nhsuk-summary-list__value" data-testid="checking-elapsed">
              {formatElapsed(now.getTime() - since)}
            </dd>
          </div>
        )}
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">The service’s phone number</dt>
          <dd className="nhsuk-summary-list__value" data-testid="checking-phone">
            {h.servicePhone ?? 'Not in the directory'}
          </dd>
        </div>
        {h.providerNumber !== undefined && (
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">{h.providerNumber.label}</dt>
            <dd className="nhsuk-summary-list__value" title={h.providerNumber.full}>
              {h.providerNumber.shown}
            </dd>
          </div>
        )}
      </dl>
      {h.lines.map((line) => (
        <p key={line} className="nhsuk-body">
          {line}
        </p>
      ))}
      {h.ifStillUnknown !== undefined && (
        <div className="nhsuk-inset-text" data-testid="if-still-unknown">
          <p>
            <strong>If this does not settle: </strong>
            {h.ifStillUnknown}
          </p>
        </div>
      )}
      {failure !== undefined && <ErrorMessage error={failure} title="The service could not be asked just now" />}
      {check !== undefined && (
        <div className="app-actions">
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={!check.enabled || asking} aria-describedby={check.enabled ? undefined : 'check-now-why'} onClick={() => void checkNow()} data-testid="check-now">
            {check.label}
          </button>
          {!check.enabled && check.disabledReason !== undefined && <p id="check-now-why">{check.disabledReason}</p>}
          {asking && <p role="status">Asking the service…</p>}
        </div>
      )}
      <RecordServiceAnswer c={c} onCase={onCase} />
    </section>
  );
}
