import type { Disposition } from '../../../../preload/contract';
import { checkDateParts, checkTime } from '../../forms/date-parts';
import { DateInput, TimeBox } from '../../forms/DateInput';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../forms/fields';
import { formatDateTime, formatDuration } from '../../format/time';
import { fromUkLocalInput } from '../../format/time';
import type { NewCaseDraft } from './draft';

/** The start of the case as typed, when it reads as a real UK time. */
function startInstant(draft: NewCaseDraft): string | undefined {
  const d = checkDateParts(draft.startDate, 'Start');
  const t = checkTime(draft.startTime);
  return d.ok && t !== undefined ? fromUkLocalInput(`${d.iso}T${t}`) : undefined;
}

/** The case clock, the assessment outcome with its timeframe, and (on demand) a deadline set by hand. */
export function OutcomeSection({ draft, update, dispositions, error }: { draft: NewCaseDraft; update: (patch: Partial<NewCaseDraft>) => void; dispositions: readonly Disposition[]; error: (id: string) => string | undefined }) {
  const chosen = dispositions.find((d) => d.code === draft.dispositionCode);
  const started = startInstant(draft);
  // A preview only: main sets the deadline when the case starts.
  const preview = chosen !== undefined && started !== undefined ? new Date(new Date(started).getTime() + chosen.timeframeMinutes * 60_000) : undefined;
  const options = [{ value: '', label: 'Choose the assessment outcome' }, ...dispositions.map((d) => ({ value: d.code, label: `${d.code} – ${d.text} (within ${formatDuration(d.timeframeMinutes)})` }))];
  const startError = error('case-started-at');
  return (
    <section aria-labelledby="outcome-heading">
      <h2 id="outcome-heading">Assessment outcome</h2>
      <SelectField id="disposition" label="Assessment outcome (disposition)" value={draft.dispositionCode} onChange={(v) => update({ dispositionCode: v })} options={options} error={error('disposition')} />
      {draft.changeStart || startError !== undefined ? (
        <DateInput
          id="case-started-at"
          legend="Case start time (UK time)"
          hint="When the call began. The timeframe is counted from here."
          value={draft.startDate}
          onChange={(v) => update({ startDate: v })}
          error={startError}
        >
          <TimeBox id="case-started-at-time" value={draft.startTime} onChange={(v) => update({ startTime: v })} invalid={startError !== undefined} />
        </DateInput>
      ) : (
        <p className="nhsuk-body app-inline-summary" data-testid="case-start">
          Case started <strong>{started !== undefined ? formatDateTime(started) : 'now'}</strong> (when this form was opened).{' '}
          <button type="button" className="app-link-button" onClick={() => update({ changeStart: true })}>
            Change the start time
          </button>
        </p>
      )}
      {preview !== undefined && !draft.deadlineByHand && (
        <p className="nhsuk-body" data-testid="deadline-preview">
          Deadline: <strong>{formatDateTime(preview)}</strong> (start + {formatDuration(chosen?.timeframeMinutes ?? 0)})
        </p>
      )}
      <CheckboxField id="deadline-by-hand" label="Set the deadline by hand" hint="On clinical judgement only, with the reason." checked={draft.deadlineByHand} onChange={(v) => update({ deadlineByHand: v })} />
      {draft.deadlineByHand && (
        <div className="app-conditional" data-testid="deadline-by-hand-fields">
          <DateInput id="deadline" legend="Deadline (UK time)" value={draft.deadlineDate} onChange={(v) => update({ deadlineDate: v })} error={error('deadline')}>
            <TimeBox id="deadline-time" value={draft.deadlineTime} onChange={(v) => update({ deadlineTime: v })} invalid={error('deadline') !== undefined} />
          </DateInput>
          <TextAreaField
            id="deadline-reason"
            label="Why the deadline is different"
            hint="At least 20 characters: the clinical reason, as it will read in the audit."
            value={draft.deadlineReason}
            onChange={(v) => update({ deadlineReason: v })}
            error={error('deadline-reason')}
            rows={2}
          />
          <TextField
            id="deadline-decided-by"
            label="Who decided (name and role)"
            hint="For example, Dr Priya Nair, GP"
            value={draft.deadlineDecidedBy}
            onChange={(v) => update({ deadlineDecidedBy: v })}
            error={error('deadline-decided-by')}
          />
        </div>
      )}
    </section>
  );
}

/** The registered GP practice, asked for only when the user has it to hand. */
export function PracticeFields({ draft, update, error }: { draft: NewCaseDraft; update: (patch: Partial<NewCaseDraft>) => void; error: (id: string) => string | undefined }) {
  if (!draft.showPractice && error('practice-ods') === undefined) {
    return (
      <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => update({ showPractice: true })}>
        Add the registered GP practice
      </button>
    );
  }
  return (
    <fieldset className="nhsuk-fieldset app-fieldset">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Registered GP practice (optional)</legend>
      <div className="app-form-row">
        <TextField id="practice-ods" label="Practice ODS code" hint="For example, B82005" value={draft.practiceOds} onChange={(v) => update({ practiceOds: v })} className="nhsuk-input--width-10" error={error('practice-ods')} />
        <TextField id="practice-name" label="Practice name" value={draft.practiceName} onChange={(v) => update({ practiceName: v })} />
      </div>
    </fieldset>
  );
}
