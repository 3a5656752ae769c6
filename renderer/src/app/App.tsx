import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SessionInfo } from '../../../preload/contract';
import { SIGNED_OUT_EVENT, workstation } from '../bridge/workstation';
import { useResult } from '../hooks/useResult';
import { AuditTrailBanner } from '../shell/AuditTrailBanner';
import { EnvironmentBanner } from '../shell/EnvironmentBanner';
import { ErrorMessage } from '../shell/ErrorMessage';
import { Header, navShortcut, type NavTarget } from '../shell/Header';
import { LeaveQuestion } from '../shell/LeaveQuestion';
import { ShortcutsOverlay } from '../shell/ShortcutsOverlay';
import { OrgStatusLine } from '../shell/OrgStatusLine';
import { ConfigProblemScreen } from '../screens/config-problem/ConfigProblemScreen';
import { FirstRunScreen } from '../screens/first-run/FirstRunScreen';
import { SignInScreen } from '../screens/sign-in/SignInScreen';
import { LockScreen } from '../shell/LockScreen';
import { useIdle } from '../shell/useIdle';
import { StartupProblemScreen } from '../screens/startup-problem/StartupProblemScreen';
import { AppContext, type Route } from './navigation';
import type { Unsent } from './unsent';
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

/** With CIS2, sign-in comes first; without it (a sandbox harness), the first run asks for a name and role. Then the shell. */
function Named({ session }: { session: SessionInfo }) {
  const [saved, setSaved] = useState<SessionInfo | undefined>(undefined);
  const current = saved ?? session;
  const state = current.signIn?.state;
  useEffect(() => {
    // A session that ends mid-task: main says so on the next call, and the sign-in screen comes up. Forms are kept in main (drafts), per user.
    const onSignedOut = () =>
      void workstation.session.get({}).then((r) => {
        if (r.ok && r.value.signIn?.state !== 'signed-in' && r.value.signIn?.state !== 'locked') setSaved(r.value);
      });
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
  }, []);
  if (state === 'signed-out' || state === 'expired') return <SignInScreen session={current} onSignedIn={setSaved} />;
  if (current.needsProfile === true) return <FirstRunScreen session={current} onSaved={setSaved} />;
  return <Shell session={current} onSession={setSaved} />;
}

function Shell({ session, onSession }: { session: SessionInfo; onSession: (s: SessionInfo) => void }) {
  // Each navigation is a new visit: choosing the screen you are on reloads it, as a page would.
  const [{ route, visit }, setVisit] = useState<{ route: Route; visit: number }>(() => ({ route: rememberedRoute(), visit: 0 }));
  const setRoute = useCallback((next: Route) => setVisit((v) => ({ route: next, visit: v.visit + 1 })), []);
  // What leaving the screen on show would drop, and the question that holds a move until answered.
  const leaveGuard = useRef<(() => Unsent[]) | undefined>(undefined);
  const setLeaveGuard = useCallback((guard: (() => Unsent[]) | undefined) => {
    leaveGuard.current = guard;
  }, []);
  const [leaving, setLeaving] = useState<{ items: readonly Unsent[]; proceed: () => void } | undefined>(undefined);
  const askBeforeDropping = useCallback((items: readonly Unsent[], proceed: () => void) => {
    if (items.length === 0) {
      setLeaving(undefined);
      proceed();
    } else setLeaving({ items, proceed });
  }, []);
  const navigate = useCallback(
    (next: Route, options?: { asked?: boolean }) => askBeforeDropping(options?.asked === true ? [] : (leaveGuard.current?.() ?? []), () => setRoute(next)),
    [askBeforeDropping, setRoute],
  );
  // A reload while locked stays locked: main refuses every call until the user signs in again.
  const [locked, setLockedHere] = useState<'idle' | 'chosen' | undefined>(session.signIn?.state === 'locked' ? 'idle' : undefined);
  const setLocked = useCallback(
    (why: 'idle' | 'chosen') => {
      setLockedHere(why);
      setLeaving(undefined);
      // Main locks too, so nothing runs for a page that is still open behind the lock.
      if (session.signIn !== undefined) void workstation.session.lock({});
    },
    [session.signIn],
  );
  useIdle(session.idleLockMinutes ?? 10, locked === undefined, () => setLocked('idle'));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = navShortcut(event);
      if (target !== undefined) {
        event.preventDefault();
        navigate({ screen: target });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  useEffect(() => {
    // Back from the lock: land on the screen's heading, as after any navigation.
    if (locked === undefined) document.querySelector<HTMLElement>('main h1')?.focus();
  }, [locked]);

  useEffect(() => {
    rememberRoute(route);
    // Focus the page heading so keyboard and screen-reader users land on the new screen.
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [route]);

  const context = useMemo(() => ({ session, route, navigate, setLeaveGuard, askBeforeDropping }), [session, route, navigate, setLeaveGuard, askBeforeDropping]);
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
          onUnlock={({ session: next, sameUser }) => {
            setLockedHere(undefined);
            onSession(next);
            // Someone else signed in at the lock: a clean start, never the previous user's case.
            setVisit((v) => ({ route: sameUser ? v.route : { screen: 'home' }, visit: v.visit + 1 }));
          }}
        />
      ) : (
        <>
          <Header
            session={session}
            current={current}
            onNavigate={(t) => navigate({ screen: t })}
            onLock={() => setLocked('chosen')}
            {...(session.signIn === undefined ? {} : { onSignOut: () =>
                    // Signing out leaves the screen too: typed text not sent is asked about first.
                    askBeforeDropping(leaveGuard.current?.() ?? [], () => {
                      // Whoever signs in next starts from the case list, never this user's case.
                      rememberRoute({ screen: 'home' });
                      void workstation.session.signOut({}).then((r) => r.ok && onSession(r.value));
                    }) })}
          />
          <OrgStatusLine />
          <main className={`nhsuk-width-container app-main${route.screen === 'new-case' ? ' app-main--wide' : ''}`} id="main-content" tabIndex={-1}>
            {leaving !== undefined && (
              <LeaveQuestion
                items={leaving.items}
                onStay={() => setLeaving(undefined)}
                onLeave={() => {
                  setLeaving(undefined);
                  leaving.proceed();
                }}
              />
            )}
            <Screen key={visit} route={route} />
          </main>
          <ShortcutsOverlay />
        </>
      )}
    </AppContext.Provider>
  );
}
