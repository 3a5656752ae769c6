import { useState } from 'react';
import type { AppErrorShape } from '../../../../preload/contract';
import { useApp } from '../../app/navigation';
import { workstation } from '../../bridge/workstation';
import { ErrorSummary, type FieldError } from '../../forms/ErrorSummary';
import { describePoint } from '../../format/contact';
import { toUkLocalInput } from '../../format/uk-local';
import { ErrorMessage } from '../../shell/ErrorMessage';
import { ContactSection } from './ContactSection';
import { emptyDraft, primaryHolder, type NewCaseDraft } from './draft';
import { OutcomeSection } from './OutcomeSection';
import { PatientSection } from './PatientSection';
import { validateDraft } from './validate';
import '../../styles/forms.css';

/** Starts a case: the patient, their contacts, the assessment outcome and its deadline. */
export function NewCaseScreen() {
  const { session, navigate } = useApp();
  const [draft, setDraft] = useState<NewCaseDraft>(() => emptyDraft(toUkLocalInput(new Date())));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [refusal, setRefusal] = useState<string | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);

  const update = (patch: Partial<NewCaseDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const error = (id: string) => errors.find((e) => e.fieldId === id)?.message;

  /** A second rank 1 is refused, with the reason and which number already holds it. */
  const onRank = (numberKey: string, rank: string) => {
    if (rank === '1') {
      const holder = primaryHolder(draft, numberKey);
      if (holder !== undefined) {
        const what = holder.number.value.trim() === '' ? 'another number' : describePoint({ ...holder.number, value: holder.number.value.trim(), rank: 1 });
        setRefusal(`Only one number can be the primary contact (rank 1): ${what} for ${holder.owner} is already rank 1. Change that number’s rank first.`);
        return;
      }
    }
    setRefusal(undefined);
    const setRank = <T extends { key: string; rank: string }>(list: T[]) => list.map((n) => (n.key === numberKey ? { ...n, rank } : n));
    setDraft((d) => ({ ...d, numbers: setRank(d.numbers), contacts: d.contacts.map((c) => ({ ...c, numbers: setRank(c.numbers) })) }));
  };

  const submit = async () => {
    const checked = validateDraft(draft);
    setErrors(checked.errors);
    setAttempt((a) => a + 1);
    if (checked.request === undefined) return;
    setSending(true);
    setFailure(undefined);
    const result = await workstation.case.start(checked.request);
    setSending(false);
    if (result.ok) navigate({ screen: 'case', caseId: result.value.id });
    else setFailure(result.error);
  };

  return (
    <form
      className="app-new-case"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h1 tabIndex={-1}>New case</h1>
      <ErrorSummary errors={errors} attempt={attempt} />
      {failure !== undefined && <ErrorMessage error={failure} title="The case could not be started" />}
      <OutcomeSection draft={draft} update={update} dispositions={session.dispositions} error={error} />
      <PatientSection draft={draft} update={update} error={error} />
      <ContactSection draft={draft} update={update} onRank={onRank} refusal={refusal} error={error} />
      <div className="app-actions">
        <button type="submit" className="nhsuk-button" disabled={sending} aria-describedby={sending ? 'start-status' : undefined}>
          Start the case
        </button>
        {sending && (
          <p id="start-status" role="status" aria-busy="true">
            Starting the case…
          </p>
        )}
      </div>
    </form>
  );
}
