import { describe, expect, it } from 'vitest';
import { emptyDraft, emptyNumber, emptyThirdParty, type NewCaseDraft } from '../../renderer/src/screens/new-case/draft';
import { validateDraft } from '../../renderer/src/screens/new-case/validate';

function valid(): NewCaseDraft {
  const d = emptyDraft('2026-01-15T09:30');
  return {
    ...d,
    given: 'Jane',
    family: 'Fielding',
    birthDate: '1961-04-12',
    gender: 'female',
    address: { line1: '12 Wharf Street', line2: '', line3: '', city: 'Leeds', postcode: 'ls2 7eq' },
    dispositionCode: 'Dx05',
    numbers: [{ ...emptyNumber(), value: '07700 900123', rank: '1' }],
  };
}
const now = new Date('2026-01-15T10:00:00Z');
const messages = (d: NewCaseDraft) => validateDraft(d, now).errors.map((e) => e.message);

describe('the new-case form against the contract', () => {
  it('builds the request for a valid form, with no NHS number at all when none is given', () => {
    const r = validateDraft(valid(), now);
    expect(r.errors).toEqual([]);
    expect(r.request?.patient.nhsNumber).toBeUndefined();
    expect(r.request?.patient.nhsNumberVerified).toBeUndefined();
    expect(r.request?.patient.address.postcode).toBe('LS2 7EQ');
    expect(r.request?.startedAt).toBe('2026-01-15T09:30:00.000Z');
  });
  it('names the postcode and the NHS number check digit', () => {
    const d = { ...valid(), nhsNumber: '9434765918', address: { ...valid().address, postcode: 'NOT A CODE' } };
    expect(messages(d)).toEqual(expect.arrayContaining(['The postcode is not a valid UK postcode', 'NHS number is not a valid NHS number (the check digit does not match)']));
  });
  it('needs a contact, a rank for each number, and exactly one primary', () => {
    expect(messages({ ...valid(), numbers: [] })).toContain('Add at least one way to contact the patient or a third party');
    expect(messages({ ...valid(), numbers: [{ ...emptyNumber(), value: '0113', rank: '' }] })).toContain('Choose a rank for this number (1 is the primary contact)');
    expect(messages({ ...valid(), numbers: [{ ...emptyNumber(), value: '0113', rank: '2' }] })[0]).toMatch(/^Choose one number as the primary contact/);
    const two = { ...valid(), numbers: [{ ...emptyNumber(), value: 'a', rank: '1' }, { ...emptyNumber(), value: 'b', rank: '1' }] };
    expect(messages(two)).toContain('Only one number can be the primary contact (rank 1)');
  });
  it('accepts a third party as the primary contact, and asks for their relationship', () => {
    const tp = { ...emptyThirdParty(), given: 'Sarah', family: 'T', numbers: [{ ...emptyNumber(), value: '07700 900789', rank: '1' }] };
    const d = { ...valid(), numbers: [{ ...emptyNumber(), value: '0113', rank: '2' }], contacts: [tp] };
    expect(messages(d)).toEqual(['Choose how the third party is related to the patient']);
    expect(validateDraft({ ...d, contacts: [{ ...tp, relationship: 'N' }] }, now).errors).toEqual([]);
  });
  it('refuses a start time in the future and a hand-set deadline before the start', () => {
    expect(messages({ ...valid(), startedAt: '2026-01-15T12:00' })).toContain('The case start time cannot be in the future');
    expect(messages({ ...valid(), deadlineByHand: true, deadline: '2026-01-15T09:00' })).toContain('The deadline must be after the start of the case');
  });
});
