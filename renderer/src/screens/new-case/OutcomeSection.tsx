import type { Disposition } from '../../../../preload/contract';
import { CheckboxField, SelectField, TextField } from '../../forms/fields';
import { formatDateTime, formatDuration } from '../../format/time';
import { fromUkLocalInput } from '../../format/uk-local';
import type { NewCaseDraft } from './draft';

/** The case clock, the assessment outcome with its timeframe, and the registered practice. */
export function OutcomeSection({ draft, update, dispositions, error }: { draft: NewCaseDraft; update: (patch: Partial<NewCaseDraft>) => void; dispositions: readonly Disposition[]; error: (id: string) => string | undefined }) {
  const chosen = dispositions.find((d) => d.code === draft.dispositionCode);
  const started = fromUkLocalInput(draft.startedAt);
  // A preview only: main sets the deadline when the case starts.
  const preview = chosen !== undefined && started !== undefined ? new Date(new Date(started).getTime() + chosen.timeframeMinutes * 60_000) : undefined;
  const options = [{ value: '', label: 'Choose the assessment outcome' }, ...dispositions.map((d) => ({ value: d.code, label: `${d.code} – ${d.text} (within ${formatDuration(d.timeframeMinutes)})` }))];
  return (
    <section aria-labelledby="outcome-heading">
      <h2 id="outcome-heading">Assessment outcome</h2>
      <TextField
        id="case-started-at"
        label="Case start time (UK time)"
        hint="When the call began. The timeframe is counted from here."
        type="datetime-local"
        value={draft.startedAt}
        onChange={(v) => update({ startedAt: v })}
        error={error('case-started-at')}
      />
      <SelectField id="disposition" label="Assessment outcome (disposition)" value={draft.dispositionCode} onChange={(v) => update({ dispositionCode: v })} options={options} error={error('disposition')} />
      {preview !== undefined && !draft.deadlineByHand && (
        <p className="nhsuk-body" data-testid="deadline-preview">
          Deadline: <strong>{formatDateTime(preview)}</strong> (start + {formatDuration(chosen?.timeframeMinutes ?? 0)})
        </p>
      )}
      <CheckboxField id="deadline-by-hand" label="Set the deadline by hand" hint="Only when clinical judgement sets a different deadline." checked={draft.deadlineByHand} onChange={(v) => update({ deadlineByHand: v })} />
      {draft.deadlineByHand && (
        <TextField id="deadline" label="Deadline (UK time)" type="datetime-local" value={draft.deadline} onChange={(v) => update({ deadline: v })} error={error('deadline')} />
      )}
      <h2>Registered GP practice (optional)</h2>
      <TextField id="practice-ods" label="Practice ODS code" hint="For example, B82005" value={draft.practiceOds} onChange={(v) => update({ practiceOds: v })} className="nhsuk-input--width-10" error={error('practice-ods')} />
      <TextField id="practice-name" label="Practice name" value={draft.practiceName} onChange={(v) => update({ practiceName: v })} />
    </section>
  );
}
