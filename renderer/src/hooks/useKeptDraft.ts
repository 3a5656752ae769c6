import { useEffect, useRef, useState } from 'react';
import { workstation } from '../bridge/workstation';

/** Typing settles for this long before the draft is sent to main: every keystroke need not cross the bridge. */
const SAVE_AFTER_MS = 300;

export type KeptDraft<T = unknown> =
  | { state: 'loading' }
  /** A kept form found for a kind that asks first: nothing is in the form until the user says it is the same call. */
  | { state: 'offered'; form: T; savedAt: string; startedAt: string }
  /** `restoredAt` when the form came back from main (after a reload or a trip to another screen). */
  | { state: 'ready'; restoredAt?: string };

/** Which draft, and how to read one back: a restored draft is trusted only as far as `parse` accepts its shape. */
export interface DraftKind<T> {
  /** The case whose notes these are; absent for the new-case form. */
  caseId?: string;
  parse: (value: unknown) => T | undefined;
  /** Offer a kept draft back rather than fill the form with it (the new-case form: it may be another call's). */
  ask?: boolean;
}

function readDraft<T>(text: string, parse: DraftKind<T>['parse']): T | undefined {
  try {
    return parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/**
 * Keeps a form in main while it is typed (main/workflow/draft-store.ts says why there): loads it
 * once, saves each settled change and the last one on leaving the screen. `enabled` false (the
 * text matches what is saved) keeps no draft.
 */
export function useKeptDraft<T>(
  draft: T,
  restore: (d: T) => void,
  kind: DraftKind<T>,
  enabled = true,
): { kept: KeptDraft<T>; savedAt: string | undefined; discard: () => Promise<void>; takeOffered: () => void; declineOffered: () => Promise<void> } {
  const [kept, setKept] = useState<KeptDraft<T>>({ state: 'loading' });
  const ask = kind.ask === true;
  const [savedAt, setSavedAt] = useState<string | undefined>(undefined);
  const restoreRef = useRef(restore);
  restoreRef.current = restore;
  const pending = useRef<string | undefined>(undefined);
  /** The text as it was when the draft was discarded: kept no more unless the user changes it again. */
  const discarded = useRef<string | undefined>(undefined);
  const { caseId } = kind;
  const parseRef = useRef(kind.parse);
  parseRef.current = kind.parse;
  const which = caseId !== undefined ? { caseId } : {};

  useEffect(() => {
    let live = true;
    void workstation.case.loadDraft(caseId !== undefined ? { caseId } : {}).then((r) => {
      if (!live) return;
      const restored = r.ok && r.value.draft !== undefined ? readDraft(r.value.draft.form, parseRef.current) : undefined;
      if (restored !== undefined && r.ok && r.value.draft !== undefined) {
        const { savedAt: keptAt, startedAt } = r.value.draft;
        if (ask) setKept({ state: 'offered', form: restored, savedAt: keptAt, startedAt });
        else {
          restoreRef.current(restored);
          setKept({ state: 'ready', restoredAt: keptAt });
        }
      } else setKept({ state: 'ready' });
    });
    return () => {
      live = false;
    };
  }, [caseId, ask]);

  const takeOffered = () => {
    if (kept.state !== 'offered') return;
    restoreRef.current(kept.form);
    setKept({ state: 'ready', restoredAt: kept.savedAt });
  };
  const declineOffered = async () => {
    await workstation.case.discardDraft(caseId !== undefined ? { caseId } : {});
    setKept({ state: 'ready' });
  };

  const ready = kept.state === 'ready';
  const text = JSON.stringify(draft);
  useEffect(() => {
    if (!ready) return;
    if (!enabled || text === discarded.current) {
      pending.current = undefined;
      return;
    }
    discarded.current = undefined;
    pending.current = text;
    const timer = setTimeout(() => {
      if (pending.current === undefined) return;
      pending.current = undefined;
      void workstation.case.saveDraft({ form: text, ...(caseId !== undefined ? { caseId } : {}) }).then((r) => {
        if (r.ok) setSavedAt(r.value.savedAt);
      });
    }, SAVE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [ready, text, enabled, caseId]);

  // Leaving the screen mid-typing still keeps the last change.
  useEffect(
    () => () => {
      if (pending.current !== undefined) void workstation.case.saveDraft({ form: pending.current, ...(caseId !== undefined ? { caseId } : {}) });
    },
    [caseId],
  );

  const discard = async () => {
    discarded.current = text;
    pending.current = undefined;
    setSavedAt(undefined);
    await workstation.case.discardDraft(which);
  };
  return { kept, savedAt, discard, takeOffered, declineOffered };
}
