import { createContext, useContext } from 'react';
import type { Case, SessionInfo } from '../../../preload/contract';

export type Route =
  | { screen: 'home' }
  | { screen: 'new-case' }
  | { screen: 'case'; caseId: string }
  | { screen: 'find' }
  | { screen: 'reports' };

export interface AppContextValue {
  session: SessionInfo;
  route: Route;
  navigate: (route: Route) => void;
  /** Screens that load a case share it through here. */
  openCase?: Case;
}

export const AppContext = createContext<AppContextValue | undefined>(undefined);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (value === undefined) throw new Error('useApp outside <App>');
  return value;
}
