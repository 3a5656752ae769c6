import type { SessionInfo } from '../../../../preload/contract';

/** A bad settings file never crashes the app: this names each bad field and what is expected. */
export function ConfigProblemScreen({ session }: { session: SessionInfo }) {
  const problems = session.configProblems ?? [];
  const live = session.environment === 'LIVE';
  return (
    <>
      {/* Neither the SANDBOX nor the LIVE banner: with unusable settings the app is connected to nothing. */}
      <div className="app-env app-env--not-connected" role="status" data-environment={session.environment} data-testid="not-connected">
        <strong>{live ? 'LIVE settings' : 'Settings'} not usable</strong> — not connected to any service. Nothing can be booked until they are corrected.
      </div>
      <main className="nhsuk-width-container app-main" id="main-content">
        <h1>Configuration problem</h1>
        <div className="nhsuk-error-summary" role="alert" data-testid="config-problems">
          <h2 className="nhsuk-error-summary__title">Booking Workstation cannot book until its settings are corrected</h2>
          <div className="nhsuk-error-summary__body">
            <p>Call the IT service desk and tell them about the problems below. Nothing has been sent to any service.</p>
            <ul className="nhsuk-list nhsuk-error-summary__list">
              {problems.map((p) => (
                <li key={`${p.field}:${p.message}`}>
                  {p.field === '(whole file)' ? 'The settings file' : <>The setting <code>{p.field}</code></>} {p.message}.
                </li>
              ))}
            </ul>
          </div>
        </div>
        <p className="nhsuk-body-s">Settings file: {session.settingsSource}</p>
      </main>
    </>
  );
}
