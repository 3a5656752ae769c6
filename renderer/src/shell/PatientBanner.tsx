import { formatNhsNumber, type Patient } from '../../../preload/contract';
import { ageInYears, formatDate } from '../format/time';

/** On every screen of a case: name, date of birth and NHS number, so the wrong patient is never booked. */
export function PatientBanner({ patient }: { patient: Patient }) {
  return (
    <section className="app-patient" aria-label="Patient" data-testid="patient-banner">
      <div className="nhsuk-width-container app-patient__inner">
        <span className="app-patient__name">
          {[patient.title, patient.given].filter(Boolean).join(' ')} <strong>{patient.family.toUpperCase()}</strong>
        </span>
        <span>
          <span className="app-patient__label">Born</span> {formatDate(patient.birthDate)} ({ageInYears(patient.birthDate)} y)
        </span>
        <span>
          <span className="app-patient__label">Gender</span> {patient.gender}
        </span>
        <span data-testid="patient-nhs-number">
          <span className="app-patient__label">NHS No.</span>{' '}
          {patient.nhsNumber !== undefined ? (
            <>
              {formatNhsNumber(patient.nhsNumber)} {patient.nhsNumberVerified === true ? '(verified)' : '(not verified)'}
            </>
          ) : (
            'NHS number not known'
          )}
        </span>
      </div>
    </section>
  );
}
