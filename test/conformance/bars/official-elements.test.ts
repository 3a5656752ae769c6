/**
 * Every message against the official example of its kind (BOOKREQ01 booking, BOOKREQ02 booking
 * cancellation, REFREQ01 referral, SERVREQ01 referral cancellation): each resource carries every
 * element path the example's resource of that type carries. A missing element fails unless it is
 * listed below with the reason it is left out.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { entriesOf, EXAMPLES, paths, type Json } from './artefacts';
import { captureMessages, officialSearchBookings, type Captured, type Kind } from './capture';

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
  'CarePlan.supportingInfo': 'points at Observations and Flags the app does not collect',
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
