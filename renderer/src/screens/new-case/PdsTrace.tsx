import { useState } from 'react';
import type { AppErrorShape, TraceAnswer, TracedPatient } from '../../../../preload/contract';
import { formatNhsNumber } from '../../../../preload/contract';
import { workstation } from '../../bridge/workstation';
import { CheckboxField } from '../../forms/fields';
import { checkDateParts, partsFromIso } from '../../forms/date-parts';
import { ErrorMessage } from '../../shell/ErrorMessage';
import type { NewCaseDraft } from './draft';

const GENDER_TEXT: Record<TracedPatient['gender'], string> = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Not known' };

/** The traced patient's details as they go into the form: a restricted record brings no address. */
function fromTrace(p: TracedPatient, draft: NewCaseDraft): Partial<NewCaseDraft> {
  const lines = p.address?.lines ?? [];
  return {
    title: p.title ?? '',
    given: p.given,
    family: p.family,
    birthDate: partsFromIso(p.birthDate),
    gender: p.gender,
    address: p.restricted
      ? { line1: '', line2: '', line3: '', city: '', postcode: draft.address.postcode }
      : { line1: lines[0] ?? '', line2: lines[1] ?? '', line3: lines[2] ?? '', city: p.address?.city ?? lines[3] ?? '', postcode: p.address?.postcode ?? '' },
    nhsNumber: p.nhsNumber,
    nhsNumberVerified: true,
    pdsTrace: { traceId: p.traceId, nhsNumber: p.nhsNumber, restricted: p.restricted, ...(p.supersededNhsNumber !== undefined ? { supersededNhsNumber: p.supersededNhsNumber } : {}) },
    ...(p.gp !== undefined ? { showPractice: true, practiceOds: p.gp.odsCode } : {}),
  };
}

function Match({ patient, notices, onUse, onReject }: { patient: TracedPatient; notices: string[]; onUse: () => void; onReject: () => void }) {
  const address = patient.address === undefined ? undefined : [...patient.address.lines, patient.address.city, patient.address.postcode].filter((s) => s !== undefined && s !== '').join(', ');
  const deceased = patient.deceasedOn !== undefined;
  return (
    <div className="nhsuk-card app-pds-match" data-testid="pds-match">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading">PDS record</h3>
        {notices.map((n) => (
          <div key={n} className={`nhsuk-warning-callout${deceased ? ' app-pds-deceased' : ''}`} role="alert">
            <p className="nhsuk-body">{n}</p>
          </div>
        ))}
        <dl className="nhsuk-summary-list">
          <div className="nhsuk-summary-list__row"><dt className="nhsuk-summary-list__key">Name</dt><dd className="nhsuk-summary-list__value">{[patient.title, patient.given, patient.family.toUpperCase()].filter((s) => s !== undefined).join(' ')}</dd></div>
          <div className="nhsuk-summary-list__row"><dt className="nhsuk-summary-list__key">Date of birth</dt><dd className="nhsuk-summary-list__value">{patient.birthDate.split('-').reverse().join('/')}</dd></div>
          <div className="nhsuk-summary-list__row"><dt className="nhsuk-summary-list__key">Gender</dt><dd className="nhsuk-summary-list__value">{GENDER_TEXT[patient.gender]}</dd></div>
          <div className="nhsuk-summary-list__row"><dt className="nhsuk-summary-list__key">Address</dt><dd className="nhsuk-summary-list__value">{patient.restricted ? 'Not shown: restricted record' : (address ?? 'None on PDS')}</dd></div>
          <div className="nhsuk-summary-list__row"><dt className="nhsuk-summary-list__key">GP practice</dt><dd className="nhsuk-summary-list__value">{patient.restricted ? 'Not shown: restricted record' : (patient.gp?.odsCode ?? 'None on PDS')}</dd></div>
          <div className="nhsuk-summary-list__row"><dt className="nhsuk-summary-list__key">NHS number</dt><dd className="nhsuk-summary-list__value" data-testid="pds-nhs-number">{formatNhsNumber(patient.nhsNumber)}</dd></div>
        </dl>
        <div className="app-actions">
          {!deceased && (
            <button type="button" className="nhsuk-button" onClick={onUse}>
              This is the patient: use these details
            </button>
          )}
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onReject}>
            {deceased ? 'Continue without tracing' : 'Not the patient'}
          </button>
        </div>
      </div>
    </div>
  );
}

/**
 * "Trace on PDS": searches PDS with the patient's name, date of birth, gender and postcode as typed
 * (or retrieves the NHS number typed), shows the match for the clinician to confirm, and fills the
 * form from it. Every failure has its own plain message and leaves the clinician free to go on untraced.
 */
export function PdsTrace({ draft, update }: { draft: NewCaseDraft; update: (patch: Partial<NewCaseDraft>) => void }) {
  const [fuzzy, setFuzzy] = useState(false);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<TraceAnswer | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);

  const run = async (ask: () => ReturnType<typeof workstation.patient.search>) => {
    setBusy(true);
    setFailure(undefined);
    setAnswer(undefined);
    const result = await ask();
    setBusy(false);
    if (result.ok) setAnswer(result.value);
    else setFailure(result.error);
  };

  const search = () => {
    const birth = checkDateParts(draft.birthDate, 'Date of birth');
    if (draft.family.trim() === '' || !birth.ok) {
      setProblem('Enter at least the family name and date of birth above to trace the patient.');
      return;
    }
    setProblem(undefined);
    void run(() =>
      workstation.patient.search({
        family: draft.family.trim(),
        birthDate: birth.iso,
        ...(draft.given.trim() !== '' ? { given: draft.given.trim() } : {}),
        ...(draft.gender !== '' ? { gender: draft.gender as TracedPatient['gender'] } : {}),
        ...(draft.address.postcode.trim() !== '' && !draft.address.noFixedAbode ? { postcode: draft.address.postcode.trim() } : {}),
        ...(fuzzy ? { fuzzy: true } : {}),
      }),
    );
  };

  const retrieve = () => {
    if (draft.nhsNumber.replace(/\s/g, '').length !== 10) {
      setProblem('Enter the 10-digit NHS number above to retrieve the patient.');
      return;
    }
    setProblem(undefined);
    void run(() => workstation.patient.retrieve({ nhsNumber: draft.nhsNumber }));
  };

  const traced = draft.pdsTrace;
  return (
    <section aria-labelledby="pds-heading" className="app-pds" data-testid="pds-trace">
      <h2 id="pds-heading">Trace on PDS</h2>
      {traced !== undefined ? (
        <div className="nhsuk-inset-text" data-testid="pds-traced">
          <p className="nhsuk-body">
            Traced on PDS: NHS number {formatNhsNumber(traced.nhsNumber)} (verified).
            {traced.supersededNhsNumber !== undefined && ` It replaces ${formatNhsNumber(traced.supersededNhsNumber)}.`}
            {traced.restricted && ' Restricted record: only the postcode of where the patient is now is kept.'}{' '}
            <button type="button" className="app-link-button" onClick={() => update({ pdsTrace: undefined, nhsNumberVerified: false })}>
              Undo the trace
            </button>
          </p>
        </div>
      ) : (
        <>
          <p className="nhsuk-body-s" data-testid="pds-not-traced">
            Not traced. Fill in the name, date of birth (and gender and postcode if known) below, then trace; or retrieve by the NHS number.
          </p>
          <CheckboxField id="pds-fuzzy" label="Also match similar-sounding names" checked={fuzzy} onChange={setFuzzy} />
          <div className="app-actions">
            <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={search}>
              Trace on PDS
            </button>
            <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={retrieve}>
              Retrieve by NHS number
            </button>
          </div>
          {busy && (
            <p className="nhsuk-body" role="status" aria-busy="true">
              Asking PDS…
            </p>
          )}
          {problem !== undefined && (
            <p className="nhsuk-error-message" role="alert">
              {problem}
            </p>
          )}
          {failure !== undefined && <ErrorMessage error={failure} title="PDS could not be asked" />}
          {answer !== undefined && answer.kind === 'matched' && (
            <Match
              patient={answer.patient}
              notices={answer.notices}
              onUse={() => {
                update(fromTrace(answer.patient, draft));
                setAnswer(undefined);
              }}
              onReject={() => setAnswer(undefined)}
            />
          )}
          {answer !== undefined && answer.kind !== 'matched' && (
            <div className="nhsuk-inset-text" role="status" data-testid="pds-answer" data-kind={answer.kind}>
              <p className="nhsuk-body">{answer.message}</p>
            </div>
          )}
        </>
      )}
    </section>
  );
}
