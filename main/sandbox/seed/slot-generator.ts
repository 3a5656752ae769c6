/**
 * Rolling slot generation: diaries are expanded relative to now, so the sandbox never goes
 * stale. Slot ids are derived from the diary and the start time, so generating again (after a
 * restart with a file-backed state, or a periodic top-up) adds new slots without duplicating
 * or freeing booked ones.
 */
import type { DeliveryChannelCode, Diary, SeedService } from './types';
import { londonDates, londonToUtc, minutesOf } from './clinic-time';

/** How far ahead the diaries are open. */
export const HORIZON_DAYS = 7;

export interface GeneratedSlot {
  id: string;
  serviceId: string;
  scheduleId: string;
  startMs: number;
  endMs: number;
  channel: DeliveryChannelCode | undefined;
}

function slotFor(service: SeedService, diary: Diary, startMs: number): GeneratedSlot {
  const slotMs = diary.slotMinutes * 60_000;
  // The slot's absolute index in its diary keeps the delivery channel stable across top-ups.
  const index = Math.floor(startMs / slotMs);
  return {
    id: `${diary.scheduleId}-${Math.floor(startMs / 60_000)}`,
    serviceId: service.id,
    scheduleId: diary.scheduleId,
    startMs,
    endMs: startMs + slotMs,
    channel: diary.channel(index),
  };
}

function roundTheClock(service: SeedService, diary: Diary, nowMs: number): GeneratedSlot[] {
  const slotMs = diary.slotMinutes * 60_000;
  // First slot at the next quarter hour (for 15-minute diaries): never in the past, never far off.
  const first = Math.ceil(nowMs / slotMs) * slotMs;
  const until = nowMs + HORIZON_DAYS * 86_400_000;
  const slots: GeneratedSlot[] = [];
  for (let start = first; start < until; start += slotMs) slots.push(slotFor(service, diary, start));
  return slots;
}

function clinicSessions(service: SeedService, diary: Diary, nowMs: number): GeneratedSlot[] {
  if (diary.hours === 'utc-24x7') return [];
  const slots: GeneratedSlot[] = [];
  for (const date of londonDates(nowMs, 1, HORIZON_DAYS)) {
    for (const session of diary.hours) {
      if (!session.days.includes(date.weekday)) continue;
      const to = minutesOf(session.to);
      for (let m = minutesOf(session.from); m + diary.slotMinutes <= to; m += diary.slotMinutes) {
        const start = londonToUtc(date, m);
        if (start >= nowMs) slots.push(slotFor(service, diary, start));
      }
    }
  }
  return slots;
}

/** Every future slot of a service's diaries within the horizon. */
export function generateSlots(service: SeedService, nowMs: number): GeneratedSlot[] {
  return service.diaries.flatMap((diary) =>
    diary.hours === 'utc-24x7' ? roundTheClock(service, diary, nowMs) : clinicSessions(service, diary, nowMs),
  );
}
