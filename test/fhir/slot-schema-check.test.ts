/**
 * The hand check that lets counted-only Slots skip zod (and, in BaRS, which keeps Slots as
 * received, the Slots that become rows too) must agree with SlotSchema on every input:
 * if it ever said yes where the schema says no, a broken Slot would be counted under the wrong
 * reason (or shown); if it said no where the schema says yes, only speed is lost — both are caught.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passesSlotSchema, SlotSchema } from '../../main/fhir/schemas';

/** A field: mostly of the right shape (so whole Slots often pass), sometimes anything at all, undefined included. */
const field = (good: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 40, arbitrary: good }, { weight: 1, arbitrary: fc.anything() }, { weight: 1, arbitrary: fc.constant(undefined) });
const text = fc.string({ maxLength: 8 });
/** `required` keys are always there (their value may still be wrong or undefined); the others half the time. */
const record = (fields: Record<string, fc.Arbitrary<unknown>>, required: string[] = []): fc.Arbitrary<unknown> =>
  fc.record(Object.fromEntries(Object.entries(fields).map(([k, a]) => [k, field(a)])), { requiredKeys: required }).chain((r) =>
    fc.dictionary(fc.constantFrom('foo', 'url', 'status', '__proto__x'), fc.anything(), { maxKeys: 2 }).map((extra) => ({ ...extra, ...r })),
  );
const list = (item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> => fc.array(field(item), { maxLength: 3 });
const coding = record({ system: text, code: text, display: text });
const slotLike = record({
  resourceType: fc.oneof({ weight: 8, arbitrary: fc.constant('Slot') }, { weight: 1, arbitrary: fc.constantFrom('Schedule', 'slot') }),
  id: text,
  meta: record({ versionId: text, lastUpdated: text, profile: list(text) }),
  extension: list(record({ url: text, valueCode: text, valueString: text, valueCoding: coding })),
  identifier: list(record({ system: text, value: text })),
  schedule: record({ reference: text, display: text }),
  status: fc.constantFrom('busy', 'free', 'busy-unavailable', 'busy-tentative', 'entered-in-error', 'free', 'free', 'Free', 'proposed'),
  start: text,
  end: text,
}, ['resourceType', 'schedule', 'status', 'start', 'end']);

describe('passesSlotSchema', () => {
  it('accepts exactly the Slots SlotSchema accepts, whatever is missing or of the wrong type', () => {
    let acceptedRuns = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 9, arbitrary: slotLike }, { weight: 1, arbitrary: fc.anything() }), (value) => {
        const accepted = SlotSchema.safeParse(value).success;
        if (accepted) acceptedRuns += 1;
        expect(passesSlotSchema(value)).toBe(accepted);
      }),
      { numRuns: 5_000 },
    );
    // Both answers must be common, or a wrong yes (or no) would seldom be tried.
    expect(acceptedRuns).toBeGreaterThan(1_000);
    expect(acceptedRuns).toBeLessThan(4_000);
  });
});
