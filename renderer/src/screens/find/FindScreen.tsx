import { useState } from 'react';
import { formatNhsNumber, type AppErrorShape, type FindResult } from '../../../../preload/contract';
import { workstation } from '../../bridge/workstation';
import { SlotDetails } from '../../booking/SlotDetails';
import { ErrorSummary, type FieldError } from '../../forms/ErrorSummary';
import { checkDateParts, emptyDateParts, isBlank, type DateParts } from '../../forms/date-parts';
import { DateInput } from '../../forms/DateInput';
import { TextField } from '../../forms/fields';
import { madeByName } from '../../format/made-by';
import { formatDate } from '../../format/time';
import { ErrorMessage } from '../../shell/ErrorMessage';
import { MatchActions } from './MatchActions';
import '../../styles/forms.css';
import '../../styles/case.css';

interface Query {
  family: string;
  birthDate: DateParts;
  nhsNumber: string;
  phone: string;
  reference: string;
  date: DateParts;
}

/** Find a booking made on any desk of the organisation (or this desk, without an organisation record), then cancel or rebook it. */
export function FindScreen() {
  const [query, setQuery] = useState<Query>({ family: '', birthDate: emptyDateParts(), nhsNumber: '', phone: '', reference: '', date: emptyDateParts() });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [found, setFound] = useState<FindResult | undefined>(undefined);
  const matches = found?.matches;
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<string | undefined>(undefined);

  const set = (patch: Partial<Query>) => setQuery((q) => ({ ...q, ...patch }));
  const request = () => {
    const t = (s: string) => s.trim();
    const birth = isBlank(query.birthDate) ? undefined : checkDateParts(query.birthDate, 'Date of birth');
    const day = isBlank(query.date) ? undefined : checkDateParts(query.date, 'Appointment date');
    const problems: FieldError[] = [
      ...(birth !== undefined && !birth.ok ? [{ fieldId: 'find-birth-date', message: birth.message }] : []),
      ...(day !== undefined && !day.ok ? [{ fieldId: 'find-date', message: day.message }] : []),
    ];
    return {
      problems,
      req: {
        ...(t(query.family) !== '' ? { family: t(query.family) } : {}),
        ...(birth?.ok === true ? { birthDate: birth.iso } : {}),
        ...(t(query.nhsNumber) !== '' ? { nhsNumber: t(query.nhsNumber).replace(/\s/g, '') } : {}),
        ...(t(query.phone) !== '' ? { phone: t(query.phone) } : {}),
        ...(t(query.reference) !== '' ? { reference: t(query.reference) } : {}),
        ...(day?.ok === true ? { date: day.iso } : {}),
      },
    };
  };

  const search = async () => {
    const { req, problems } = request();
    setAttempt((a) => a + 1);
    if (problems.length > 0) {
      setErrors(problems);
      return;
    }
    if (Object.keys(req).length === 0) {
      setErrors([{ fieldId: 'find-nhs-number', message: 'Enter at least one of: NHS number, family name with date of birth, phone number, reference or appointment date' }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    setFailure(undefined);
    const result = await workstation.booking.find(req);
    setBusy(false);
    if (result.ok) {
      setFound(result.value);
      setOpen(undefined);
    } else setFailure(result.error);
  };

  const match = matches?.find((m) => m.booking.id === open);

  return (
    <>
      <h1 tabIndex={-1}>Find a booking</h1>
      <ErrorSummary errors={errors} attempt={attempt} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <p className="nhsuk-body">Give the NHS number, the start of the family name with the date of birth, a phone number or a reference.</p>
        <div className="app-find-fields">
          <TextField id="find-nhs-number" label="NHS number" inputMode="numeric" value={query.nhsNumber} onChange={(v) => set({ nhsNumber: v })} error={errors.find((x) => x.fieldId === 'find-nhs-number')?.message} />
          <TextField id="find-family" label="Family name" value={query.family} onChange={(v) => set({ family: v })} error={errors.find((x) => x.fieldId === 'find-family')?.message} />
          <DateInput id="find-birth-date" legend="Date of birth" value={query.birthDate} onChange={(v) => set({ birthDate: v })} error={errors.find((x) => x.fieldId === 'find-birth-date')?.message} />
          <TextField id="find-phone" label="Phone number" inputMode="tel" value={query.phone} onChange={(v) => set({ phone: v })} />
          <TextField id="find-reference" label="Appointment number or case reference" value={query.reference} onChange={(v) => set({ reference: v })} />
          <DateInput id="find-date" legend="Appointment date" value={query.date} onChange={(v) => set({ date: v })} error={errors.find((x) => x.fieldId === 'find-date')?.message} />
        </div>
        <button type="submit" className="nhsuk-button" disabled={busy}>
          Search
        </button>
        {busy && (
          <p role="status" aria-busy="true">
            Searching…
          </p>
        )}
      </form>
      {failure !== undefined && <ErrorMessage error={failure} title="The search did not work" />}
      {found?.unreachable !== undefined && (
        <div className="nhsuk-warning-callout" data-testid="find-unreachable">
          <h2 className="nhsuk-warning-callout__label">This desk only</h2>
          <p>{found.unreachable}</p>
        </div>
      )}
      {matches !== undefined && (
        <p role="status" className="nhsuk-body" data-testid="find-count" data-searched={found?.searched}>
          {matches.length === 0 ? 'No bookings match.' : `${matches.length} booking${matches.length === 1 ? '' : 's'} found.`}
        </p>
      )}
      {matches !== undefined && matches.length > 0 && (
        <table className="nhsuk-table" data-testid="find-results">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Bookings found</caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Born</th>
              <th scope="col">NHS number</th>
              <th scope="col">Appointment (UK time)</th>
              <th scope="col">Service</th>
              <th scope="col">Status</th>
              <th scope="col">Booked on</th>
              <th scope="col">
                <span className="nhsuk-u-visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {matches.map((m) => (
              <tr key={m.booking.id} data-booking-id={m.booking.id}>
                <td>{m.patientName}</td>
                <td>{formatDate(m.birthDate)}</td>
                <td>{m.nhsNumber !== undefined ? formatNhsNumber(m.nhsNumber) : 'No NHS number'}</td>
                <td>{m.booking.slotText}</td>
                <td>{m.booking.serviceName}</td>
                <td>{m.booking.statusText}</td>
                <td data-testid="find-made-by">
                  {m.madeBy.workstation} by {madeByName(m.madeBy)}
                </td>
                <td>
                  <button type="button" className="app-link-button" onClick={() => setOpen(m.booking.id)}>
                    Open<span className="nhsuk-u-visually-hidden"> booking for {m.patientName}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {match !== undefined && (
        <section aria-labelledby="match-heading" data-testid="find-match" data-booking-status={match.booking.status}>
          <h2 id="match-heading">
            {match.patientName}, {match.booking.serviceName}
          </h2>
          <p className="nhsuk-body">
            Reference <strong data-testid="find-reference">{match.booking.reference}</strong>, <strong data-testid="find-status">{match.booking.statusText}</strong>
          </p>
          <p className="nhsuk-body" data-testid="find-timeframe">
            {match.booking.timeframe.text}
            {match.booking.approval !== undefined && (
              <>
                {' '}
                — approved by <strong>{match.booking.approval.approverName}</strong> ({match.booking.approval.approverRole}{match.booking.approval.registrationNumber !== undefined ? `, ${match.booking.approval.registrationBody ?? ''} ${match.booking.approval.registrationNumber}` : ''}): {match.booking.approval.reason}
              </>
            )}
          </p>
          <SlotDetails slot={match.booking.slot} deadline={match.booking.timeframe.deadline} serviceName={match.booking.serviceName} />
          <p className="nhsuk-body" data-testid="find-match-made-by">
            Booked on desk <strong>{match.madeBy.workstation}</strong> by <strong>{madeByName(match.madeBy)}</strong>
          </p>
          <MatchActions key={match.booking.id} bookingId={match.booking.id} caseId={match.booking.caseId} onThisDesk={match.onThisDesk} />
        </section>
      )}
    </>
  );
}
