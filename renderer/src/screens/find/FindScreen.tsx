import { useState } from 'react';
import { formatNhsNumber, type AppErrorShape, type BookingMatch } from '../../../../preload/contract';
import { useApp } from '../../app/navigation';
import { workstation } from '../../bridge/workstation';
import { BookingActions } from '../../booking/BookingActions';
import { SlotDetails } from '../../booking/SlotDetails';
import { ErrorSummary, type FieldError } from '../../forms/ErrorSummary';
import { checkDateParts, emptyDateParts, isBlank, type DateParts } from '../../forms/date-parts';
import { DateInput } from '../../forms/DateInput';
import { TextField } from '../../forms/fields';
import { formatDate, formatDateTime } from '../../format/time';
import { ErrorMessage } from '../../shell/ErrorMessage';
import '../../styles/forms.css';
import '../../styles/case.css';

interface Query {
  family: string;
  birthDate: DateParts;
  nhsNumber: string;
  date: DateParts;
}

/** Find a booking made from this workstation, then cancel or rebook it. */
export function FindScreen() {
  const { navigate } = useApp();
  const [query, setQuery] = useState<Query>({ family: '', birthDate: emptyDateParts(), nhsNumber: '', date: emptyDateParts() });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [matches, setMatches] = useState<BookingMatch[] | undefined>(undefined);
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
      setErrors([{ fieldId: 'find-family', message: 'Enter at least one of: family name, date of birth, NHS number or appointment date' }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    setFailure(undefined);
    const result = await workstation.booking.find(req);
    setBusy(false);
    if (result.ok) {
      setMatches(result.value.matches);
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
        <p className="nhsuk-body">Bookings made from this workstation. Give one or more details.</p>
        <div className="app-find-fields">
          <TextField id="find-family" label="Family name" value={query.family} onChange={(v) => set({ family: v })} error={errors.find((x) => x.fieldId === 'find-family')?.message} />
          <DateInput id="find-birth-date" legend="Date of birth" value={query.birthDate} onChange={(v) => set({ birthDate: v })} error={errors.find((x) => x.fieldId === 'find-birth-date')?.message} />
          <TextField id="find-nhs-number" label="NHS number" inputMode="numeric" value={query.nhsNumber} onChange={(v) => set({ nhsNumber: v })} />
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
      {matches !== undefined && (
        <p role="status" className="nhsuk-body" data-testid="find-count">
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
                <td>{m.nhsNumber !== undefined ? formatNhsNumber(m.nhsNumber) : 'Not known'}</td>
                <td>{formatDateTime(m.booking.slot.start)}</td>
                <td>{m.booking.serviceName}</td>
                <td>{m.booking.status}</td>
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
            Reference <strong>{match.booking.appointmentId ?? 'not given'}</strong>, status <strong>{match.booking.status}</strong>
          </p>
          <SlotDetails slot={match.booking.slot} deadline={match.booking.slot.end} serviceName={match.booking.serviceName} />
          {match.booking.status === 'booked' && <BookingActions key={match.booking.id} booking={match.booking} serviceName={match.booking.serviceName} onChanged={() => undefined} />}
          <button type="button" className="app-link-button" onClick={() => navigate({ screen: 'case', caseId: match.booking.caseId })}>
            Open the case
          </button>
        </section>
      )}
    </>
  );
}
