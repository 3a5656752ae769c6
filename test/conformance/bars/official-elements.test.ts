/**
 * Every message against the official example of its kind (BOOKREQ01 booking, BOOKREQ02 booking
 * cancellation, REFREQ01 referral, SERVREQ01 referral cancellation): each resource carries every
 * element path the example's resource of that type carries. A missing element fails unless it is
 * listed below with the reason it is left out.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { at, entriesOf, EXAMPLES, paths, type Json } from './artefacts';
import { captureMessages, DISPOSITION, officialSearchBookings, type Captured, type Kind, type Variant } from './capture';

let messages: Captured[] = [];
beforeAll(async () => {
  messages = [...(await captureMessages()), ...officialSearchBookings()];
}, 120_000);

const EXAMPLE_OF: Record<Kind, Json> = { book: EXAMPLES.booking, rebook: EXAMPLES.booking, cancel: EXAMPLES.bookingCancelled, refer: EXAMPLES.referral, 're-refer': EXAMPLES.referral, revoke: EXAMPLES.referralRevoked };

const NOT_COLLECTED = 'not asked on a 111 call, so not on the case';
/** `Type.path` → why our message leaves it out. Paths below a listed one are left out with it. */
const LEFT_OUT: Record<string, string> = {
  'Patient.identifier': 'only with an NHS number (the variants without one)',
  'Patient.contact.name': 'the patient\'s own contact (ONESELF) has no name, as in the examples; only a third party\'s does',
  'HealthcareService.name': 'stood in for when the search left it out: only its id (the DoS service id) is known',
  'HealthcareService.location': 'stood in for when the search left it out: only its id (the DoS service id) is known',
  'Schedule.id': 'stood in for when the search left it out and the Slot named it by urn:uuid only: a sender never invents ids',
  'Slot.appointmentType': 'echoed as the receiver sent it: a sender adds nothing to a received Slot',
  'Slot.serviceCategory': 'echoed as the receiver sent it: a sender adds nothing to a received Slot',
  'Patient.extension': `ethnic category and religion: ${NOT_COLLECTED}`,
  'Patient.communication': `preferred language: ${NOT_COLLECTED}`,
  'Patient.generalPractitioner': 'bookings: the booking port hands the adapter the patient without the registered practice (referrals carry it)',
  'Patient.contact.gender': `a third party's gender: ${NOT_COLLECTED}`,
  'Patient.address.type': 'postal/physical is not asked',
  'Patient.address.district': 'only when the address has one',
  'MessageHeader.source.contact': 'the sender\'s switchboard number is not configured (no setting for it yet)',
  'Schedule.meta.profile': 'echoed as the receiver sent it, or stood in for when the search left it out',
  'Schedule.identifier': 'echoed as the receiver sent it, or stood in for when the search left it out',
  'HealthcareService.meta.profile': 'echoed as the receiver sent it',
  'Practitioner.meta.profile': 'UK Core profiles are optional in meta and not claimed',
  'PractitionerRole.meta.profile': 'UK Core profiles are optional in meta and not claimed',
  'Organization.meta.profile': 'UK Core profiles are optional in meta and not claimed',
  'Encounter.meta.profile': 'UK Core profiles are optional in meta and not claimed',
  'CarePlan.meta.profile': 'UK Core profiles are optional in meta and not claimed',
  'Consent.meta.profile': 'UK Core profiles are optional in meta and not claimed',
  'Encounter.identifier': 'the sender\'s case number system is not defined by BaRS (REFREQ01 uses a placeholder); the journey id is in episodeOfCare',
  'CarePlan.supportingInfo': 'only when the case records a safeguarding concern (then its Flag); the other Observations and Flags are not collected',
  'ServiceRequest.patientInstruction': 'worsening advice is given on the call and not recorded on the case',
  'ServiceRequest.supportingInfo': 'only when a booking went first (then Appointment/{id}); rejected-services questionnaires are not collected',
  'Practitioner.telecom': 'the clinician\'s direct number is not in the user profile',
  'PractitionerRole.specialty': 'not in the user profile',
  'Practitioner.name.family': 'the user profile holds the display name as written, sent as name.text',
  'Practitioner.name.given': 'the user profile holds the display name as written, sent as name.text',
  'Location.position': 'echoed as the receiver sent it',
};

const leftOut = (path: string): boolean => Object.keys(LEFT_OUT).some((k) => path === k || path.startsWith(`${k}.`));

/** The example's element paths per resource type, those every instance of the type carries (its Organizations differ). */
function examplePaths(example: Json): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of entriesOf(example)) {
    const p = paths(e.resource);
    const seen = out.get(e.resource.resourceType);
    out.set(e.resource.resourceType, seen === undefined ? p : new Set([...seen].filter((x) => p.has(x))));
  }
  return out;
}

/** What each message lacks of its example, before any reason is applied: `Type.path`. */
function lacking(m: Captured): Set<string> {
  const expected = examplePaths(EXAMPLE_OF[m.kind]);
  const out = new Set<string>();
  for (const e of entriesOf(m.body)) {
    const have = paths(e.resource);
    for (const p of expected.get(e.resource.resourceType) ?? []) if (!have.has(p)) out.add(`${e.resource.resourceType}.${p}`);
  }
  return out;
}

describe.each((['book', 'cancel', 'rebook', 'refer', 're-refer', 'revoke'] as Kind[]).map((k) => [k]))('%s messages carry what the official example carries', (kind) => {
  it('every element of the example\'s resource of the same type, unless named as left out', () => {
    const missing = messages.filter((x) => x.kind === kind).flatMap((m) => [...lacking(m)].filter((p) => !leftOut(p)).map((p) => `${p} (${m.name})`));
    expect(missing).toEqual([]);
  });
});

describe('the reasons for leaving elements out', () => {
  it('name only elements an official example carries', () => {
    const all = new Set<string>();
    for (const example of Object.values(EXAMPLES)) for (const e of entriesOf(example)) for (const p of paths(e.resource)) all.add(`${e.resource.resourceType}.${p}`);
    expect(Object.keys(LEFT_OUT).filter((k) => !all.has(k))).toEqual([]);
  });

  it('are each needed by some message: none excuses an element every message carries', () => {
    const lacked = new Set(messages.flatMap((m) => [...lacking(m)]));
    expect(Object.keys(LEFT_OUT).filter((k) => !lacked.has(k))).toEqual([]);
  });
});

/**
 * REFREQ01's CarePlan.activity.outcomeCodeableConcept, one coded outcome at a time: the element
 * check above passes on any one coding (DX is always there), so a dropped SG or SD is caught here.
 */
describe('the referral\'s CarePlan outcome against REFREQ01', () => {
  const SD = 'https://fhir.nhs.uk/CodeSystem/pathways-sd-codes';
  const DX = 'https://fhir.nhs.uk/CodeSystem/pathways-dx-codes';
  const SG = 'https://fhir.nhs.uk/CodeSystem/pathways-sg-codes';
  /** Coded outcomes of REFREQ01 a referral leaves out whatever the case, and why. */
  const NEVER_SENT: Record<string, string> = { 'https://fhir.nhs.uk/CodeSystem/pathways-pathway-codes': 'the Pathway chosen (PA code) is not asked on the new-case form' };
  /** Why a case may have no SG or SD: the coded outcome is then left out, and only then. */
  const NO_PATHWAYS = 'the call had no Pathways assessment (a CAS clinician may not), so the case has only the disposition';

  const outcomes = (message: Json): Json[] => at(message, 'entry.resource.ofType(CarePlan).activity.outcomeCodeableConcept') as Json[];
  const systemOf = (concept: Json): string | undefined => at(concept, 'coding.system')[0] as string | undefined;
  const example = outcomes(EXAMPLES.referral);
  const codeFor = (v: Variant, system: string): { code: string; text?: string } | undefined =>
    system === SG ? v.pathways?.symptomGroup : system === SD ? v.pathways?.symptomDiscriminator : system === DX ? { code: 'DX02', text: DISPOSITION.text } : undefined;
  const referrals = (): Captured[] => messages.filter((m) => m.kind === 'refer' || m.kind === 're-refer');

  it('every coded outcome of the example is one of SD, DX, SG or named as never sent', () => {
    expect(example.map(systemOf).filter((s) => s !== undefined && ![SD, DX, SG].includes(s) && NEVER_SENT[s] === undefined)).toEqual([]);
  });

  it('a case with SG and SD sends SD, DX and SG as REFREQ01 codes them, in its order, with the case\'s codes and texts; without them DX only, the reason named', () => {
    const withBoth = referrals().filter((m) => m.variant.pathways?.symptomDiscriminator !== undefined);
    expect(withBoth.length).toBeGreaterThanOrEqual(2);
    expect(referrals().some((m) => m.variant.pathways === undefined)).toBe(true);
    for (const m of referrals()) {
      const expected = example.filter((c) => {
        const system = systemOf(c);
        if (system === undefined || NEVER_SENT[system] !== undefined) return false;
        // Left out only for NO_PATHWAYS: the case has no code of this kind.
        return codeFor(m.variant, system) !== undefined || system === DX;
      });
      const coded = outcomes(m.body).filter((c) => systemOf(c) !== undefined);
      expect(coded.map(systemOf), `${m.name} (SG/SD absent only because ${NO_PATHWAYS})`).toEqual(expected.map(systemOf));
      for (const [i, want] of expected.entries()) {
        const got = coded[i] ?? {};
        const system = String(systemOf(want));
        // The example's elements (coding.system, .code, .display, text), the same text, and the case's code and display.
        expect([...paths(want)].filter((p) => !paths(got).has(p)), `${m.name}: ${system}`).toEqual([]);
        expect(got.text, `${m.name}: ${system}`).toBe(want.text);
        expect({ code: at(got, 'coding.code')[0], display: at(got, 'coding.display')[0] }, `${m.name}: ${system}`).toEqual({ code: codeFor(m.variant, system)?.code, display: codeFor(m.variant, system)?.text });
      }
      // Then the clinical narrative, uncoded, as the example ends.
      expect(outcomes(m.body).at(-1), m.name).toEqual({ text: expect.stringContaining('ASSESSMENT OUTCOME: Dx02') as unknown });
    }
  });
});
