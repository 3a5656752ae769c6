import { useEffect, useRef, useState } from 'react';
import type { AppErrorShape, ReportSource, ReportTable } from '../../../../preload/contract';
import { workstation } from '../../bridge/workstation';
import { ErrorSummary, type FieldError } from '../../forms/ErrorSummary';
import { checkDateParts, partsFromIso, type DateParts } from '../../forms/date-parts';
import { DateInput } from '../../forms/DateInput';
import { SelectField } from '../../forms/fields';
import { ukDay } from '../../format/time';
import { ErrorMessage } from '../../shell/ErrorMessage';
import { downloadCsv } from './csv-download';
import { reportFormErrors, type ReportForm } from './query-errors';
import { daysBefore, groupingChoices, GROUPING_WORDS, REPORT_CHOICES, SOURCE_CHOICES } from './report-choices';
import { ReportCharts } from './ReportCharts';
import { ReportTableView } from './ReportTableView';
import '../../styles/forms.css';
import './reports.css';

/** The consumer reports rep-cons-01…12: pick a report, a UK date range and a grouping; table, charts and CSV. */
export function ReportsScreen() {
  const [form, setForm] = useState<ReportForm>(() => {
    const today = ukDay(new Date());
    return { report: 'rep-cons-01', from: daysBefore(today, 6), to: today, groupBy: 'service' };
  });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [table, setTable] = useState<ReportTable | undefined>(undefined);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const [busy, setBusy] = useState<'run' | 'csv' | undefined>(undefined);
  // Whether this desk has an organisation record: then its reports are the default.
  const [hasOrganisation, setHasOrganisation] = useState(false);
  // Answers that arrive after a newer request, or after the screen has gone, are dropped.
  const generation = useRef(0);
  useEffect(() => {
    const counter = generation;
    return () => {
      counter.current++;
    };
  }, []);
  useEffect(() => {
    let gone = false;
    void workstation.reports.sources({}).then((result) => {
      if (gone || !result.ok) return;
      setHasOrganisation(result.value.organisation);
      setForm((f) => ({ ...f, source: f.source ?? (result.value.organisation ? 'organisation' : 'workstation') }));
    });
    return () => {
      gone = true;
    };
  }, []);

  // The range as typed in the NHS date pattern; read into `form` only when the report is asked for.
  const [range, setRange] = useState<{ from: DateParts; to: DateParts }>(() => ({ from: partsFromIso(form.from), to: partsFromIso(form.to) }));
  const set = (patch: Partial<ReportForm>) => setForm((f) => ({ ...f, ...patch }));
  /** The query to send, or undefined after showing what is wrong with the form. */
  const checked = (): ReportForm | undefined => {
    const from = checkDateParts(range.from, 'The first day');
    const to = checkDateParts(range.to, 'The last day');
    const next = { ...form, from: from.ok ? from.iso : '', to: to.ok ? to.iso : '' };
    const found = from.ok && to.ok ? reportFormErrors(next) : [...(from.ok ? [] : [{ fieldId: 'report-from', message: from.message }]), ...(to.ok ? [] : [{ fieldId: 'report-to', message: to.message }])];
    setAttempt((a) => a + 1);
    setErrors(found);
    if (found.length > 0) return undefined;
    setForm(next);
    return next;
  };

  const run = async (override?: Partial<ReportForm>) => {
    const asked = checked();
    if (asked === undefined) return;
    const query = { ...asked, ...override };
    if (override !== undefined) setForm(query);
    const mine = ++generation.current;
    setBusy('run');
    setFailure(undefined);
    const result = await workstation.reports.run(query);
    if (mine !== generation.current) return;
    setBusy(undefined);
    if (result.ok) setTable(result.value);
    else setFailure(result.error);
  };

  /** Site and workstation groupings exist only across the organisation; a desk's own reports fall back to service. */
  const chooseSource = (source: ReportSource): Partial<ReportForm> => {
    const patch = { source, ...(groupingChoices(source).some((c) => c.value === form.groupBy) ? {} : { groupBy: 'service' as const }) };
    set(patch);
    return patch;
  };

  const exportCsv = async () => {
    const query = checked();
    if (query === undefined) return;
    const mine = ++generation.current;
    setBusy('csv');
    setFailure(undefined);
    const result = await workstation.reports.csv(query);
    if (mine !== generation.current) return;
    setBusy(undefined);
    if (result.ok) downloadCsv(result.value.filename, result.value.csv);
    else setFailure(result.error);
  };

  return (
    <>
      <h1 tabIndex={-1}>Reports</h1>
      <ErrorSummary errors={errors} attempt={attempt} />
      <form
        noValidate
        data-testid="report-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        {hasOrganisation && (
          <SelectField id="report-source" label="Whose figures" value={form.source ?? 'organisation'} options={SOURCE_CHOICES} onChange={(v) => chooseSource(v as ReportSource)} />
        )}
        <SelectField id="report-id" label="Report" value={form.report} options={REPORT_CHOICES} onChange={(v) => set({ report: v as ReportForm['report'] })} />
        <div className="app-report-fields">
          <DateInput id="report-from" legend="From" hint="The first day, UK date. For example, 1 6 2026" value={range.from} onChange={(v) => setRange((r) => ({ ...r, from: v }))} error={errors.find((e) => e.fieldId === 'report-from')?.message} />
          <DateInput id="report-to" legend="To (included)" hint="The last day, UK date." value={range.to} onChange={(v) => setRange((r) => ({ ...r, to: v }))} error={errors.find((e) => e.fieldId === 'report-to')?.message} />
          <SelectField id="report-group" label="Group by" value={form.groupBy} options={groupingChoices(form.source ?? 'workstation')} onChange={(v) => set({ groupBy: v as ReportForm['groupBy'] })} />
        </div>
        <div className="app-report-actions">
          <button type="submit" className="nhsuk-button" disabled={busy !== undefined} data-testid="run-report">
            Show report
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy !== undefined} onClick={() => void exportCsv()} data-testid="export-csv">
            Download CSV
          </button>
          {busy !== undefined && (
            <p role="status" aria-busy="true">
              {busy === 'run' ? 'Running the report…' : 'Preparing the CSV file…'}
            </p>
          )}
        </div>
      </form>
      {failure?.code === 'org-unreachable' ? (
        <div className="nhsuk-warning-callout" data-testid="org-unreachable" role="alert">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>The organisation’s figures are not available
            </span>
          </h2>
          <p>{failure.message} Nothing shown here is the organisation’s.</p>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy !== undefined} data-testid="show-workstation-reports" onClick={() => void run(chooseSource('workstation'))}>
            Show this workstation’s reports
          </button>
        </div>
      ) : (
        failure !== undefined && <ErrorMessage error={failure} title="The report could not be produced" />
      )}
      {table !== undefined && (
        <section aria-labelledby="report-heading" data-testid="report-result" data-report={table.report}>
          <h2 id="report-heading">
            {table.report}: {table.title}
          </h2>
          <p className="nhsuk-body" data-testid="report-source">
            {table.source === 'organisation' ? 'Whole organisation: every workstation’s uploaded records.' : 'This workstation only: the records on this computer.'}
          </p>
          <p className="nhsuk-body">{table.description}</p>
          <p className="nhsuk-body-s" role="status">
            {table.rows.length === 0 ? 'Nothing to report in this period.' : `${table.rows.length} row${table.rows.length === 1 ? '' : 's'}, grouped by ${GROUPING_WORDS[table.groupBy]}.`}
          </p>
          <ReportTableView table={table} />
          {table.rows.length > 0 && <ReportCharts table={table} />}
        </section>
      )}
    </>
  );
}
