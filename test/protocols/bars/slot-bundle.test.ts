/** R4 slot searchset → slot rows, against the official example's shape. */
import { describe, expect, it } from 'vitest';
import { MalformedBundleError } from '../../../main/fhir';
import { parseSlotBundle } from '../../../main/protocols/bars';
import { officialShapeSearchset } from '../../fixtures/bars/slot-searchset';

const negotiated = { useCase: 'a1t1', version: '2.1.0' };
type Entry = { fullUrl?: string; resource: Record<string, unknown> & { resourceType: string } };
const entriesOf = (b: Record<string, unknown>): Entry[] => b.entry as Entry[];

describe('parseSlotBundle', () => {
  it('shows every slot of the official shape with channel, practitioner, role, service and location', () => {
    const parsed = parseSlotBundle(officialShapeSearchset(), negotiated);
    expect(parsed.rows.map((r) => r.slotId)).toEqual(['slot001', 'slot002', 'slot003']);
    expect(parsed.rows[0]).toMatchObject({
      start: '2026-10-16T09:00:00.000+00:00',
      durationMinutes: 60,
      deliveryChannel: 'Telephone',
      scheduleId: 'sched1111',
      healthcareService: 'Seaview ED',
      practitioner: { name: 'Dr Sana Iqbal', gender: 'female' },
      practitionerRole: 'Doctor',
      location: { name: 'Seaview Hospital ED' },
    });
    // The booking needs the Slot and what it references, as received.
    const raw = parsed.raw.get('slot002');
    expect(raw?.entries.map((e) => e.resource.resourceType).sort()).toEqual(['HealthcareService', 'Location', 'Practitioner', 'PractitionerRole', 'Schedule', 'Slot']);
    expect(raw?.entries[0]?.fullUrl).toBe('urn:uuid:0b0f5d2e-0000-4000-8000-00000000a002');
    expect(raw?.negotiated).toEqual(negotiated);
  });

  it('only slots, no includes: rows still shown, with nothing invented', () => {
    const bundle = officialShapeSearchset();
    bundle.entry = entriesOf(bundle).filter((e) => e.resource.resourceType === 'Slot');
    const parsed = parseSlotBundle(bundle, negotiated);
    expect(parsed.rows).toHaveLength(3);
    expect(parsed.rows[0]).not.toHaveProperty('practitioner');
    expect(parsed.rows[0]).not.toHaveProperty('location');
    expect(parsed.raw.get('slot001')?.entries).toHaveLength(1);
  });

  it('extra resources nobody asked for change nothing', () => {
    const plain = parseSlotBundle(officialShapeSearchset(), negotiated);
    const bundle = officialShapeSearchset();
    entriesOf(bundle).push(
      { fullUrl: 'urn:uuid:0b0f5d2e-0000-4000-8000-00000000f001', resource: { resourceType: 'Device', id: 'd1' } },
      { fullUrl: 'urn:uuid:0b0f5d2e-0000-4000-8000-00000000f002', resource: { resourceType: 'Organization', id: 'icb', name: 'An ICB' } },
    );
    expect(parseSlotBundle(bundle, negotiated).rows).toEqual(plain.rows);
  });

  it('keeps the very Slot each row was made from, as received, not an earlier unreadable copy with the same id', () => {
    const bundle = officialShapeSearchset();
    const shown = entriesOf(bundle)[1] as Entry;
    const unreadable = { fullUrl: 'urn:uuid:0b0f5d2e-0000-4000-8000-00000000bad2', resource: { ...shown.resource, status: 'FREE' } };
    entriesOf(bundle).unshift(unreadable);
    const parsed = parseSlotBundle(bundle, negotiated);
    expect(parsed.rows.map((r) => r.slotId)).toEqual(['slot001', 'slot002', 'slot003']);
    expect(parsed.skipped.unreadable).toBe(1);
    const kept = parsed.raw.get('slot002')?.entries[0];
    expect(kept?.resource).toBe(shown.resource);
    expect(kept?.fullUrl).toBe(shown.fullUrl);
  });

  it('a slot without a channel shows none: never a default', () => {
    const bundle = officialShapeSearchset();
    delete (entriesOf(bundle)[1] as Entry).resource.extension;
    expect(parseSlotBundle(bundle, negotiated).rows[1]?.deliveryChannel).toBeNull();
  });

  it('a slot whose times have no offset is skipped and counted, the others shown', () => {
    const bundle = officialShapeSearchset();
    (entriesOf(bundle)[0] as Entry).resource.start = '2026-10-16T09:00:00';
    const parsed = parseSlotBundle(bundle, negotiated);
    expect(parsed.rows.map((r) => r.slotId)).toEqual(['slot002', 'slot003']);
    expect(parsed.skipped.unreadable).toBe(1);
  });

  it('the receiver\'s no-slots OperationOutcome becomes the reason', () => {
    const bundle = { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'not-found', diagnostics: 'Nothing free today' }] }, search: { mode: 'outcome' } }] };
    expect(parseSlotBundle(bundle, negotiated)).toMatchObject({ rows: [], noSlotsReason: 'Nothing free today' });
  });

  it('anything but a searchset is malformed', () => {
    expect(() => parseSlotBundle({ resourceType: 'Bundle', type: 'message' }, negotiated)).toThrow(MalformedBundleError);
    expect(() => parseSlotBundle({ resourceType: 'OperationOutcome' }, negotiated)).toThrow(MalformedBundleError);
  });
});
