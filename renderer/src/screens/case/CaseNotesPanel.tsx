import { useEffect, useRef, useState } from 'react';
import { notesProblem, type AppErrorShape, type Case } from '../../../../preload/contract';
import { workstation } from '../../bridge/workstation';
import { NotesField } from '../../forms/NotesField';
import { formatTime } from '../../format/time';
import { useKeptDraft } from '../../hooks/useKeptDraft';
import { ErrorMessage } from '../../shell/ErrorMessage';

const NOTES_DRAFT_PARSE = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The call's clinical notes on the case: written here while the call goes on, kept by main as a
 * draft until saved (a reload or the idle lock loses nothing), saved only when the user says so.
 */
export function CaseNotesPanel({ c, onCase, onUnsaved }: { c: Case; onCase: (updated: Case) => void; /** the typed text while it differs from the saved notes */ onUnsaved?: (text: string | undefined) => void }) {
  const saved = c.notes ?? '';
  const [text, setText] = useState(saved);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const [savedAt, setSavedAt] = useState<string | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const changed = text.trim() !== saved;
  const { kept, discard } = useKeptDraft(text, setText, { caseId: c.id, parse: NOTES_DRAFT_PARSE }, changed);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const referralSent = c.referrals.some((r) => r.status === 'sent');

  useEffect(() => {
    // The referral must not go without what was typed here: it asks first (ReferralPanel).
    onUnsaved?.(changed ? text : undefined);
  }, [changed, text, onUnsaved]);

  const edit = (value: string) => {
    setText(value);
    // A corrected problem clears as the user types; a new one waits for the next save.
    if (problem !== undefined) setProblem(notesProblem(value));
  };

  const save = async () => {
    const wrong = notesProblem(text);
    setProblem(wrong);
    if (wrong !== undefined || saving) return;
    setSaving(true);
    setFailure(undefined);
    const result = await workstation.case.updateNotes({ caseId: c.id, notes: text });
    setSaving(false);
    if (!result.ok) return setFailure(result.error);
    await discard();
    setText(result.value.notes ?? '');
    setSavedAt(new Date().toISOString());
    onCase(result.value);
    statusRef.current?.focus();
  };

  return (
    <section className="app-notes" aria-labelledby="notes-heading" data-testid="case-notes-panel">
      <h2 id="notes-heading">Clinical notes of the call</h2>
      {kept.state === 'ready' && kept.restoredAt !== undefined && changed && (
        <p className="nhsuk-body-s" data-testid="notes-restored">
          These notes are not saved yet: kept for you at {formatTime(kept.restoredAt)}.
        </p>
      )}
      <NotesField id="case-screen-notes" value={text} onChange={edit} error={problem} rows={3} />
      {referralSent && changed && (
        <p className="nhsuk-body-s" data-testid="notes-after-referral">
          The referral already sent carries the notes as they were when it was sent; once these are saved, an update of the referral with them is offered below.
        </p>
      )}
      <div className="app-actions">
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={!changed || saving} onClick={() => void save()} data-testid="save-notes">
          Save the notes
        </button>
        <p ref={statusRef} tabIndex={-1} role="status" className="nhsuk-body-s" data-testid="notes-state">
          {saving ? 'Saving the notes…' : changed ? 'Not saved yet.' : savedAt !== undefined ? `Notes saved at ${formatTime(savedAt)}.` : ''}
        </p>
      </div>
      {failure !== undefined && <ErrorMessage error={failure} title="The notes were not saved" />}
    </section>
  );
}
