import type { Case, ExistingAnswer, PatientInput } from '../../preload/contract';

type Ok = <T>(channel: string, request: unknown) => Promise<T>;

/** The reason a test gives when it opens another case for its one fixture patient. */
export const FIXTURE_SECOND_CASE_REASON = 'The same test patient again, for another case of this test.';

/**
 * Starts a case as the new-case screen does: when the person already has live bookings or open
 * cases, main starts another only with the clinician's reason, so the test gives one (audited).
 */
export async function startCase(
  ok: Ok,
  request: { patient: PatientInput } & Record<string, unknown>,
  /** The person as main will record them, when a PDS trace replaces what was typed. */
  person: Pick<PatientInput, 'family' | 'given' | 'birthDate' | 'nhsNumber'> = request.patient,
): Promise<Case> {
  const p = person;
  const { matches } = await ok<ExistingAnswer>('patient:existing', {
    family: p.family,
    ...(p.given !== undefined ? { given: p.given } : {}),
    birthDate: p.birthDate,
    ...(p.nhsNumber !== undefined ? { nhsNumber: p.nhsNumber } : {}),
  });
  const secondBooking = matches.length === 0 ? undefined : { reason: FIXTURE_SECOND_CASE_REASON, existingCaseIds: matches.map((m) => m.caseId) };
  return ok<Case>('case:start', secondBooking === undefined ? request : { ...request, secondBooking });
}
