import type { ContactPoint, RELATIONSHIPS } from '../../../../preload/contract';
import { emptyDateParts, type DateParts } from '../../forms/date-parts';
import { toUkLocalInput } from '../../format/time';
import type { PathwaysDraft } from './pathways';
import type { SafeguardingDraft } from './safeguarding';

type RelationshipCode = keyof typeof RELATIONSHIPS;

/** Form state as typed: strings throughout, turned into the contract's shapes only on submit. */
export interface NumberDraft {
  key: string;
  system: ContactPoint['system'];
  use: ContactPoint['use'];
  value: string;
  /** '' until the user chooses: the primary contact is never defaulted. */
  rank: string;
}

export interface AddressDraft {
  line1: string;
  line2: string;
  line3: string;
  city: string;
  postcode: string;
  /** The patient has no fixed abode: no lines, and the NHS pseudo-postcode unless the area's is known. */
  noFixedAbode?: boolean;
  /** Lines 2 and 3 shown: most addresses need only the first line, town and postcode. */
  moreLines?: boolean;
}

export interface ThirdPartyDraft {
  key: string;
  relationship: RelationshipCode | '';
  relationshipText: string;
  given: string;
  family: string;
  numbers: NumberDraft[];
  hasAddress: boolean;
  address: AddressDraft;
}

export interface NewCaseDraft {
  /** When the call began, as typed (UK date and 24-hour time); defaults to when the form was opened. */
  startDate: DateParts;
  startTime: string;
  /** The start-time fields are shown only when the user chooses to change it. */
  changeStart: boolean;
  title: string;
  given: string;
  family: string;
  birthDate: DateParts;
  gender: string;
  address: AddressDraft;
  nhsNumber: string;
  nhsNumberVerified: boolean;
  dispositionCode: string;
  deadlineByHand: boolean;
  deadlineDate: DateParts;
  deadlineTime: string;
  /** Why the deadline differs from the outcome's timeframe, and who decided (both audited). */
  deadlineReason: string;
  deadlineDecidedBy: string;
  /** The registered practice fields are shown on demand. */
  showPractice: boolean;
  practiceOds: string;
  practiceName: string;
  numbers: NumberDraft[];
  contacts: ThirdPartyDraft[];
  /** The clinical notes of the call, as typed. */
  notes: string;
  /** The Pathways SG and SD as typed; absent until touched (and in a form kept before they were asked). */
  pathways?: PathwaysDraft;
  /** A safeguarding concern as typed; absent until touched (and in a form kept before it was asked). */
  safeguarding?: SafeguardingDraft;
  /** The PDS trace the clinician confirmed (see PdsTrace.tsx); main uses its own record of it. */
  pdsTrace?: DraftTrace | undefined;
}

/** What the form keeps of a confirmed trace: main's id for it, and what the form must show or hide. */
export interface DraftTrace {
  traceId: string;
  nhsNumber: string;
  restricted: boolean;
  supersededNhsNumber?: string | undefined;
}

let counter = 0;
/**
 * Stable keys for rows the user adds and removes (React keys and field ids). A per-load part
 * keeps them unique against a draft restored from before a reload.
 */
const loadPart = Math.floor(Math.random() * 36 ** 4).toString(36);
export function newKey(prefix: string): string {
  counter += 1;
  return `${prefix}${loadPart}x${counter}`;
}

export const emptyAddress = (): AddressDraft => ({ line1: '', line2: '', line3: '', city: '', postcode: '' });
export const emptyNumber = (): NumberDraft => ({ key: newKey('n'), system: 'phone', use: 'mobile', value: '', rank: '' });
export const emptyThirdParty = (): ThirdPartyDraft => ({
  key: newKey('tp'),
  relationship: '',
  relationshipText: '',
  given: '',
  family: '',
  numbers: [emptyNumber()],
  hasAddress: false,
  address: emptyAddress(),
});

/** An empty form whose case start is `now` (UK local time). */
export function emptyDraft(now: Date | string = new Date()): NewCaseDraft {
  const local = typeof now === 'string' && !now.endsWith('Z') ? now : toUkLocalInput(now);
  const [date = '', time = ''] = local.split('T');
  const [y = '', m = '', d = ''] = date.split('-');
  return {
    startDate: { day: String(Number(d)), month: String(Number(m)), year: y },
    startTime: time,
    changeStart: false,
    title: '',
    given: '',
    family: '',
    birthDate: emptyDateParts(),
    gender: '',
    address: emptyAddress(),
    nhsNumber: '',
    nhsNumberVerified: false,
    dispositionCode: '',
    deadlineByHand: false,
    deadlineDate: emptyDateParts(),
    deadlineTime: '',
    deadlineReason: '',
    deadlineDecidedBy: '',
    showPractice: false,
    practiceOds: '',
    practiceName: '',
    numbers: [emptyNumber()],
    contacts: [],
    notes: '',
  };
}

/** A restored form is trusted only as far as its shape: anything else starts a clean form. A form kept before notes existed gets empty notes. */
export function parseNewCaseDraft(value: unknown): NewCaseDraft | undefined {
  const form = value as Partial<NewCaseDraft> | null;
  if (typeof form !== 'object' || form === null || !Array.isArray(form.numbers) || !Array.isArray(form.contacts) || typeof form.birthDate !== 'object') return undefined;
  return { ...(form as NewCaseDraft), notes: typeof form.notes === 'string' ? form.notes : '' };
}

/** Every number on the form, the patient's and each third party's, with whose it is. */
export function allNumbers(draft: NewCaseDraft): { owner: string; number: NumberDraft }[] {
  return [
    ...draft.numbers.map((number) => ({ owner: 'the patient', number })),
    ...draft.contacts.flatMap((c) =>
      c.numbers.map((number) => ({ owner: `${c.given} ${c.family}`.trim() || 'the third party', number })),
    ),
  ];
}

/** The number already chosen as primary, other than `exceptKey`: a second rank 1 is refused while it exists. */
export function primaryHolder(draft: NewCaseDraft, exceptKey: string): { owner: string; number: NumberDraft } | undefined {
  return allNumbers(draft).find((n) => n.number.rank === '1' && n.number.key !== exceptKey);
}

/**
 * Nothing typed yet: such a form is not kept (a form merely opened would otherwise be offered
 * back to the next call as if it were someone's). Its start time alone does not count.
 */
export function isUntouched(draft: NewCaseDraft): boolean {
  const typed = (...values: string[]) => values.some((v) => v.trim() !== '');
  const p = draft.pathways;
  return !(
    typed(draft.title, draft.given, draft.family, draft.gender, draft.nhsNumber, draft.dispositionCode, draft.practiceOds, draft.practiceName, draft.notes) ||
    typed(draft.birthDate.day, draft.birthDate.month, draft.birthDate.year) ||
    typed(draft.address.line1, draft.address.line2, draft.address.line3, draft.address.city, draft.address.postcode) ||
    draft.changeStart ||
    draft.deadlineByHand ||
    draft.numbers.length > 1 ||
    draft.numbers.some((n) => typed(n.value, n.rank)) ||
    draft.contacts.length > 0 ||
    (p !== undefined && typed(p.sgCode, p.sgText, p.sdCode, p.sdText)) ||
    (draft.safeguarding !== undefined && typed(draft.safeguarding.about, draft.safeguarding.detail)) ||
    draft.pdsTrace !== undefined
  );
}
