import { useApp } from '../../app/navigation';
import { DateInput } from '../../forms/DateInput';
import { CheckboxField, SelectField, TextField } from '../../forms/fields';
import { AddressFields } from './AddressFields';
import type { NewCaseDraft } from './draft';

const GENDERS = [
  { value: '', label: 'Choose' },
  { value: 'female', label: 'Female' },
  { value: 'male', label: 'Male' },
  { value: 'other', label: 'Other' },
  { value: 'unknown', label: 'Not known' },
];

/** Who the patient is: the details the Provider receives in the Appointment's contained Patient. */
export function PatientSection({ draft, update, error }: { draft: NewCaseDraft; update: (patch: Partial<NewCaseDraft>) => void; error: (id: string) => string | undefined }) {
  const noNhsNumber = draft.nhsNumber.trim() === '';
  // Live: only a PDS trace verifies a number (main ignores a typed tick there), so none is offered.
  const typedTick = useApp().session.environment !== 'LIVE';
  return (
    <section aria-labelledby="patient-heading">
      <h2 id="patient-heading">The patient</h2>
      <div className="app-form-row">
        <TextField id="patient-title" label="Title (optional)" value={draft.title} onChange={(v) => update({ title: v })} className="nhsuk-input--width-5" error={error('patient-title')} />
        <TextField id="patient-given" label="Given name" value={draft.given} onChange={(v) => update({ given: v })} className="app-input--name" error={error('patient-given')} spellCheck={false} />
        <TextField id="patient-family" label="Family name" value={draft.family} onChange={(v) => update({ family: v })} className="app-input--name" error={error('patient-family')} spellCheck={false} />
      </div>
      <div className="app-form-row">
        <DateInput id="patient-birth-date" legend="Date of birth" hint="For example, 15 3 1984" value={draft.birthDate} onChange={(v) => update({ birthDate: v })} error={error('patient-birth-date')} autoCompletePrefix="bday" />
        <SelectField id="patient-gender" label="Gender" value={draft.gender} onChange={(v) => update({ gender: v })} options={GENDERS} error={error('patient-gender')} />
      </div>
      {draft.pdsTrace?.restricted === true ? (
        // A restricted record: no address is kept, only where the patient is now (it finds nearby services).
        <TextField
          id="address-postcode"
          label="Postcode of where the patient is now"
          hint="Restricted record: do not record the patient’s home address."
          value={draft.address.postcode}
          onChange={(v) => update({ address: { ...draft.address, postcode: v } })}
          className="nhsuk-input--width-10"
          error={error('address-postcode')}
        />
      ) : (
        <AddressFields prefix="address" legend="The patient’s address" address={draft.address} onChange={(a) => update({ address: a })} error={error} allowNoFixedAbode />
      )}
      <div className="app-form-row">
        <TextField
          id="nhs-number"
          label="NHS number (optional)"
          hint="10 digits, if known."
          value={draft.nhsNumber}
          onChange={(v) =>
            // Another number than the one traced is not traced.
            update({ nhsNumber: v, ...(v.trim() === '' ? { nhsNumberVerified: false } : {}), ...(draft.pdsTrace !== undefined && v.replace(/\s/g, '') !== draft.pdsTrace.nhsNumber ? { pdsTrace: undefined, nhsNumberVerified: false } : {}) })
          }
          inputMode="numeric"
          className="nhsuk-input--width-10"
          error={error('nhs-number')}
        />
        {draft.pdsTrace !== undefined ? (
          <p className="nhsuk-body app-form-row__note" data-testid="nhs-number-state">
            Traced on PDS (verified)
          </p>
        ) : noNhsNumber ? (
          <p className="nhsuk-body app-form-row__note" data-testid="nhs-number-state">
            NHS number not known
          </p>
        ) : !typedTick ? (
          <p className="nhsuk-body app-form-row__note" data-testid="nhs-number-state">
            Not traced: trace on PDS to verify it
          </p>
        ) : (
          <CheckboxField
            id="nhs-number-verified"
            label="The NHS number has been verified (traced on PDS)"
            checked={draft.nhsNumberVerified}
            onChange={(v) => update({ nhsNumberVerified: v })}
          />
        )}
      </div>
    </section>
  );
}
