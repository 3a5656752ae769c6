import type { SlotRow } from '../../../preload/contract';
import { formatDayHeading, ukDay } from './time';

export const NOT_SUPPLIED = 'Not supplied';

/** A slot's location address on one line; undefined when the Provider gave none. */
export function formatSlotAddress(address: NonNullable<SlotRow['location']>['address']): string | undefined {
  if (address === undefined) return undefined;
  const parts = [...address.lines, address.city, address.district, address.postcode].filter((p): p is string => p !== undefined && p.trim() !== '');
  return parts.length === 0 ? undefined : parts.join(', ');
}

export function formatPractitioner(slot: SlotRow): string | undefined {
  const name = slot.practitioner?.name;
  const gender = slot.practitioner?.gender;
  const bits = [name, slot.practitionerRole].filter((s): s is string => s !== undefined && s !== '');
  if (bits.length === 0 && gender === undefined) return undefined;
  const who = bits.length > 0 ? bits.join(', ') : 'Practitioner';
  return gender !== undefined && gender !== '' ? `${who} (${gender})` : who;
}

/** Minutes a slot starts after the deadline (negative or zero when it is inside). */
export function minutesAfterDeadline(slot: SlotRow, deadline: string): number {
  return Math.round((new Date(slot.start).getTime() - new Date(deadline).getTime()) / 60_000);
}

/** One row of the virtual list: a UK day heading or a slot (with its index among slots). */
export type SlotListRow = { kind: 'day'; key: string; heading: string; count: number } | { kind: 'slot'; key: string; slot: SlotRow; slotIndex: number };

/** Every slot in reply order under a heading per UK day; the Consumer shows all and filters none. */
export function rowsByUkDay(slots: readonly SlotRow[]): SlotListRow[] {
  const rows: SlotListRow[] = [];
  const counts = new Map<string, number>();
  for (const s of slots) {
    const day = ukDay(s.start);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  let current: string | undefined;
  // In time order (stable, so equal starts keep the Provider's order): the day headings then appear once each.
  const ordered = [...slots].sort((a, b) => new Date(a.start).getTime() - new Date(b.start).getTime());
  ordered.forEach((slot, slotIndex) => {
    const day = ukDay(slot.start);
    if (day !== current) {
      current = day;
      rows.push({ kind: 'day', key: `day-${day}-${slotIndex}`, heading: formatDayHeading(slot.start), count: counts.get(day) ?? 0 });
    }
    rows.push({ kind: 'slot', key: `slot-${slot.slotId}-${slotIndex}`, slot, slotIndex });
  });
  return rows;
}
