import { describe, expect, it } from 'vitest';
import type { SlotRow } from '../../preload/contract';
import { applyFilter, NO_FILTER, valuesOf, roleOf } from '../../renderer/src/booking/slot-filters';
import { patientContactLine } from '../../renderer/src/booking/contact-line';

const slot = (start: string, extra: Partial<SlotRow> = {}): SlotRow => ({
  slotId: start,
  start,
  end: new Date(new Date(start).getTime() + 15 * 60_000).toISOString(),
  durationMinutes: 15,
  deliveryChannel: null,
  outsideTimeframe: false,
  ...extra,
});

describe('slot filters', () => {
  // 2026-07-15 is BST: 05:30Z is 06:30 UK (morning), 21:30Z is 22:30 UK (night), 23:30Z is 00:30 UK next day (night).
  const slots = [
    slot('2026-07-15T05:30:00Z', { deliveryChannel: 'In-person', practitionerRole: 'GP' }),
    slot('2026-07-15T12:00:00Z', { deliveryChannel: 'Telephone', practitionerRole: 'Nurse' }),
    slot('2026-07-15T21:30:00Z'),
    slot('2026-07-15T23:30:00Z', { deliveryChannel: 'In-person' }),
  ];

  it('filters by UK time of day, including the night across midnight', () => {
    expect(applyFilter(slots, { ...NO_FILTER, timeOfDay: 'morning' }).map((s) => s.start)).toEqual(['2026-07-15T05:30:00Z']);
    expect(applyFilter(slots, { ...NO_FILTER, timeOfDay: 'afternoon' }).map((s) => s.start)).toEqual(['2026-07-15T12:00:00Z']);
    expect(applyFilter(slots, { ...NO_FILTER, timeOfDay: 'night' }).map((s) => s.start)).toEqual(['2026-07-15T21:30:00Z', '2026-07-15T23:30:00Z']);
  });

  it('filters by channel and role, with "Not supplied" as its own choice, never merged into another', () => {
    expect(applyFilter(slots, { ...NO_FILTER, channel: 'In-person' })).toHaveLength(2);
    expect(applyFilter(slots, { ...NO_FILTER, channel: 'Not supplied' }).map((s) => s.start)).toEqual(['2026-07-15T21:30:00Z']);
    expect(applyFilter(slots, { ...NO_FILTER, role: 'Nurse', channel: 'Telephone' })).toHaveLength(1);
    expect(valuesOf(slots, roleOf)).toEqual(['GP', 'Nurse', 'Not supplied']);
  });
});

describe('how the patient is contacted', () => {
  const patient = {
    given: 'Jane',
    family: 'Fielding',
    birthDate: '1961-04-12',
    gender: 'female' as const,
    address: { lines: ['12 Wharf Street'], city: 'Leeds', postcode: 'LS2 7EQ' },
    telecom: [
      { system: 'phone' as const, use: 'home' as const, value: '0113 496 0100', rank: 2 },
      { system: 'phone' as const, use: 'mobile' as const, value: '07700 900123', rank: 1 },
    ],
    contacts: [],
  };
  it('a telephone slot names the primary number the service will phone', () => {
    expect(patientContactLine(slot('2026-07-15T12:00:00Z', { deliveryChannel: 'Telephone' }), patient)).toBe('The service will phone the patient on 07700 900123');
  });
  it('a video slot says the service will contact them for the call; in person gives no contact line', () => {
    expect(patientContactLine(slot('2026-07-15T12:00:00Z', { deliveryChannel: 'Video' }), patient)).toBe('The service will contact the patient for the video call on 07700 900123');
    expect(patientContactLine(slot('2026-07-15T12:00:00Z', { deliveryChannel: 'In-person' }), patient)).toBeUndefined();
  });
  it('a contact who is not the patient is named', () => {
    const child = { ...patient, telecom: [], contacts: [{ relationship: 'N' as const, relationshipText: 'Mother', name: { given: 'Sophie', family: 'Hart' }, telecom: [{ system: 'phone' as const, use: 'mobile' as const, value: '07700 900456', rank: 1 }] }] };
    expect(patientContactLine(slot('2026-07-15T12:00:00Z', { deliveryChannel: 'Telephone' }), child)).toBe('The service will phone Sophie Hart (Mother, Next of kin) on 07700 900456');
  });
});
