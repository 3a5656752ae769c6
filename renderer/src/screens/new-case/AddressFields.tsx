import { CheckboxField, TextField } from '../../forms/fields';
import type { AddressDraft } from './draft';

/**
 * Address lines, town and postcode; `prefix` keeps the field ids unique (patient or a third
 * party). Lines 2 and 3 are shown on demand; the patient's address may be "no fixed abode".
 */
export function AddressFields({
  prefix,
  legend,
  address,
  onChange,
  error,
  allowNoFixedAbode = false,
}: {
  prefix: string;
  legend: string;
  address: AddressDraft;
  onChange: (a: AddressDraft) => void;
  error: (id: string) => string | undefined;
  allowNoFixedAbode?: boolean;
}) {
  const set = (patch: Partial<AddressDraft>) => onChange({ ...address, ...patch });
  const nfa = allowNoFixedAbode && address.noFixedAbode === true;
  const moreLines = address.moreLines === true || address.line2 !== '' || address.line3 !== '' || error(`${prefix}-line2`) !== undefined || error(`${prefix}-line3`) !== undefined;
  return (
    <fieldset className="nhsuk-fieldset app-fieldset">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
      {allowNoFixedAbode && (
        <CheckboxField
          id={`${prefix}-no-fixed-abode`}
          label="No fixed abode"
          hint="Give the postcode of where they are staying, if known."
          checked={nfa}
          onChange={(v) => set({ noFixedAbode: v })}
        />
      )}
      {!nfa && (
        <>
          <TextField id={`${prefix}-line1`} label="Address line 1" value={address.line1} onChange={(v) => set({ line1: v })} error={error(`${prefix}-line1`)} autoComplete="address-line1" />
          {moreLines ? (
            <>
              <TextField id={`${prefix}-line2`} label="Address line 2 (optional)" value={address.line2} onChange={(v) => set({ line2: v })} error={error(`${prefix}-line2`)} autoComplete="address-line2" />
              <TextField id={`${prefix}-line3`} label="Address line 3 (optional)" value={address.line3} onChange={(v) => set({ line3: v })} error={error(`${prefix}-line3`)} autoComplete="address-line3" />
            </>
          ) : (
            <button type="button" className="app-link-button" onClick={() => set({ moreLines: true })}>
              Add address lines 2 and 3
              <span className="nhsuk-u-visually-hidden"> to {legend.toLowerCase()}</span>
            </button>
          )}
        </>
      )}
      <div className="app-form-row">
        <TextField id={`${prefix}-city`} label="Town or city (optional)" value={address.city} onChange={(v) => set({ city: v })} error={error(`${prefix}-city`)} autoComplete="address-level2" />
        <TextField
          id={`${prefix}-postcode`}
          label={nfa ? 'Postcode of the area (optional)' : 'Postcode'}
          value={address.postcode}
          onChange={(v) => set({ postcode: v })}
          error={error(`${prefix}-postcode`)}
          className="nhsuk-input--width-10"
          autoComplete="postal-code"
        />
      </div>
    </fieldset>
  );
}
