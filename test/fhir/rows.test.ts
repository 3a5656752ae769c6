import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleToRows, MalformedBundleError, parseFhir, referenceKey, SlotSchema, deliveryChannelOf } from '../../main/fhir';
import { makeSlotBundle } from '../fixtures/fhir/make-bundle';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/fhir/${name}`, import.meta.url), 'utf8')) as unknown;

/** A search on the morning of the fixtures' day, looking a year ahead. */
const SCOPE = { window: { start: new Date('2026-01-05T00:00:00Z'), end: new Date('2027-01-05T00:00:00Z') }, now: new Date('2026-01-05T00:00:00Z') };

describe('bundleToRows (digest §4, §6)', () => {
  const result = bundleToRows(fixture('slot-bundle.json'), SCOPE);

  it('makes one row per distinct Slot, keeping duplicates out', () => {
    expect(result.rows.map((r) => r.slotId)).toEqual(['slot-1', 'slot-2', 'slot-3']);
    expect(result.skipped.duplicate).toBe(1);
    expect(result.problems.some((p) => p.includes('(duplicate): id slot-1'))).toBe(true);
  });

  it('joins Schedule → actors → Location (address) and Organization', () => {
    expect(result.rows[0]).toEqual({
      slotId: 'slot-1',
      start: '2026-01-05T10:30:00+00:00',
      end: '2026-01-05T10:40:00+00:00',
      durationMinutes: 10,
      deliveryChannel: 'In-person',
      scheduleId: 'sched-1',
      healthcareService: 'Riverside Urgent Treatment Centre',
      organisation: 'Riverside NHS Foundation Trust',
      location: {
        name: 'Riverside UTC, Ground Floor',
        address: { lines: ['Riverside Hospital', '1 River Road'], city: 'Leeds', district: 'West Yorkshire', postcode: 'LS1 4AP' },
      },
      practitioner: { name: 'Dr Asha Patel', gender: 'female' },
      practitionerRole: 'General Medical Practitioner',
    });
  });

  it('follows absolute references and leaves out what is not included', () => {
    const row = result.rows[1];
    expect(row?.healthcareService).toBe('Riverside Urgent Treatment Centre');
    expect(row?.practitioner).toBeUndefined();
    expect(row?.deliveryChannel).toBeNull();
    expect(row?.durationMinutes).toBe(15);
  });

  it('still shows a Slot whose Schedule is missing', () => {
    expect(result.rows[2]).toEqual({
      slotId: 'slot-3',
      start: '2026-01-05T12:00:00Z',
      end: '2026-01-05T12:20:00Z',
      durationMinutes: 20,
      deliveryChannel: 'Telephone',
    });
  });

  it('keeps the raw Slot for booking, unknown elements included', () => {
    expect(result.rawSlots.get('slot-1')).toMatchObject({ identifier: [{ value: 'S-0001' }], comment: 'an element the consumer does not model' });
  });

  it('reports the Provider reason when there are no slots', () => {
    const empty = bundleToRows(fixture('no-slots-bundle.json'), SCOPE);
    expect(empty.rows).toEqual([]);
    expect(empty.noSlotsReason).toBe('No free slots in the next 4 hours for this service');
  });

  it('skips a Slot missing required elements and says which', () => {
    const r = bundleToRows({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Slot', id: 'x', status: 'free' } }] }, SCOPE);
    expect(r.rows).toEqual([]);
    expect(r.problems[0]).toMatch(/schedule/);
    expect(r.problems[0]).toMatch(/start/);
  });

  it('skips a Slot whose times have no offset', () => {
    const r = bundleToRows(
      {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [{ resource: { resourceType: 'Slot', id: 'x', status: 'free', schedule: {}, start: '2026-01-05T10:00:00', end: '2026-01-05T10:10:00' } }],
      },
      SCOPE,
    );
    expect(r.rows).toEqual([]);
  });

  it.each([null, 'text', [], { resourceType: 'OperationOutcome' }, { resourceType: 'Bundle' }])('refuses %j as a Bundle', (input) => {
    expect(() => bundleToRows(input, SCOPE)).toThrow(MalformedBundleError);
  });

  it('tolerates a bundle with no entries at all', () => {
    expect(bundleToRows({ resourceType: 'Bundle', type: 'searchset' }, SCOPE).rows).toEqual([]);
  });

  it('handles 10,000 slots from many diaries', () => {
    const big = bundleToRows(makeSlotBundle(10_000), SCOPE);
    expect(big.rows).toHaveLength(10_000);
    expect(big.rows[9_999]?.practitioner?.name).toBe('Sam Clinician19');
  });
});

describe('referenceKey', () => {
  it.each([
    ['Schedule/1', 'Schedule/1'],
    ['https://x.nhs.uk/fhir/Schedule/1', 'Schedule/1'],
    ['https://x.nhs.uk/fhir/Schedule/1/_history/3', 'Schedule/1'],
    ['urn:uuid:1234', undefined],
    ['#contained', undefined],
  ])('%s → %s', (ref, key) => {
    expect(referenceKey(ref)).toBe(key);
  });
});

describe('deliveryChannelOf', () => {
  const url = 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-NHS-DeliveryChannel-2';
  it.each([
    [undefined, null],
    [[], null],
    [[{ url: 'https://example.org/other', valueCode: 'Video' }], null],
    [[{ url, valueCode: 'Video' }], 'Video'],
    [[{ url, valueCode: 'telephone' }], 'Telephone'],
    [[{ url, valueCode: 'carrier pigeon' }], null],
  ])('%j → %s', (ext, channel) => {
    expect(deliveryChannelOf(ext)).toBe(channel);
  });
});

describe('parseFhir', () => {
  it('passes unknown elements through and lists what is missing', () => {
    const ok = parseFhir(SlotSchema, { resourceType: 'Slot', schedule: {}, status: 'free', start: 'a', end: 'b', futureElement: 1 });
    expect(ok.ok && (ok.value as unknown as Record<string, unknown>).futureElement).toBe(1);
    const bad = parseFhir(SlotSchema, { resourceType: 'Slot', status: 'maybe' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join('\n')).toMatch(/schedule[\s\S]*status[\s\S]*start[\s\S]*end/);
  });
});
