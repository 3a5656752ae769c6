import { describe, expect, it } from 'vitest';
import { StartCase } from '../../preload/contract';
import { emptyDraft, emptyNumber, isUntouched, parseNewCaseDraft, type NewCaseDraft } from '../../renderer/src/screens/new-case/draft';
import { emptySafeguarding, type SafeguardingDraft } from '../../renderer/src/screens/new-case/safeguarding';
import { validateDraft } from '../../renderer/src/screens/new-case/validate';

/** The safeguarding concern on the new-case form: optional, never pre-set, checked as main checks it, sent with case.start. */
function valid(safeguarding?: Partial<SafeguardingDraft>): NewCaseDraft {
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
    ...(safeguarding === undefined ? {} : { safeguarding: { ...emptySafeguarding(), ...safeguarding } }),
  };
}
const now = new Date('2026-01-15T10:00:00Z');
const errors = (d: NewCaseDraft) => validateDraft(d, now).errors.map((e) => [e.fieldId, e.message]);

describe('the safeguarding concern on the new-case form', () => {
  it('sends whom it is about and the words as typed (trimmed), in a request main accepts', () => {
    const r = validateDraft(valid({ about: 'adult', detail: '  Fears her partner; bruised forearms. ' }), now);
    expect(r.errors).toEqual([]);
    expect(r.request?.safeguarding).toEqual({ about: 'adult', detail: 'Fears her partner; bruised forearms.' });
    expect(StartCase.safeParse(r.request).success).toBe(true);
  });

  it('is none when left empty, cleared, or the form was kept before it was asked: nothing is pre-selected', () => {
    expect(emptySafeguarding().about).toBe('');
    for (const d of [valid(), valid({}), valid({ about: '', detail: '   ' }), parseNewCaseDraft(JSON.parse(JSON.stringify(valid()))) as NewCaseDraft]) {
      const r = validateDraft(d, now);
      expect(r.errors).toEqual([]);
      expect(r.request).not.toHaveProperty('safeguarding');
    }
  });

  it('asks for whom it is about when only words are typed, and for the words when only whom is chosen', () => {
    expect(errors(valid({ detail: 'Left alone at night.' }))).toEqual([['safeguarding-about-child', 'Say whether the safeguarding concern is about a child or an adult, or clear the concern']]);
    expect(errors(valid({ about: 'child' }))).toEqual([['safeguarding-detail', 'Describe the safeguarding concern: the receiving service reads these words']]);
  });

  it('refuses what main would refuse: over 1,000 characters, or a hidden control character', () => {
    expect(errors(valid({ about: 'child', detail: 'x'.repeat(1001) }))).toEqual([['safeguarding-detail', 'Shorten the safeguarding concern to 1,000 characters or fewer (now 1,001)']]);
    expect(errors(valid({ about: 'child', detail: 'bell\u0007' }))[0]?.[0]).toBe('safeguarding-detail');
    expect(StartCase.safeParse({ ...validateDraft(valid(), now).request, safeguarding: { about: 'child', detail: 'x'.repeat(1001) } }).success).toBe(false);
  });

  it('makes a form with only a concern typed one that is kept', () => {
    expect(isUntouched(emptyDraft('2026-01-15T09:30'))).toBe(true);
    expect(isUntouched({ ...emptyDraft('2026-01-15T09:30'), safeguarding: { about: 'child', detail: '' } })).toBe(false);
  });
});
