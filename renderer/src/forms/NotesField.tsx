import { CASE_NOTES_MAX_LENGTH } from '../../../preload/contract';
import { TextAreaField } from './fields';

/** The clinical notes of the call: one field on the new-case form and on the case, with the limit main applies and what happens to the text. */
export function NotesField({ id, value, onChange, error, rows = 4 }: { id: string; value: string; onChange: (v: string) => void; error: string | undefined; rows?: number }) {
  const used = value.trim().length;
  return (
    <TextAreaField
      id={id}
      label="Clinical notes of the call (optional)"
      hint={
        <>
          What the receiving service should know: symptoms, history, safety-netting given. Sent in the referral. {used.toLocaleString('en-GB')} of {CASE_NOTES_MAX_LENGTH.toLocaleString('en-GB')} characters.
        </>
      }
      value={value}
      onChange={onChange}
      error={error}
      rows={rows}
    />
  );
}
