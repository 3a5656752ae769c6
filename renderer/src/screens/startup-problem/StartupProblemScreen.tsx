import type { SessionInfo, StartupProblem } from '../../../../preload/contract';
import { EnvironmentBanner } from '../../shell/EnvironmentBanner';

const TITLES: Record<StartupProblem['kind'], string> = {
  'disk-full': 'The disk is full',
  'read-only': 'The data folder cannot be written to',
  'store-damaged': 'The data file is damaged',
  'store-emptied': 'The data file is empty',
  'store-missing': 'The data file is missing',
  'already-running': 'Booking Workstation is already running',
};

/** The data folder cannot be used (full disk, damaged store, …): say so plainly and what to do, nothing else. */
export function StartupProblemScreen({ session, problem }: { session: SessionInfo; problem: StartupProblem }) {
  return (
    <>
      <EnvironmentBanner environment={session.environment} />
      <main className="nhsuk-width-container app-main" id="main-content">
        <h1>{TITLES[problem.kind]}</h1>
        <div className="nhsuk-error-summary" role="alert" data-testid="startup-problem" data-problem={problem.kind}>
          <h2 className="nhsuk-error-summary__title">{problem.message}</h2>
          <div className="nhsuk-error-summary__body">
            <p>{problem.action}</p>
          </div>
        </div>
      </main>
    </>
  );
}
