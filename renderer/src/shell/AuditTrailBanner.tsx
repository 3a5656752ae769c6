import type { SessionInfo } from '../../../preload/contract';
import { formatDateTime } from '../format/time';

/**
 * Shown on every screen when the audit trail failed its start-up check: the record of who booked
 * what may have been changed outside the app, and the user must be told, not left to find out.
 */
export function AuditTrailBanner({ status }: { status: SessionInfo['auditTrail'] }) {
  if (status === undefined || status.ok) return null;
  return (
    <div className="nhsuk-width-container">
      <div className="nhsuk-warning-callout" role="alert" data-testid="audit-trail-failed">
        <h2 className="nhsuk-warning-callout__label">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            Audit trail check failed
          </span>
        </h2>
        <p>{status.message}</p>
        {status.lastAnchored !== undefined && (
          <p>
            Last point confirmed outside this computer&apos;s data file: event {status.lastAnchored.seq} ({status.lastAnchored.anchor},{' '}
            {formatDateTime(status.lastAnchored.at)}).
          </p>
        )}
      </div>
    </div>
  );
}
