import type { SlotRow } from '../../../preload/contract';
import { NOT_SUPPLIED } from '../format/slot';

export type TimeOfDay = 'any' | 'morning' | 'afternoon' | 'evening' | 'night';

export interface SlotFilter {
  timeOfDay: TimeOfDay;
  /** 'any', a delivery channel, or NOT_SUPPLIED for slots that do not say. */
  channel: string;
  /** 'any', a role, or NOT_SUPPLIED. */
  role: string;
}

export const NO_FILTER: SlotFilter = { timeOfDay: 'any', channel: 'any', role: 'any' };

export const TIMES_OF_DAY: { value: TimeOfDay; label: string; from: number; to: number }[] = [
  { value: 'any', label: 'Any time', from: 0, to: 24 },
  { value: 'morning', label: 'Morning (06:00 to 12:00)', from: 6, to: 12 },
  { value: 'afternoon', label: 'Afternoon (12:00 to 18:00)', from: 12, to: 18 },
  { value: 'evening', label: 'Evening (18:00 to 22:00)', from: 18, to: 22 },
  { value: 'night', label: 'Night (22:00 to 06:00)', from: 22, to: 30 },
];

const ukHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hour12: false });

/** The UK local hour a slot starts (0–23). */
export function ukHourOf(instant: string): number {
  return Number(ukHour.format(new Date(instant))) % 24;
}

export function channelOf(slot: SlotRow): string {
  return slot.deliveryChannel ?? NOT_SUPPLIED;
}

export function roleOf(slot: SlotRow): string {
  return slot.practitionerRole ?? NOT_SUPPLIED;
}

function inTimeOfDay(slot: SlotRow, t: TimeOfDay): boolean {
  const band = TIMES_OF_DAY.find((b) => b.value === t);
  if (band === undefined || t === 'any') return true;
  const hour = ukHourOf(slot.start);
  // Night runs over midnight: 22:00–06:00 is 22..29 with the small hours shifted by a day.
  const h = t === 'night' && hour < 6 ? hour + 24 : hour;
  return h >= band.from && h < band.to;
}

/** The slots the user asked to see; the full count stays on screen so nothing is hidden silently. */
export function applyFilter(slots: readonly SlotRow[], f: SlotFilter): SlotRow[] {
  return slots.filter((s) => inTimeOfDay(s, f.timeOfDay) && (f.channel === 'any' || channelOf(s) === f.channel) && (f.role === 'any' || roleOf(s) === f.role));
}

/** The distinct values present, for the filter choices (sorted, "Not supplied" last). */
export function valuesOf(slots: readonly SlotRow[], of: (s: SlotRow) => string): string[] {
  const values = [...new Set(slots.map(of))];
  return values.sort((a, b) => (a === NOT_SUPPLIED ? 1 : b === NOT_SUPPLIED ? -1 : a.localeCompare(b)));
}
