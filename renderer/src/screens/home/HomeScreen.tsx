import { formatNhsNumber } from '../../../../preload/contract';
import { workstation } from '../../bridge/workstation';
import { useApp } from '../../app/navigation';
import { formatDate, formatDateTime } from '../../format/time';
import { useResult } from '../../hooks/useResult';
import { ErrorMessage } from '../../shell/ErrorMessage';

/** Cases on this workstation, open ones first: a case interrupted by a restart is picked up here. */
export function HomeScreen() {
  const { navigate } = useApp();
  const cases = useResult(() => workstation.case.list({}));
  return (
    <>
      <h1 tabIndex={-1}>Cases</h1>
      <button type="button" className="nhsuk-button" onClick={() => navigate({ screen: 'new-case' })}>
        Start a new case
      </button>
      {cases.state === 'loading' && <p aria-busy="true">Loading cases…</p>}
      {cases.state === 'error' && <ErrorMessage error={cases.error} />}
      {cases.state === 'ok' && cases.value.unreadable !== undefined && (
        <div className="nhsuk-warning-callout" data-testid="unreadable-cases">
          <h2 className="nhsuk-warning-callout__label">Some cases cannot be shown</h2>
          <p>
            {cases.value.unreadable === 1 ? '1 case could not be read and is not shown.' : `${String(cases.value.unreadable)} cases could not be read and are not shown.`} Call the IT
            service desk; the other cases below are complete.
          </p>
        </div>
      )}
      {cases.state === 'ok' && cases.value.cases.length === 0 && cases.value.unreadable === undefined && (
        <p className="nhsuk-body">No cases on this workstation yet.</p>
      )}
      {cases.state === 'ok' && cases.value.cases.length > 0 && (
        <table className="nhsuk-table" data-testid="case-list">
          <caption className="nhsuk-table__caption">Cases on this workstation</caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Born</th>
              <th scope="col">NHS number</th>
              <th scope="col">Started</th>
              <th scope="col">Outcome</th>
              <th scope="col">Service</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="nhsuk-u-visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {cases.value.cases.map((c) => (
              <tr key={c.id}>
                <td>{c.patientName}</td>
                <td>{formatDate(c.birthDate)}</td>
                <td>{c.nhsNumber !== undefined ? formatNhsNumber(c.nhsNumber) : 'No NHS number'}</td>
                <td>{formatDateTime(c.startedAt)}</td>
                <td>{c.dispositionCode}</td>
                <td>{c.serviceName ?? '—'}</td>
                <td data-testid="case-state">
                  {c.status === 'open' ? 'Open' : c.closedWithoutReferral !== undefined ? `Closed without a referral: ${c.closedWithoutReferral}` : 'Closed'}
                  {c.booking !== undefined && c.booking.tone !== 'none' && c.referralNotSent !== true && <>, {c.booking.text.toLowerCase()}</>}
                  {c.referralNotSent === true && (
                    <>
                      {' '}
                      <strong className="nhsuk-tag nhsuk-tag--orange" data-testid="referral-not-sent">
                        Booked, referral not sent
                      </strong>
                    </>
                  )}
                </td>
                <td>
                  <button type="button" className="app-link-button" onClick={() => navigate({ screen: 'case', caseId: c.id })}>
                    Open<span className="nhsuk-u-visually-hidden"> case for {c.patientName}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
