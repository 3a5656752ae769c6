import type { SessionInfo } from '../../../preload/contract';

export type NavTarget = 'home' | 'new-case' | 'find' | 'reports';

const NAV: { target: NavTarget; label: string; key: string }[] = [
  { target: 'home', label: 'Cases', key: '1' },
  { target: 'new-case', label: 'New case', key: '2' },
  { target: 'find', label: 'Find a booking', key: '3' },
  { target: 'reports', label: 'Reports', key: '4' },
];

/** The header: who is logged on, for which organisation, and the main navigation (Alt+1…4). */
export function Header({ session, current, onNavigate, onLock, onSignOut }: { session: SessionInfo; current: NavTarget | undefined; onNavigate: (t: NavTarget) => void; onLock?: () => void; onSignOut?: () => void }) {
  const user = session.user;
  return (
    <header className="nhsuk-header app-header" role="banner">
      <div className="nhsuk-width-container nhsuk-header__container app-header__container">
        <div className="app-header__service">Booking Workstation</div>
        <div className="app-header__user" data-testid="logged-on-user">
          <span className="app-header__user-name">{[user.title, user.displayName].filter(Boolean).join(' ')}</span>
          {session.signIn !== undefined && user.role !== undefined && <span className="app-header__role">{user.role}</span>}
          <span className="app-header__org">
            {session.organisation.name} ({session.organisation.odsCode})
          </span>
          {onLock !== undefined && (
            <button type="button" className="app-header__lock" onClick={onLock} data-testid="lock-now">
              Lock the screen
            </button>
          )}
          {onSignOut !== undefined && (
            <button type="button" className="app-header__lock" onClick={onSignOut} data-testid="sign-out">
              Sign out
            </button>
          )}
        </div>
      </div>
      <nav className="app-nav" aria-label="Main">
        <ul className="nhsuk-width-container app-nav__list">
          {NAV.map((item) => (
            <li key={item.target}>
              <button
                type="button"
                className="app-nav__link"
                aria-current={current === item.target ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${item.key}`}
                onClick={() => onNavigate(item.target)}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

export function navShortcut(event: KeyboardEvent): NavTarget | undefined {
  if (!event.altKey || event.ctrlKey || event.metaKey) return undefined;
  return NAV.find((n) => n.key === event.key)?.target;
}
