import { SelectField, TextField } from '../../forms/fields';
import { SYSTEM_LABEL, USE_LABEL } from '../../format/contact';
import type { NumberDraft } from './draft';

const RANKS = [
  { value: '', label: 'Choose a rank' },
  { value: '1', label: '1 – primary contact (try first)' },
  { value: '2', label: '2' },
  { value: '3', label: '3' },
  { value: '4', label: '4' },
  { value: '5', label: '5' },
  { value: '6', label: '6' },
];
const SYSTEMS = Object.entries(SYSTEM_LABEL).map(([value, label]) => ({ value, label }));
const USES = Object.entries(USE_LABEL).map(([value, label]) => ({ value, label }));

/** One number: what it is, whose use, the value and its rank. */
export function NumberRow({
  number,
  ordinal,
  owner,
  onChange,
  onRank,
  onRemove,
  error,
  refusal,
}: {
  number: NumberDraft;
  ordinal: number;
  owner: string;
  onChange: (n: NumberDraft) => void;
  /** Rank changes go through the screen, which refuses a second rank 1. */
  onRank: (rank: string) => void;
  onRemove: () => void;
  error: (id: string) => string | undefined;
  /** Why this number could not be made rank 1: said here, next to the rank the user just chose. */
  refusal?: string | undefined;
}) {
  const set = (patch: Partial<NumberDraft>) => onChange({ ...number, ...patch });
  return (
    <fieldset className="nhsuk-fieldset app-number-row" data-number-key={number.key}>
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
        Number {ordinal} for {owner}
      </legend>
      <div className="app-number-row__fields">
        <SelectField id={`${number.key}-system`} label="Type" value={number.system} onChange={(v) => set({ system: v as NumberDraft['system'] })} options={SYSTEMS} />
        <SelectField id={`${number.key}-use`} label="Use" value={number.use} onChange={(v) => set({ use: v as NumberDraft['use'] })} options={USES} />
        <TextField
          id={`${number.key}-value`}
          label={number.system === 'email' ? 'Email address' : 'Phone number'}
          type={number.system === 'email' ? 'email' : 'tel'}
          value={number.value}
          onChange={(v) => set({ value: v })}
          error={error(`${number.key}-value`)}
        />
        <SelectField id={`${number.key}-rank`} label="Rank" value={number.rank} onChange={onRank} options={RANKS} error={error(`${number.key}-rank`)} />
      </div>
      {refusal !== undefined && (
        <p className="nhsuk-error-message app-rank-refused" role="alert" id={`${number.key}-rank-refused`} data-testid="rank-refused">
          {refusal}
        </p>
      )}
      <button type="button" className="app-link-button" onClick={onRemove}>
        Remove number {ordinal}
        <span className="nhsuk-u-visually-hidden"> for {owner}</span>
      </button>
    </fieldset>
  );
}
