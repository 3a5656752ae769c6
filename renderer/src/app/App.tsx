import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SessionInfo } from '../../../preload/contract';
import { workstation } from '../bridge/workstation';
import { useResult } from '../hooks/useResult';
import { AuditTrailBanner } from '../shell/AuditTrailBanner';
import { EnvironmentBanner } from '../shell/EnvironmentBanner';
import { ErrorMessage } from '../shell/ErrorMessage';
import { Header, navShortcut, type NavTarget } from '../shell/Header';
import { ShortcutsOverlay } from '../shell/ShortcutsOverlay';
import { OrgStatusLine } from '../shell/OrgStatusLine';
import { ConfigProblemScreen } from '../screens/config-problem/ConfigProblemScreen';
import { FirstRunScreen } from '../screens/first-run/FirstRunScreen';
import { LockScreen } from '../shell/LockScreen';
import { useIdle } from '../shell/useIdle';
import { StartupProblemScreen } from '../screens/startup-problem/StartupProblemScreen';
import { AppContext, type Route } from './navigation';
import { rememberedRoute, rememberRoute } from './route-memory';
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
  if (session.value.startupProblem !== undefined) return <StartupProblemScreen session={session.value} problem={session.value.startupProblem} />;
  if (session.value.configProblems !== undefined) return <ConfigProblemScreen session={session.value} />;
  return <Named session={session.value} />;
}

/** First run asks for the user's name and role; after that, the shell. */
function Named({ session }: { session: SessionInfo }) {
  const [saved, setSaved] = useState<SessionInfo | undefined>(undefined);
  const current = saved ?? session;
  if (current.needsProfile === true) return <FirstRunScreen session={current} onSaved={setSaved} />;
  return <Shell session={current} />;
}

function Shell({ session }: { session: SessionInfo }) {
  // Each navigation is a new visit: choosing the screen you are on reloads it, as a page would.
  const [{ route, visit }, setVisit] = useState<{ route: Route; visit: number }>(() => ({ route: rememberedRoute(), visit: 0 }));
  const setRoute = useCallback((next: Route) => setVisit((v) => ({ route: next, visit: v.visit + 1 })), []);
  const [locked, setLocked] = useState<'idle' | 'chosen' | undefined>(undefined);
  useIdle(session.idleLockMinutes ?? 10, locked === undefined, () => setLocked('idle'));

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
    // Back from the lock: land on the screen's heading, as after any navigation.
    if (locked === undefined) document.querySelector<HTMLElement>('main h1')?.focus();
  }, [locked]);

  useEffect(() => {
    rememberRoute(route);
    // Focus the page heading so keyboard and screen-reader users land on the new screen.
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [route]);

  const context = useMemo(() => ({ session, route, navigate: setRoute }), [session, route, setRoute]);
  const current: NavTarget | undefined = route.screen === 'case' ? undefined : route.screen;

  return (
    <AppContext.Provider value={context}>
      <a className="nhsuk-skip-link" href="#main-content">
        Skip to main content
      </a>
      <EnvironmentBanner environment={session.environment} />
      <AuditTrailBanner status={session.auditTrail} />
      {locked !== undefined ? (
        // Unmounted, not hidden: while locked the patient's details are not in the page at all.
        <LockScreen
          session={session}
          reason={locked}
          onUnlock={() => {
            setLocked(undefined);
            setVisit((v) => ({ ...v, visit: v.visit + 1 }));
          }}
        />
      ) : (
        <>
          <Header session={session} current={current} onNavigate={(t) => setRoute({ screen: t })} onLock={() => setLocked('chosen')} />
          <OrgStatusLine />
          <main className="nhsuk-width-container app-main" id="main-content" tabIndex={-1}>
            <Screen key={visit} route={route} />
          </main>
          <ShortcutsOverlay />
        </>
      )}
    </AppContext.Provider>
  );
}
