import { RELATIONSHIPS } from '../../../../preload/contract';
import { CheckboxField, SelectField, TextField } from '../../forms/fields';
import { AddressFields } from './AddressFields';
import { emptyNumber, type NumberDraft, type ThirdPartyDraft } from './draft';
import { NumberRow } from './NumberRow';

const RELATIONSHIP_OPTIONS = [{ value: '', label: 'Choose a relationship' }, ...Object.entries(RELATIONSHIPS).map(([value, label]) => ({ value, label: `${label} (${value})` }))];

/** A third party (parent, carer, next of kin) who can be contacted about the patient. */
export function ThirdPartyFields({
  contact,
  ordinal,
  onChange,
  onRank,
  onRemove,
  error,
  refusal,
}: {
  contact: ThirdPartyDraft;
  ordinal: number;
  onChange: (c: ThirdPartyDraft) => void;
  onRank: (numberKey: string, rank: string) => void;
  onRemove: () => void;
  error: (id: string) => string | undefined;
  refusal: (numberKey: string) => string | undefined;
}) {
  const set = (patch: Partial<ThirdPartyDraft>) => onChange({ ...contact, ...patch });
  const owner = `${contact.given} ${contact.family}`.trim() || `third party ${ordinal}`;
  const setNumber = (n: NumberDraft) => set({ numbers: contact.numbers.map((x) => (x.key === n.key ? n : x)) });
  return (
    <fieldset className="nhsuk-fieldset app-third-party" data-third-party={ordinal}>
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Third party {ordinal}</legend>
      <div className="app-form-row">
        <TextField id={`${contact.key}-given`} label="Their given name" value={contact.given} onChange={(v) => set({ given: v })} error={error(`${contact.key}-given`)} />
        <TextField id={`${contact.key}-family`} label="Their family name" value={contact.family} onChange={(v) => set({ family: v })} error={error(`${contact.key}-family`)} />
      </div>
      <SelectField
        id={`${contact.key}-relationship`}
        label="Relationship to the patient"
        value={contact.relationship}
        onChange={(v) => set({ relationship: v as ThirdPartyDraft['relationship'] })}
        options={RELATIONSHIP_OPTIONS}
        error={error(`${contact.key}-relationship`)}
      />
      <TextField
        id={`${contact.key}-relationship-text`}
        label="Relationship in their words (optional)"
        hint="For example, mother, carer, neighbour"
        value={contact.relationshipText}
        onChange={(v) => set({ relationshipText: v })}
      />
      {contact.numbers.map((n, i) => (
        <NumberRow
          key={n.key}
          number={n}
          ordinal={i + 1}
          owner={owner}
          onChange={setNumber}
          onRank={(rank) => onRank(n.key, rank)}
          onRemove={() => set({ numbers: contact.numbers.filter((x) => x.key !== n.key) })}
          error={error}
          refusal={refusal(n.key)}
        />
      ))}
      <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => set({ numbers: [...contact.numbers, emptyNumber()] })}>
        Add a number for {owner}
      </button>
      <CheckboxField id={`${contact.key}-has-address`} label="Their address is different from the patient’s" checked={contact.hasAddress} onChange={(v) => set({ hasAddress: v })} />
      {contact.hasAddress && <AddressFields prefix={`${contact.key}-address`} legend="Their address" address={contact.address} onChange={(a) => set({ address: a })} error={error} />}
      <button type="button" className="app-link-button" onClick={onRemove}>
        Remove third party {ordinal}
      </button>
    </fieldset>
  );
}
