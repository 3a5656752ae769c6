import { describe, expect, it } from 'vitest';
import { emptyDraft, emptyNumber, emptyThirdParty, parseNewCaseDraft, type NewCaseDraft } from '../../renderer/src/screens/new-case/draft';
import { validateDraft } from '../../renderer/src/screens/new-case/validate';

function valid(): NewCaseDraft {
  const d = emptyDraft('2026-01-15T09:30');
  return {
    ...d,
    given: 'Jane',
    family: 'Fielding',
    birthDate: { day: '12', month: '4', year: '1961' },
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
    expect(messages({ ...valid(), startTime: '12:00' })).toContain('The case start time cannot be in the future');
    const byHand = { deadlineByHand: true, deadlineReason: 'Carer can only bring the patient after work', deadlineDecidedBy: 'Dr Priya Nair, GP' };
    expect(messages({ ...valid(), ...byHand, deadlineDate: { day: '15', month: '1', year: '2026' }, deadlineTime: '09:00' })).toContain('The deadline must be after the start of the case');
  });

  it('a deadline set by hand needs a date and time, a meaningful reason and who decided, and sends all three', () => {
    const byHand = { ...valid(), deadlineByHand: true, deadlineDate: { day: '15', month: '1', year: '2026' }, deadlineTime: '1800' };
    const fields = (d: NewCaseDraft) => validateDraft(d, now).errors.map((e) => e.fieldId);
    expect(fields(byHand)).toEqual(['deadline-reason', 'deadline-decided-by']);
    expect(messages({ ...byHand, deadlineReason: 'later' })).toContain('Give the clinical reason in at least 20 characters (5 so far)');
    expect(messages({ ...byHand, deadlineTime: '25:00', deadlineReason: 'Carer can only bring the patient after work', deadlineDecidedBy: 'Dr Nair' })).toContain(
      'Deadline needs a time in 24-hour UK time, for example 14:30',
    );
    const r = validateDraft({ ...byHand, deadlineReason: 'Carer can only bring the patient after work', deadlineDecidedBy: 'Dr Priya Nair, GP' }, now);
    expect(r.request).toMatchObject({ deadline: '2026-01-15T18:00:00.000Z', deadlineReason: 'Carer can only bring the patient after work', deadlineDecidedBy: 'Dr Priya Nair, GP' });
  });

  it('reads the date of birth from day, month and year boxes, and names the missing part', () => {
    expect(messages({ ...valid(), birthDate: { day: '12', month: '', year: '1961' } })).toContain('Date of birth must include a month');
    expect(messages({ ...valid(), birthDate: { day: '31', month: '2', year: '1961' } })).toContain('Date of birth must be a real date');
    expect(messages({ ...valid(), birthDate: { day: '', month: '', year: '' } })).toContain('Enter the date of birth');
    expect(messages({ ...valid(), birthDate: { day: '1', month: '1', year: '2099' } })).toContain('Date of birth cannot be in the future');
    expect(validateDraft(valid(), now).request?.patient.birthDate).toBe('1961-04-12');
  });

  it('accepts a patient of no fixed abode: no address lines, the NHS pseudo-postcode unless the area’s is given', () => {
    const nfa = { ...valid(), address: { line1: '', line2: '', line3: '', city: '', postcode: '', noFixedAbode: true } };
    const r = validateDraft(nfa, now);
    expect(r.errors).toEqual([]);
    expect(r.request?.patient.address).toEqual({ lines: [], noFixedAbode: true, postcode: 'ZZ99 3VZ' });
    expect(validateDraft({ ...nfa, address: { ...nfa.address, postcode: 'ls2 7eq' } }, now).request?.patient.address.postcode).toBe('LS2 7EQ');
    // Without the choice, an empty address is still refused.
    expect(messages({ ...nfa, address: { ...nfa.address, noFixedAbode: false } })).toEqual(expect.arrayContaining(['Enter the first line of the patient’s address, or choose No fixed abode']));
  });

  it('sends the call’s notes trimmed, omits empty ones, and refuses over-long notes on the notes field', () => {
    const withNotes = { ...valid(), notes: '  Pain left wrist since 14:00.\nOn warfarin.  ' };
    expect(validateDraft(withNotes, now).request?.notes).toBe('Pain left wrist since 14:00.\nOn warfarin.');
    expect(validateDraft({ ...valid(), notes: ' \n ' }, now).request).not.toHaveProperty('notes');
    const tooLong = validateDraft({ ...valid(), notes: 'x'.repeat(4001) }, now);
    expect(tooLong.request).toBeUndefined();
    expect(tooLong.errors).toEqual([{ fieldId: 'case-notes', message: 'The notes must be 4,000 characters or fewer (now 4,001): shorten them.' }]);
    expect(validateDraft({ ...valid(), notes: 'pasted\u000bpart' }, now).errors.map((e) => e.fieldId)).toEqual(['case-notes']);
  });

  it('restores a form kept before notes existed with empty notes, and refuses a shapeless one', () => {
    const { notes: _notes, ...older } = valid();
    expect(parseNewCaseDraft(JSON.parse(JSON.stringify(older)))?.notes).toBe('');
    expect(parseNewCaseDraft({ notes: 'x' })).toBeUndefined();
    expect(parseNewCaseDraft(null)).toBeUndefined();
  });
});
