import { createContext, useContext } from 'react';
import type { Case, SessionInfo } from '../../../preload/contract';
import type { Unsent } from './unsent';

export type Route =
  | { screen: 'home' }
  | { screen: 'new-case' }
  | { screen: 'case'; caseId: string }
  | { screen: 'find' }
  | { screen: 'reports' };

export interface AppContextValue {
  session: SessionInfo;
  route: Route;
  /** Goes to another screen; asks first when the screen on show has typed text no send carried (`asked`: the screen has asked already). */
  navigate: (route: Route, options?: { asked?: boolean }) => void;
  /** The screen on show says what leaving it would drop (undefined: nothing to ask about). */
  setLeaveGuard?: (guard: (() => Unsent[]) | undefined) => void;
  /** Asks before a move within a screen drops `items`; `proceed` runs only when the clinician says leave. */
  askBeforeDropping?: (items: readonly Unsent[], proceed: () => void) => void;
  /** Screens that load a case share it through here. */
  openCase?: Case;
}

export const AppContext = createContext<AppContextValue | undefined>(undefined);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (value === undefined) throw new Error('useApp outside <App>');
  return value;
}
