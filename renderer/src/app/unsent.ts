import { createContext, useContext, useEffect } from 'react';

/** Text the clinician typed that no send has carried yet: what it is, in plain words, and the text itself. */
export interface Unsent {
  what: string;
  text: string;
  /** 'step': typed into the step on screen, so going to another step of the case drops it too. */
  scope: 'case' | 'step';
}

export type ReportUnsent = (key: string, item: Unsent | undefined) => void;

/** Where the case screen gathers its unsent text; absent elsewhere, where reporting does nothing. */
export const UnsentContext = createContext<ReportUnsent | undefined>(undefined);

/**
 * Reports `text` as typed and not sent while `active` and not blank; no longer once it is sent,
 * cleared or gone from the screen. Nothing typed is dropped by a move the clinician did not see coming.
 */
export function useUnsent(key: string, what: string, text: string, active = true, scope: Unsent['scope'] = 'case'): void {
  const report = useContext(UnsentContext);
  const typed = active && text.trim() !== '' ? text.trim() : undefined;
  useEffect(() => {
    report?.(key, typed === undefined ? undefined : { what, text: typed, scope });
  }, [report, key, what, typed, scope]);
  useEffect(() => () => report?.(key, undefined), [report, key]);
}
