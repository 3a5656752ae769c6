import { PathwaysCode } from '../../../../preload/contract';
import type { FieldError } from '../../forms/ErrorSummary';

/** The Pathways symptom group and discriminator as typed; all empty when the caller had no Pathways assessment. */
export interface PathwaysDraft {
  sgCode: string;
  sgText: string;
  sdCode: string;
  sdText: string;
}

export const emptyPathways = (): PathwaysDraft => ({ sgCode: '', sgText: '', sdCode: '', sdText: '' });

export interface PathwaysRequest {
  symptomGroup?: PathwaysCode;
  symptomDiscriminator?: PathwaysCode;
}

/** One code and its text: both, or neither (then absent); each problem named on its own field. */
function one(code: string, text: string, ids: { code: string; text: string }, what: string, example: string): { value?: PathwaysCode; errors: FieldError[] } {
  const typed = { code: code.trim(), text: text.trim() };
  if (typed.code === '' && typed.text === '') return { errors: [] };
  const errors: FieldError[] = [];
  if (!PathwaysCode.shape.code.safeParse(typed.code).success) errors.push({ fieldId: ids.code, message: `Enter the ${what} code as Pathways shows it: 4 digits, for example ${example}` });
  if (!PathwaysCode.shape.text.safeParse(typed.text).success) errors.push({ fieldId: ids.text, message: `Enter the ${what} as Pathways names it, as well as its code` });
  return errors.length > 0 ? { errors } : { value: typed, errors };
}

/**
 * The SG and SD for case.start, checked with the contract's own schema so the form says what main
 * would refuse. Both are optional (a CAS assessment may have no Pathways codes); an SD needs its SG.
 */
export function checkPathways(draft: PathwaysDraft | undefined): { request: PathwaysRequest; errors: FieldError[] } {
  const p = draft ?? emptyPathways();
  const sg = one(p.sgCode, p.sgText, { code: 'pathways-sg-code', text: 'pathways-sg-text' }, 'symptom group', '1011');
  const sd = one(p.sdCode, p.sdText, { code: 'pathways-sd-code', text: 'pathways-sd-text' }, 'symptom discriminator', '4052');
  const errors = [...sg.errors, ...sd.errors];
  if (sd.value !== undefined && sg.value === undefined && sg.errors.length === 0) {
    errors.push({ fieldId: 'pathways-sg-code', message: 'Enter the symptom group the discriminator belongs to, or clear the discriminator' });
  }
  return { request: { ...(sg.value !== undefined ? { symptomGroup: sg.value } : {}), ...(sd.value !== undefined ? { symptomDiscriminator: sd.value } : {}) }, errors };
}
