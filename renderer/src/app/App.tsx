import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Patient, SessionInfo } from '../../../preload/contract';
import { workstation } from '../bridge/workstation';
import { useResult } from '../hooks/useResult';
import { EnvironmentBanner } from '../shell/EnvironmentBanner';
import { ErrorMessage } from '../shell/ErrorMessage';
import { Header, navShortcut, type NavTarget } from '../shell/Header';
import { OrgStatusLine } from '../shell/OrgStatusLine';
import { PatientBanner } from '../shell/PatientBanner';
import { ConfigProblemScreen } from '../screens/config-problem/ConfigProblemScreen';
import { AppContext, type Route } from './navigation';
import { Screen } from './Screen';

export function App() {
  const session = useResult(() => workstation.session.get({}));
  if (session.state === 'loading') {
    return (
      <main className="nhsuk-width-container app-main" id="main-content" aria-busy="true">
        <p className="nhsuk-body">Starting Booking Workstation…</p>
      </main>
    );
  }
  if (session.state === 'error') {
    return (
      <main className="nhsuk-width-container app-main" id="main-content">
        <ErrorMessage error={session.error} title="Booking Workstation cannot start" />
      </main>
    );
  }
  if (session.value.configProblems !== undefined) return <ConfigProblemScreen session={session.value} />;
  return <Shell session={session.value} />;
}

function Shell({ session }: { session: SessionInfo }) {
  // Each navigation is a new visit: choosing the screen you are on reloads it, as a page would.
  const [{ route, visit }, setVisit] = useState<{ route: Route; visit: number }>({ route: { screen: 'home' }, visit: 0 });
  const setRoute = useCallback((next: Route) => setVisit((v) => ({ route: next, visit: v.visit + 1 })), []);
  const [patient, setPatient] = useState<Patient | undefined>(undefined);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = navShortcut(event);
      if (target !== undefined) {
        event.preventDefault();
        setRoute({ screen: target });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setRoute]);

  useEffect(() => {
    if (route.screen !== 'case') setPatient(undefined);
    // Focus the page heading so keyboard and screen-reader users land on the new screen.
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [route]);

  const context = useMemo(() => ({ session, route, navigate: setRoute, setCasePatient: setPatient }), [session, route, setRoute]);
  const current: NavTarget | undefined = route.screen === 'case' ? undefined : route.screen;

  return (
    <AppContext.Provider value={context}>
      <a className="nhsuk-skip-link" href="#main-content">
        Skip to main content
      </a>
      <EnvironmentBanner environment={session.environment} />
      <Header session={session} current={current} onNavigate={(t) => setRoute({ screen: t })} />
      <OrgStatusLine />
      {patient !== undefined && <PatientBanner patient={patient} />}
      <main className="nhsuk-width-container app-main" id="main-content" tabIndex={-1}>
        <Screen key={visit} route={route} />
      </main>
    </AppContext.Provider>
  );
}
