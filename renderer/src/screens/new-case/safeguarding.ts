import { SafeguardingConcern } from '../../../../preload/contract';
import type { FieldError } from '../../forms/ErrorSummary';

/** The safeguarding concern as typed: both empty means none recorded. `about` starts empty: nothing is pre-selected. */
export interface SafeguardingDraft {
  about: '' | SafeguardingConcern['about'];
  detail: string;
}

export const emptySafeguarding = (): SafeguardingDraft => ({ about: '', detail: '' });

export const SAFEGUARDING_FIELDS = { about: 'safeguarding-about-child', detail: 'safeguarding-detail' } as const;

/**
 * The concern for case.start, checked with the contract's own schema so the form says what main
 * would refuse: none (both empty), or whom it is about with the clinician's words. Never a default.
 */
export function checkSafeguarding(draft: SafeguardingDraft | undefined): { request: { safeguarding?: SafeguardingConcern }; errors: FieldError[] } {
  const s = draft ?? emptySafeguarding();
  const detail = s.detail.trim();
  if (s.about === '' && detail === '') return { request: {}, errors: [] };
  const errors: FieldError[] = [];
  if (s.about === '') errors.push({ fieldId: SAFEGUARDING_FIELDS.about, message: 'Say whether the safeguarding concern is about a child or an adult, or clear the concern' });
  const parsed = SafeguardingConcern.shape.detail.safeParse(detail);
  if (!parsed.success) {
    errors.push({
      fieldId: SAFEGUARDING_FIELDS.detail,
      message: detail === '' ? 'Describe the safeguarding concern: the receiving service reads these words' : detail.length > 1000 ? `Shorten the safeguarding concern to 1,000 characters or fewer (now ${detail.length.toLocaleString('en-GB')})` : 'The safeguarding concern contains a hidden control character (often pasted from another program): retype the pasted part',
    });
  }
  return errors.length > 0 || s.about === '' ? { request: {}, errors } : { request: { safeguarding: { about: s.about, detail } }, errors };
}
