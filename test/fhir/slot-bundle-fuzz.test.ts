/**
 * Mutated slot bundles, seeded (FUZZ_SEED=<n> replays a run; fast-check prints the seed and the
 * shrunk bundle on failure). Each generated Slot carries the truth about itself, so the expected
 * list and counts come from the generator, never from the code under test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlotSearchResult, type SkippedSlots, type SlotSkipReason } from '../../preload/contract';
import { bundleToRows, MalformedBundleError, readSlotBundle } from '../../main/fhir';
import { offerList } from '../../main/workflow/slot-list';

const NOW = Date.UTC(2026, 0, 5, 9, 0, 0);
const WINDOW_END = NOW + 12 * 3_600_000;
const DEADLINE = NOW + 2 * 3_600_000;
const RUNS = 1_000;
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

/** One time element: a real moment written some legal way, or a known-bad text. */
type Time = { ok: true; ms: number; text: string } | { ok: false; value: unknown };

interface SlotSpec {
  id: string | number | undefined;
  status: unknown;
  start: Time;
  end: Time;
  /** Structural damage that makes the Slot unreadable whatever its times. */
  broken: 'none' | 'no-schedule' | 'no-status' | 'start-missing' | 'schedule-not-object';
  extra: Record<string, unknown>;
}

type Entry = { kind: 'slot'; spec: SlotSpec } | { kind: 'other'; value: unknown };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function write(ms: number, offsetMinutes: number, fraction: string, zulu: boolean): string {
  const wall = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (zulu && offsetMinutes === 0) return `${wall}${fraction}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${wall}${fraction}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const offset = fc.oneof(fc.constant(0), fc.constantFrom(60, -300, 330, 840, -720, 570), fc.integer({ min: -14 * 60, max: 14 * 60 }));
const fraction = fc.oneof(fc.constant(''), fc.constantFrom('.000', '.5', '.123456789'));

const badTime: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '2026-02-30T10:00:00Z',
    '2026-02-29T10:00:00+00:00',
    '2026-04-31T10:00:00Z',
    '2026-01-05T24:00:00Z',
    '2026-01-05T10:00Z',
    '2026-01-05T10:00:00',
    '2026-01-05T10:00:00+0100',
    '2026-01-05T10:00:00+15:00',
    '2026-01-05t10:00:00z',
    '2026-01-05 10:00:00Z',
    '2026-13-05T10:00:00Z',
    '2016-12-31T23:59:60Z',
    '2026-01-05T10:00:00.1234567890Z',
    '2026-01-05',
    '',
    'tomorrow morning',
  ),
  fc.constantFrom(null, 1767603600000, true, {}, []),
  fc.string({ maxLength: 30 }),
);

/** A moment around now: well past, just past, inside the timeframe, after it, past the window. */
const moment = fc.oneof(
  fc.integer({ min: NOW - 86_400_000, max: NOW - 1 }),
  fc.integer({ min: NOW, max: DEADLINE }),
  fc.integer({ min: DEADLINE + 1, max: WINDOW_END }),
  fc.integer({ min: WINDOW_END + 1, max: WINDOW_END + 86_400_000 }),
  fc.constantFrom(NOW, DEADLINE, WINDOW_END, WINDOW_END + 1000),
);

const goodTime = (ms: fc.Arbitrary<number>): fc.Arbitrary<Time> =>
  fc.tuple(ms, offset, fraction, fc.boolean()).map(([m, off, frac, zulu]) => {
    const whole = m - (m % 1000);
    const withFraction = frac === '' ? whole : whole + Number(frac.slice(1, 4).padEnd(3, '0'));
    return { ok: true, ms: withFraction, text: write(whole, off, frac, zulu) };
  });

const slotSpec: fc.Arbitrary<SlotSpec> = fc
  .record({
    id: fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0, max: 40 }).map((n) => `slot-${n}`) },
      { weight: 1, arbitrary: fc.constantFrom(undefined, '', 7) },
    ),
    status: fc.oneof(
      { weight: 6, arbitrary: fc.constant('free') },
      { weight: 3, arbitrary: fc.constantFrom('busy', 'busy-unavailable', 'busy-tentative', 'entered-in-error') },
      { weight: 1, arbitrary: fc.constantFrom('FREE', 'booked', 42, null) },
    ),
    start: fc.oneof({ weight: 8, arbitrary: goodTime(moment) }, { weight: 1, arbitrary: badTime.map((value): Time => ({ ok: false, value })) }),
    length: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 120 * 60_000 }) }, { weight: 1, arbitrary: fc.integer({ min: -3_600_000, max: 0 }) }),
    endOffset: offset,
    endBad: fc.oneof({ weight: 10, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: badTime }),
    broken: fc.oneof(
      { weight: 12, arbitrary: fc.constant('none' as const) },
      { weight: 1, arbitrary: fc.constantFrom('no-schedule' as const, 'no-status' as const, 'start-missing' as const, 'schedule-not-object' as const) },
    ),
    extra: fc.dictionary(fc.constantFrom('comment', 'overbooked', 'specialty', 'futureElement'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }),
  })
  .map(({ id, status, start, length, endOffset, endBad, broken, extra }) => {
    let end: Time;
    if (endBad !== undefined || !start.ok) end = endBad === undefined ? { ok: false, value: 'not-a-time' } : { ok: false, value: endBad };
    else {
      const ms = start.ms - (start.ms % 1000) + Math.round(length / 1000) * 1000;
      end = { ok: true, ms, text: write(ms, endOffset, '', false) };
    }
    return { id, status, start, end, broken, extra };
  });

const otherEntry: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant({ resource: { resourceType: 'Schedule', id: 's1', actor: [{ reference: 'HealthcareService/hs1' }] } }),
  fc.constant({ resource: { resourceType: 'Schedule', id: 's2', actor: 'not an array' } }),
  fc.constant({ resource: { resourceType: 'HealthcareService', id: 'hs1', name: 'Riverside UTC', location: [{ reference: 'Location/missing' }] } }),
  fc.constant({ resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: 'No more slots' }] } }),
  fc.constantFrom(null, 42, 'entry', [], {}, { resource: null }, { resource: { resourceType: 7 } }, { fullUrl: 12, resource: { resourceType: 'Location' } }),
);

const entries: fc.Arbitrary<Entry[]> = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: slotSpec.map((spec): Entry => ({ kind: 'slot', spec })) },
    { weight: 1, arbitrary: otherEntry.map((value): Entry => ({ kind: 'other', value })) },
  ),
  { maxLength: 40 },
);

function resourceOf(spec: SlotSpec): Record<string, unknown> {
  const resource: Record<string, unknown> = {
    ...spec.extra,
    resourceType: 'Slot',
    id: spec.id,
    schedule: spec.broken === 'schedule-not-object' ? 'Schedule/s1' : { reference: 'Schedule/s1' },
    status: spec.status,
    start: spec.start.ok ? spec.start.text : spec.start.value,
    end: spec.end.ok ? spec.end.text : spec.end.value,
  };
  if (spec.broken === 'no-schedule') delete resource.schedule;
  if (spec.broken === 'no-status') delete resource.status;
  if (spec.broken === 'start-missing') delete resource.start;
  if (spec.id === undefined) delete resource.id;
  return resource;
}

const DELIVERY_CHANNEL = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeliveryChannel';
const SCHEDULE_S1 = { resource: { resourceType: 'Schedule', id: 's1', actor: [{ reference: 'HealthcareService/hs1' }] } };
const SERVICE_HS1 = { resource: { resourceType: 'HealthcareService', id: 'hs1', name: 'Riverside UTC' } };

const SLOT_STATUSES = ['busy', 'free', 'busy-unavailable', 'busy-tentative', 'entered-in-error'];

/** The truth the generator knows: which Slots a clinician should see, and why each other one is left out. */
function expected(list: Entry[]): { shown: { id: string; start: number; spec: SlotSpec }[]; skipped: SkippedSlots; slots: number } {
  const skipped: SkippedSlots = { unreadable: 0, duplicate: 0, 'not-free': 0, 'already-started': 0, 'outside-window': 0, 'ends-before-start': 0 };
  const shown: { id: string; start: number; spec: SlotSpec }[] = [];
  const seen = new Set<string>();
  let slots = 0;
  const count = (reason: SlotSkipReason) => (skipped[reason] += 1);
  for (const entry of list) {
    if (entry.kind === 'other') continue;
    slots += 1;
    const s = entry.spec;
    const schemaOk = s.broken === 'none' && SLOT_STATUSES.includes(s.status as string) && typeof (s.start.ok ? s.start.text : s.start.value) === 'string';
    const endIsText = typeof (s.end.ok ? s.end.text : s.end.value) === 'string';
    if (!schemaOk || !endIsText || (s.id !== undefined && typeof s.id !== 'string')) count('unreadable');
    else if (s.id === undefined || s.id === '') count('unreadable');
    else if (seen.has(s.id)) count('duplicate');
    else {
      seen.add(s.id);
      if (!s.start.ok || !s.end.ok) count('unreadable');
      else if (s.status !== 'free') count('not-free');
      else if (s.end.ms <= s.start.ms) count('ends-before-start');
      else if (s.start.ms < NOW) count('already-started');
      else if (s.start.ms > WINDOW_END) count('outside-window');
      else shown.push({ id: s.id, start: s.start.ms, spec: s });
    }
  }
  return { shown, skipped, slots };
}

describe('slot bundles mutated every way a Provider might send them', () => {
  it(`never fails the search, shows only valid free slots in time order, and accounts for every Slot (${RUNS} bundles)`, () => {
    fc.assert(
      fc.property(entries, fc.boolean(), (list, fullUrls) => {
        const entry = list.map((e, i) =>
          e.kind === 'other' ? e.value : { ...(fullUrls ? { fullUrl: `https://p.example/fhir/Slot/${i}` } : {}), resource: resourceOf(e.spec) },
        );
        const joined = bundleToRows(
          { resourceType: 'Bundle', type: 'searchset', entry },
          { window: { start: new Date(NOW), end: new Date(WINDOW_END) }, now: new Date(NOW) },
        );
        const slots = offerList(joined.rows, new Date(DEADLINE));
        const outside = slots.filter((s) => s.outsideTimeframe).length;
        const reply = {
          caseId: '6a0d3f4e-0b1c-4c43-9a63-1f4e1b1b2c3d',
          serviceId: '2000123',
          searchedAt: new Date(NOW).toISOString(),
          deadline: new Date(DEADLINE).toISOString(),
          slots,
          insideTimeframe: slots.length - outside,
          outsideTimeframe: outside,
          skipped: joined.skipped,
        };
        // The response contract is what turned one bad slot into an internal error before.
        const contract = SlotSearchResult.safeParse(reply);
        expect(contract.error?.issues ?? []).toEqual([]);

        const truth = expected(list);
        expect(joined.skipped).toEqual(truth.skipped);
        expect(slots.length + Object.values(joined.skipped).reduce((a, b) => a + b, 0)).toBe(truth.slots);
        const byId = new Map(truth.shown.map((t) => [t.id, t]));
        expect(slots.map((s) => s.slotId).sort()).toEqual([...byId.keys()].sort());
        for (const row of slots) {
          const t = byId.get(row.slotId);
          expect(t?.spec.status).toBe('free');
          expect(row.start).toBe(t?.spec.start.ok === true ? t.spec.start.text : undefined);
          expect(row.end).toBe(t?.spec.end.ok === true ? t.spec.end.text : undefined);
          expect(row.durationMinutes).toBeGreaterThan(0);
          expect(row.outsideTimeframe).toBe((t?.start ?? 0) > DEADLINE);
        }
        const starts = slots.map((s) => byId.get(s.slotId)?.start ?? Number.NaN);
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
      }),
      { numRuns: RUNS, ...(seed === undefined ? {} : { seed }) },
    );
  }, 120_000);

  it(`reads every bundle the same whether shown Slots are kept as SlotSchema's copy (Care Connect) or as received (BaRS) (${RUNS} bundles)`, () => {
    fc.assert(
      fc.property(entries, fc.boolean(), (list, fullUrls) => {
        // Rows read the channel and the Schedule too: some Slots carry a channel, one of them a broken one.
        const channel = [undefined, [{ url: DELIVERY_CHANNEL, valueCode: 'Telephone' }], [{ url: DELIVERY_CHANNEL, valueCoding: { code: 'video' } }], [{ url: DELIVERY_CHANNEL, valueCode: 7 }]];
        const entry = list.map((e, i) => {
          if (e.kind === 'other') return e.value;
          const resource = resourceOf(e.spec);
          const extension = channel[i % channel.length];
          return { ...(fullUrls ? { fullUrl: `https://p.example/fhir/Slot/${i}` } : {}), resource: extension === undefined ? resource : { ...resource, extension } };
        });
        const bundle = { resourceType: 'Bundle', type: 'searchset', entry: [...entry, SCHEDULE_S1, SERVICE_HS1] };
        const scope = { window: { start: new Date(NOW), end: new Date(WINDOW_END) }, now: new Date(NOW) };
        const copied = readSlotBundle(bundle, scope, 'schema-copy');
        const received = readSlotBundle(bundle, scope, 'as-received');
        expect(received.rows).toEqual(copied.rows);
        expect(received.skipped).toEqual(copied.skipped);
        expect(received.problems).toEqual(copied.problems);
        expect(received.noSlotsReason).toBe(copied.noSlotsReason);
        expect(received.rowEntries).toEqual(copied.rowEntries);
        expect(received.rowSlots).toEqual(copied.rowSlots);
        // As received means the very object in the Bundle, which is what BaRS sends back; the copy is a new one.
        received.rowEntries.forEach((at, n) => {
          const resource = (entry[at] as { resource: unknown }).resource;
          expect(received.rowSlots[n]).toBe(resource);
          expect(copied.rowSlots[n]).not.toBe(resource);
        });
      }),
      { numRuns: RUNS, ...(seed === undefined ? {} : { seed }) },
    );
  }, 120_000);

  it('refuses a damaged Bundle envelope as malformed, never with an internal error', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.record({
            resourceType: fc.constantFrom('Bundle', 'bundle', 'Slot'),
            type: fc.oneof(fc.constant('searchset'), fc.integer()),
            entry: fc.oneof(fc.constant('x'), fc.integer(), fc.constant(null)),
          }),
        ),
        (input) => {
          try {
            bundleToRows(input, { window: { end: new Date(WINDOW_END) }, now: new Date(NOW) });
          } catch (error) {
            expect(error).toBeInstanceOf(MalformedBundleError);
          }
        },
      ),
      { numRuns: RUNS, ...(seed === undefined ? {} : { seed }) },
    );
  });
});
