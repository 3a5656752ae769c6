import { useEffect, useRef, useState } from 'react';
import type { AppErrorShape, ExistingAnswer } from '../../../../preload/contract';
import { useApp } from '../../app/navigation';
import { workstation } from '../../bridge/workstation';
import { ErrorSummary, type FieldError } from '../../forms/ErrorSummary';
import { inPageOrder, stillWrong } from '../../forms/page-order';
import { describePoint } from '../../format/contact';
import { formatTime } from '../../format/time';
import { NotesField } from '../../forms/NotesField';
import { ErrorMessage } from '../../shell/ErrorMessage';
import { ContactSection } from './ContactSection';
import { emptyDraft, isUntouched, parseNewCaseDraft, primaryHolder, type NewCaseDraft } from './draft';
import { OutcomeSection, PracticeFields } from './OutcomeSection';
import { PathwaysFields } from './PathwaysFields';
import { KeptFormOffer } from './KeptFormOffer';
import { PatientSection } from './PatientSection';
import { PdsTrace } from './PdsTrace';
import { SecondBookingWarning } from './SecondBookingWarning';
import { useKeptDraft } from '../../hooks/useKeptDraft';
import { validateDraft, type StartCaseRequest } from './validate';
import '../../styles/forms.css';

const NEW_CASE_DRAFT = { parse: parseNewCaseDraft, ask: true };

/** Starts a case: the patient, their contacts, the assessment outcome and its deadline. */
export function NewCaseScreen() {
  const { session, navigate } = useApp();
  const [draft, setDraft] = useState<NewCaseDraft>(() => emptyDraft(new Date()));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [refusal, setRefusal] = useState<{ numberKey: string; message: string } | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const { kept, savedAt, discard, takeOffered, declineOffered } = useKeptDraft(draft, setDraft, NEW_CASE_DRAFT, !isUntouched(draft));
  const formRef = useRef<HTMLFormElement>(null);
  const [cleared, setCleared] = useState(false);
  const [warning, setWarning] = useState<{ answer: ExistingAnswer; request: StartCaseRequest } | undefined>(undefined);

  const update = (patch: Partial<NewCaseDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const error = (id: string) => errors.find((e) => e.fieldId === id)?.message;

  // A corrected field loses its error as soon as it is right; nothing new is shown until the next submit.
  useEffect(() => {
    setErrors((shown) => {
      if (shown.length === 0) return shown;
      const next = stillWrong(shown, validateDraft(draft).errors);
      return next.length === shown.length && next.every((e, i) => e.fieldId === shown[i]?.fieldId && e.message === shown[i]?.message) ? shown : next;
    });
  }, [draft]);

  /** A second rank 1 is refused, with the reason and which number already holds it, beside the rank just chosen. */
  const onRank = (numberKey: string, rank: string) => {
    if (rank === '1') {
      const holder = primaryHolder(draft, numberKey);
      if (holder !== undefined) {
        const what = holder.number.value.trim() === '' ? 'another number' : describePoint({ ...holder.number, value: holder.number.value.trim(), rank: 1 });
        setRefusal({ numberKey, message: `Only one number can be the primary contact (rank 1): ${what} for ${holder.owner} is already rank 1. Change that number’s rank first.` });
        return;
      }
    }
    setRefusal(undefined);
    const setRank = <T extends { key: string; rank: string }>(list: T[]) => list.map((n) => (n.key === numberKey ? { ...n, rank } : n));
    setDraft((d) => ({ ...d, numbers: setRank(d.numbers), contacts: d.contacts.map((c) => ({ ...c, numbers: setRank(c.numbers) })) }));
  };

  const submit = async () => {
    const checked = validateDraft(draft);
    setErrors(inPageOrder(checked.errors, formRef.current ?? document));
    setAttempt((a) => a + 1);
    if (checked.request === undefined) return;
    const request = checked.request;
    setSending(true);
    setFailure(undefined);
    // Before a second booking for the same person: their live bookings and open cases, here and on other desks.
    const p = request.patient;
    const existing = await workstation.patient.existing({ family: p.family, given: p.given, birthDate: p.birthDate, ...(p.nhsNumber !== undefined ? { nhsNumber: p.nhsNumber } : {}) });
    if (existing.ok && (existing.value.matches.length > 0 || existing.value.organisation === 'unreachable')) {
      setSending(false);
      setWarning({ answer: existing.value, request });
      return;
    }
    await start(request);
  };

  const start = async (request: StartCaseRequest) => {
    setSending(true);
    const result = await workstation.case.start(request);
    setSending(false);
    if (result.ok) {
      await discard();
      navigate({ screen: 'case', caseId: result.value.id });
    } else setFailure(result.error);
  };

  const openExisting = async (caseId: string, onThisDesk: boolean) => {
    if (!onThisDesk) {
      // Another desk's case is copied here from the organisation record first.
      setSending(true);
      const copied = await workstation.booking.openFound({ caseId });
      setSending(false);
      if (!copied.ok) return setFailure(copied.error);
    }
    navigate({ screen: 'case', caseId });
  };

  const startAgain = async () => {
    await workstation.case.discardDraft({});
    setDraft(emptyDraft(new Date()));
    setErrors([]);
    setRefusal(undefined);
    setCleared(true);
    document.getElementById('disposition')?.focus();
  };

  if (kept.state === 'loading') {
    return (
      <>
        <h1 tabIndex={-1}>New case</h1>
        <p className="nhsuk-body" role="status" aria-busy="true">
          Opening the form…
        </p>
      </>
    );
  }

  if (kept.state === 'offered') {
    return (
      <>
        <h1 tabIndex={-1}>New case</h1>
        <KeptFormOffer
          form={kept.form}
          startedAt={kept.startedAt}
          savedAt={kept.savedAt}
          onContinue={takeOffered}
          onStartNew={() => {
            // A new call: a new form, whose case start is now.
            void declineOffered().then(() => {
              setDraft(emptyDraft(new Date()));
              requestAnimationFrame(() => document.getElementById('disposition')?.focus());
            });
          }}
        />
      </>
    );
  }

  return (
    <form
      className="app-new-case"
      noValidate
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h1 tabIndex={-1}>New case</h1>
      {kept.restoredAt !== undefined && !cleared && (
        <div className="nhsuk-inset-text app-restored" data-testid="draft-restored">
          <p className="nhsuk-body">
            This is the form you were filling in (last kept at {formatTime(kept.restoredAt)}).{' '}
            <button type="button" className="app-link-button" onClick={() => void startAgain()}>
              Clear it and start a new form
            </button>
          </p>
        </div>
      )}
      <ErrorSummary errors={errors} attempt={attempt} />
      {failure !== undefined && <ErrorMessage error={failure} title="The case could not be started" />}
      {/* Two columns on a desk-width screen (the form then fits two screens at 1366×768), one on a narrow one; the reading and Tab order stay as written. */}
      <div className="app-new-case__columns">
        <div className="app-new-case__column">
          <OutcomeSection draft={draft} update={update} dispositions={session.dispositions} error={error} />
          <PathwaysFields draft={draft} update={update} error={error} />
          <PatientSection draft={draft} update={update} error={error} />
        </div>
        <div className="app-new-case__column">
          <PdsTrace draft={draft} update={update} />
          <ContactSection draft={draft} update={update} onRank={onRank} refusal={refusal} error={error} />
          <PracticeFields draft={draft} update={update} error={error} />
          <NotesField id="case-notes" rows={3} value={draft.notes} onChange={(v) => update({ notes: v })} error={error('case-notes')} />
        </div>
      </div>
      {warning !== undefined && (
        <SecondBookingWarning
          answer={warning.answer}
          busy={sending}
          onOpen={(caseId, onThisDesk) => void openExisting(caseId, onThisDesk)}
          onContinue={(reason) => {
            const { request } = warning;
            setWarning(undefined);
            void start(reason === undefined ? request : { ...request, secondBooking: { reason, existingCaseIds: warning.answer.matches.map((m) => m.caseId) } });
          }}
          onCancel={() => setWarning(undefined)}
        />
      )}
      <div className="app-actions">
        <button type="submit" className="nhsuk-button" disabled={sending} aria-describedby={sending ? 'start-status' : undefined}>
          Start the case
        </button>
        {sending && (
          <p id="start-status" role="status" aria-busy="true">
            Starting the case…
          </p>
        )}
        <p className="nhsuk-body-s app-draft-state" role="status" data-testid="draft-saved" data-saved-at={savedAt}>
          {savedAt !== undefined ? `Form kept at ${formatTime(savedAt)}: a reload or another screen will not lose it.` : ''}
        </p>
      </div>
    </form>
  );
}
