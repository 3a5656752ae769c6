import { z } from 'zod';
import { parseInstant } from './instant';

/**
 * A FHIR instant with seconds and an offset, on a real calendar day (instant.ts): the same reader
 * the FHIR layer uses, so a slot it accepts can never fail this contract.
 */
export const Instant = z.string().superRefine((value, ctx) => {
  const parsed = parseInstant(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.problem });
});
export const IsoDate = z.iso.date();
export const Uuid = z.uuid();

/** Plain text from a form field: trimmed, bounded, no control characters. */
export const Text = (max = 200) =>
  z
    .string()
    .trim()
    .max(max)
    // Control characters would corrupt the CDA and the Provider's records; tabs and newlines are folded by trim.
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'must not contain control characters');
export const RequiredText = (max = 200) => Text(max).pipe(z.string().min(1, 'is required'));

export const Empty = z.object({}).strict();
