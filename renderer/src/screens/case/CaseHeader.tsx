import { formatNhsNumber, type Case } from '../../../../preload/contract';
import { ageInYears, formatDate, formatDateTime } from '../../format/time';
import { useNow } from '../../hooks/useNow';
import { timeRemainingText } from './deadline';
import { SafeguardingLine } from './SafeguardingLine';

const TONE_TAG: Record<Case['bookingView']['headline']['tone'], string> = {
  none: 'nhsuk-tag--grey',
  booked: 'nhsuk-tag--green',
  checking: 'nhsuk-tag--yellow',
  attention: 'nhsuk-tag--orange',
  failed: 'nhsuk-tag--red',
  cancelled: 'nhsuk-tag--grey',
};

/**
 * The top of the case, always in view: who the patient is, what was decided and by when, any
 * safeguarding concern, and what main says about the case's appointments. It stays put while
 * the panes below scroll.
 */
export function CaseHeader({ c }: { c: Case }) {
  const now = useNow(15_000);
  const p = c.patient;
  const o = c.outcome;
  const remaining = timeRemainingText(o.deadline, now);
  const headline = c.bookingView.headline;
  return (
    <section className="app-case-header" aria-label="Patient and case" data-testid="patient-banner">
      <div className="app-case-header__row">
        <span className="app-case-header__name" data-testid="patient-name">
          {[p.title, p.given].filter(Boolean).join(' ')} <strong>{p.family.toUpperCase()}</strong>
        </span>
        <span>
          <span className="app-case-header__label">Born</span> {formatDate(p.birthDate)} ({ageInYears(p.birthDate)} y)
        </span>
        <span data-testid="patient-nhs-number">
          <span className="app-case-header__label">NHS No.</span>{' '}
          {p.nhsNumber !== undefined ? (
            <>
              {formatNhsNumber(p.nhsNumber)} {p.nhsNumberVerified === true ? '(verified)' : '(not verified)'}
            </>
          ) : (
            'NHS number not known'
          )}
        </span>
        {p.trace !== undefined && (
          <span data-testid="patient-trace">{p.trace.state === 'traced' ? `Traced on PDS${p.trace.restricted ? ' · restricted record' : ''}` : 'Not traced on PDS'}</span>
        )}
        <span className="app-case-header__ref">
          <span className="app-case-header__label">Reference</span> <span data-testid="case-reference">{c.reference}</span>
        </span>
      </div>
      <div className="app-case-header__row">
        <span data-testid="outcome">
          <strong>{o.dispositionCode}</strong> {o.dispositionText}
        </span>
        <span data-testid="deadline" data-passed={remaining.passed}>
          <span className="app-case-header__label">Deadline</span> <strong>{formatDateTime(o.deadline)}</strong>
          {o.deadlineSetByHand && ' (set by hand)'}{' '}
          <strong className={`nhsuk-tag ${remaining.passed ? 'nhsuk-tag--red' : 'nhsuk-tag--blue'}`} data-testid="time-remaining">
            {remaining.text}
          </strong>
        </span>
        <span data-testid="case-booking-state" data-tone={headline.tone}>
          <span className="app-case-header__label">Booking</span> <strong className={`nhsuk-tag ${TONE_TAG[headline.tone]}`}>{headline.title}</strong>
        </span>
        {c.organisationRecord !== undefined && (
          <span data-testid="organisation-record-check" data-state={c.organisationRecord.state}>
            {c.organisationRecord.state === 'confirmed'
              ? `Checked with the organisation record ${formatDateTime(c.organisationRecord.at)}`
              : `The organisation record could not be reached (${formatDateTime(c.organisationRecord.at)}): this is this desk’s copy; another desk may have changed it`}
          </span>
        )}
      </div>
      <SafeguardingLine concern={o.safeguarding} />
    </section>
  );
}
