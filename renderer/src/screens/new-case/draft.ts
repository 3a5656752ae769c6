import type { ContactPoint, RELATIONSHIPS } from '../../../../preload/contract';

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
  startedAt: string;
  title: string;
  given: string;
  family: string;
  birthDate: string;
  gender: string;
  address: AddressDraft;
  nhsNumber: string;
  nhsNumberVerified: boolean;
  dispositionCode: string;
  deadlineByHand: boolean;
  deadline: string;
  practiceOds: string;
  practiceName: string;
  numbers: NumberDraft[];
  contacts: ThirdPartyDraft[];
}

let counter = 0;
/** Stable keys for rows the user adds and removes (React keys and field ids). */
export function newKey(prefix: string): string {
  counter += 1;
  return `${prefix}${counter}`;
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

export function emptyDraft(startedAt: string): NewCaseDraft {
  return {
    startedAt,
    title: '',
    given: '',
    family: '',
    birthDate: '',
    gender: '',
    address: emptyAddress(),
    nhsNumber: '',
    nhsNumberVerified: false,
    dispositionCode: '',
    deadlineByHand: false,
    deadline: '',
    practiceOds: '',
    practiceName: '',
    numbers: [emptyNumber()],
    contacts: [],
  };
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
