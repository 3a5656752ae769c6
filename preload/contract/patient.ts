import { z } from 'zod';
import { Instant, IsoDate, RequiredText, Text } from './common';
import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number';

/** UK postcode, the shape Royal Mail publishes (GIR 0AA included). */
export const UK_POSTCODE = /^(GIR ?0AA|[A-PR-UWYZ](\d[A-HJKPSTUW]?|[A-HK-Y]\d[ABEHMNPRV-Y]?|\d{1,2}|[A-HK-Y]\d{1,2}) ?\d[ABD-HJLNP-UW-Z]{2})$/i;

/** The NHS pseudo-postcode for a patient of no fixed abode (as PDS records it). */
export const NO_FIXED_ABODE_POSTCODE = 'ZZ99 3VZ';

export const Address = z
  .object({
    lines: z.array(RequiredText(100)).max(4),
    city: Text(60).optional(),
    district: Text(60).optional(),
    postcode: RequiredText(10),
    /** No fixed abode: no address lines needed; the postcode is ZZ99 3VZ or the area's real one if known. */
    noFixedAbode: z.boolean().optional(),
    /**
     * A restricted (sensitive) PDS record: the home address is withheld; only the postcode of where
     * the patient is now, as the caller gave it, is kept (the directory needs it to find a service).
     */
    withheld: z.boolean().optional(),
  })
  .superRefine((a, ctx) => {
    if (a.noFixedAbode !== true && a.withheld !== true && a.lines.length === 0) ctx.addIssue({ code: 'custom', path: ['lines'], message: 'needs at least the first line' });
    if (a.withheld === true && (a.lines.length > 0 || a.city !== undefined || a.district !== undefined)) ctx.addIssue({ code: 'custom', path: ['lines'], message: 'a withheld address keeps the postcode only' });
    const nfa = a.noFixedAbode === true && a.postcode.replace(/\s+/g, '').toUpperCase() === NO_FIXED_ABODE_POSTCODE.replace(' ', '');
    if (!nfa && !UK_POSTCODE.test(a.postcode)) ctx.addIssue({ code: 'custom', path: ['postcode'], message: 'is not a valid UK postcode' });
  });
export type Address = z.infer<typeof Address>;

/** Patient.telecom / contact.telecom: every number has a rank; rank 1 is the one to try first. */
export const ContactPoint = z.object({
  system: z.enum(['phone', 'email', 'sms']),
  value: RequiredText(120),
  use: z.enum(['home', 'work', 'mobile', 'temp']),
  rank: z.number().int().positive(),
});
export type ContactPoint = z.infer<typeof ContactPoint>;

/** HL7 v2-0131 contact relationship codes, as the standard's contact guidance uses. */
export const RELATIONSHIPS = {
  C: 'Emergency contact',
  N: 'Next of kin',
  E: 'Employer',
  S: 'State agency',
  O: 'Other',
  U: 'Unknown',
} as const;
export const RelationshipCode = z.enum(['C', 'N', 'E', 'S', 'O', 'U']);

export const ThirdPartyContact = z.object({
  relationship: RelationshipCode,
  /** Free text for the relationship the code cannot say, e.g. "Mother", "Carer". */
  relationshipText: Text(60).optional(),
  name: z.object({ given: RequiredText(60), family: RequiredText(60) }),
  telecom: z.array(ContactPoint).min(1, 'needs at least one number'),
  address: Address.optional(),
});
export type ThirdPartyContact = z.infer<typeof ThirdPartyContact>;

export const Gender = z.enum(['male', 'female', 'other', 'unknown']);

/** What the case keeps of the trace: traced (with when and how) or not traced. */
export const PatientTrace = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('traced'),
    at: Instant,
    restricted: z.boolean(),
    /** The number the caller gave, when PDS said it was superseded by the one now on the case. */
    supersededNhsNumber: z.string().optional(),
  }),
  z.object({ state: z.literal('not-traced') }),
]);
export type PatientTrace = z.infer<typeof PatientTrace>;


export const Patient = z
  .object({
    title: Text(20).optional(),
    given: RequiredText(60),
    family: RequiredText(60),
    birthDate: IsoDate.refine((d) => d <= new Date().toISOString().slice(0, 10), 'cannot be in the future'),
    gender: Gender,
    address: Address,
    nhsNumber: z
      .string()
      .transform(normaliseNhsNumber)
      .refine(isValidNhsNumber, 'is not a valid NHS number (the check digit does not match)')
      .optional(),
    /** Whether the NHS number was traced/verified (PDS) or only given by the caller. */
    nhsNumberVerified: z.boolean().optional(),
    telecom: z.array(ContactPoint).max(6),
    contacts: z.array(ThirdPartyContact).max(4),
    /** Set by main only, from a PDS trace it made (see StartCase.pdsTraceId); absent on cases from before tracing. */
    trace: PatientTrace.optional(),
  })
  .superRefine((p, ctx) => {
    const all = [...p.telecom, ...p.contacts.flatMap((c) => c.telecom)];
    if (all.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['telecom'], message: 'needs at least one way to contact the patient or a third party' });
    }
    const primaries = all.filter((t) => t.rank === 1).length;
    if (all.length > 0 && primaries !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['telecom'],
        message:
          primaries === 0
            ? 'one number must be chosen as the primary contact (rank 1)'
            : 'only one number can be the primary contact (rank 1)',
      });
    }
    if (p.nhsNumberVerified !== undefined && p.nhsNumber === undefined) {
      ctx.addIssue({ code: 'custom', path: ['nhsNumberVerified'], message: 'only applies when an NHS number is given' });
    }
  });
export type Patient = z.infer<typeof Patient>;
export type PatientInput = z.input<typeof Patient>;
