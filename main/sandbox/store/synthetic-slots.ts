import type { SeedService } from '../seed/types';
import type { SlotRecord } from './slot-store';

/**
 * Synthetic load for the many-slots and huge-bundle faults and the benches, the same for both
 * standards: `count` free five-minute slots from the next five minutes, across the service's
 * diaries in turn, every other one without a delivery channel.
 */
export function syntheticSlots(service: Pick<SeedService, 'id' | 'diaries'>, nowMs: number, count: number): SlotRecord[] {
  const step = 5 * 60_000;
  const first = Math.ceil(nowMs / step) * step;
  return Array.from({ length: count }, (_, i) => {
    const diary = service.diaries[i % Math.max(1, service.diaries.length)];
    return {
      id: `synthetic-${service.id}-${i}`,
      serviceId: service.id,
      scheduleId: diary?.scheduleId ?? `sch-${service.id}`,
      startMs: first + i * step,
      endMs: first + (i + 1) * step,
      status: 'free' as const,
      channel: i % 2 === 0 ? ('In-person' as const) : undefined,
    };
  });
}
