import { formatNhsNumber, type Patient } from '../../../preload/contract';
import { contactsByRank, describePoint } from '../format/contact';
import { formatDate } from '../format/time';

/** The patient as the Provider will receive them, and their contacts with the primary first. */
export function PatientSummary({ patient }: { patient: Patient }) {
  const address = [...patient.address.lines, patient.address.city, patient.address.postcode].filter((s) => s !== undefined && s !== '').join(', ');
  const contacts = contactsByRank(patient);
  return (
    <dl className="nhsuk-summary-list" data-testid="patient-summary">
      <Row k="Name" v={[patient.title, patient.given, patient.family.toUpperCase()].filter((s) => s !== undefined && s !== '').join(' ')} />
      <Row k="Date of birth" v={formatDate(patient.birthDate)} />
      <Row k="NHS number" v={patient.nhsNumber !== undefined ? `${formatNhsNumber(patient.nhsNumber)}${patient.nhsNumberVerified === true ? ' (verified)' : ' (not verified)'}` : 'NHS number not known'} />
      <Row k="Address" v={address} />
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">Contact the service will receive</dt>
        <dd className="nhsuk-summary-list__value">
          <ol className="nhsuk-list app-contact-list" data-testid="contact-order">
            {contacts.map((c, i) => (
              <li key={`${c.who}-${c.point.value}-${i}`}>
                {c.point.rank === 1 ? <strong>Primary contact: </strong> : <span>Rank {c.point.rank}: </span>}
                {c.who}, {describePoint(c.point)}
              </li>
            ))}
          </ol>
        </dd>
      </div>
    </dl>
  );
}

function Row({ k, v }: { k: string; v: string }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{k}</dt>
      <dd className="nhsuk-summary-list__value">{v}</dd>
    </div>
  );
}
