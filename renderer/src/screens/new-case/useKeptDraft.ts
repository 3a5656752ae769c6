import { useEffect, useRef, useState } from 'react';
import { workstation } from '../../bridge/workstation';
import type { NewCaseDraft } from './draft';

/** Typing settles for this long before the draft is sent to main: every keystroke need not cross the bridge. */
const SAVE_AFTER_MS = 300;

export type KeptDraft =
  | { state: 'loading' }
  /** `restoredAt` when the form came back from main (after a reload or a trip to another screen). */
  | { state: 'ready'; restoredAt?: string };

/** A restored form is trusted only as far as its shape: anything else starts a clean form. */
function parseDraft(text: string): NewCaseDraft | undefined {
  try {
    const value = JSON.parse(text) as Partial<NewCaseDraft>;
    return typeof value === 'object' && Array.isArray(value.numbers) && Array.isArray(value.contacts) && typeof value.birthDate === 'object' ? (value as NewCaseDraft) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the new-case form in main while it is typed (main/workflow/draft-store.ts says why
 * there): loads it once, saves each settled change and the last one on leaving the screen.
 */
export function useKeptDraft(draft: NewCaseDraft, restore: (d: NewCaseDraft) => void): { kept: KeptDraft; savedAt: string | undefined; discard: () => Promise<void> } {
  const [kept, setKept] = useState<KeptDraft>({ state: 'loading' });
  const [savedAt, setSavedAt] = useState<string | undefined>(undefined);
  const restoreRef = useRef(restore);
  restoreRef.current = restore;
  const pending = useRef<string | undefined>(undefined);
  const done = useRef(false);

  useEffect(() => {
    let live = true;
    void workstation.case.loadDraft({}).then((r) => {
      if (!live) return;
      const restored = r.ok && r.value.draft !== undefined ? parseDraft(r.value.draft.form) : undefined;
      if (restored !== undefined && r.ok && r.value.draft !== undefined) {
        restoreRef.current(restored);
        setKept({ state: 'ready', restoredAt: r.value.draft.savedAt });
      } else setKept({ state: 'ready' });
    });
    return () => {
      live = false;
    };
  }, []);

  const ready = kept.state === 'ready';
  const text = JSON.stringify(draft);
  useEffect(() => {
    if (!ready || done.current) return;
    pending.current = text;
    const timer = setTimeout(() => {
      pending.current = undefined;
      void workstation.case.saveDraft({ form: text }).then((r) => {
        if (r.ok) setSavedAt(r.value.savedAt);
      });
    }, SAVE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [ready, text]);

  // Leaving the screen mid-typing still keeps the last change.
  useEffect(
    () => () => {
      if (pending.current !== undefined && !done.current) void workstation.case.saveDraft({ form: pending.current });
    },
    [],
  );

  const discard = async () => {
    done.current = true;
    pending.current = undefined;
    await workstation.case.discardDraft({});
  };
  return { kept, savedAt, discard };
}
