import { describe, expect, it } from 'vitest';
import { StartCase } from '../../preload/contract';
import { emptyDraft, emptyNumber, parseNewCaseDraft, type NewCaseDraft } from '../../renderer/src/screens/new-case/draft';
import { emptyPathways } from '../../renderer/src/screens/new-case/pathways';
import { validateDraft } from '../../renderer/src/screens/new-case/validate';

/** The Pathways SG and SD on the new-case form: optional, checked as main checks them, sent with case.start. */
function valid(pathways?: Partial<ReturnType<typeof emptyPathways>>): NewCaseDraft {
  const d = emptyDraft('2026-01-15T09:30');
  return {
    ...d,
    given: 'Jane',
    family: 'Fielding',
    birthDate: { day: '12', month: '4', year: '1961' },
    gender: 'female',
    address: { line1: '12 Wharf Street', line2: '', line3: '', city: 'Leeds', postcode: 'LS2 7EQ' },
    dispositionCode: 'Dx02',
    numbers: [{ ...emptyNumber(), value: '07700 900123', rank: '1' }],
    ...(pathways === undefined ? {} : { pathways: { ...emptyPathways(), ...pathways } }),
  };
}
const now = new Date('2026-01-15T10:00:00Z');
const errors = (d: NewCaseDraft) => validateDraft(d, now).errors.map((e) => [e.fieldId, e.message]);

describe('the Pathways SG and SD on the new-case form', () => {
  it('sends both, code and text as typed (trimmed), in a request main accepts', () => {
    const r = validateDraft(valid({ sgCode: ' 1011 ', sgText: 'Bites and Stings', sdCode: '4052', sdText: ' Severe pain ' }), now);
    expect(r.errors).toEqual([]);
    expect(r.request).toMatchObject({ symptomGroup: { code: '1011', text: 'Bites and Stings' }, symptomDiscriminator: { code: '4052', text: 'Severe pain' } });
    expect(StartCase.safeParse(r.request).success).toBe(true);
  });

  it('are optional: a form left empty, or kept before they were asked, sends neither', () => {
    for (const d of [valid({}), valid(), parseNewCaseDraft(JSON.parse(JSON.stringify(valid()))) as NewCaseDraft]) {
      const r = validateDraft(d, now);
      expect(r.errors).toEqual([]);
      expect(r.request?.symptomGroup).toBeUndefined();
      expect(r.request?.symptomDiscriminator).toBeUndefined();
    }
  });

  it('an SG alone is enough; an SD needs its SG', () => {
    expect(validateDraft(valid({ sgCode: '1011', sgText: 'Bites and Stings' }), now).request?.symptomGroup).toEqual({ code: '1011', text: 'Bites and Stings' });
    expect(errors(valid({ sdCode: '4052', sdText: 'Severe pain' }))).toEqual([['pathways-sg-code', 'Enter the symptom group the discriminator belongs to, or clear the discriminator']]);
  });

  it('names the field of a code that is not 4 digits, or a code without its text', () => {
    expect(errors(valid({ sgCode: '101', sgText: 'Bites and Stings' }))).toEqual([['pathways-sg-code', 'Enter the symptom group code as Pathways shows it: 4 digits, for example 1011']]);
    expect(errors(valid({ sgCode: '1011', sgText: 'Bites', sdCode: 'SD40', sdText: 'Severe pain' }))).toEqual([['pathways-sd-code', 'Enter the symptom discriminator code as Pathways shows it: 4 digits, for example 4052']]);
    expect(errors(valid({ sgCode: '1011' }))).toEqual([['pathways-sg-text', 'Enter the symptom group as Pathways names it, as well as its code']]);
    expect(validateDraft(valid({ sgCode: '1011' }), now).request).toBeUndefined();
  });
});
