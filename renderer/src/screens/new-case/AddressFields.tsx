import { TextField } from '../../forms/fields';
import type { AddressDraft } from './draft';

/** Address lines, town and postcode; `prefix` keeps the field ids unique (patient or a third party). */
export function AddressFields({ prefix, legend, address, onChange, error }: { prefix: string; legend: string; address: AddressDraft; onChange: (a: AddressDraft) => void; error: (id: string) => string | undefined }) {
  const set = (patch: Partial<AddressDraft>) => onChange({ ...address, ...patch });
  return (
    <fieldset className="nhsuk-fieldset app-fieldset">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
      <TextField id={`${prefix}-line1`} label="Address line 1" value={address.line1} onChange={(v) => set({ line1: v })} error={error(`${prefix}-line1`)} autoComplete="address-line1" />
      <TextField id={`${prefix}-line2`} label="Address line 2 (optional)" value={address.line2} onChange={(v) => set({ line2: v })} error={error(`${prefix}-line2`)} autoComplete="address-line2" />
      <TextField id={`${prefix}-line3`} label="Address line 3 (optional)" value={address.line3} onChange={(v) => set({ line3: v })} error={error(`${prefix}-line3`)} autoComplete="address-line3" />
      <TextField id={`${prefix}-city`} label="Town or city (optional)" value={address.city} onChange={(v) => set({ city: v })} error={error(`${prefix}-city`)} className="nhsuk-u-width-two-thirds" autoComplete="address-level2" />
      <TextField id={`${prefix}-postcode`} label="Postcode" value={address.postcode} onChange={(v) => set({ postcode: v })} error={error(`${prefix}-postcode`)} className="nhsuk-input--width-10" autoComplete="postal-code" />
    </fieldset>
  );
}
