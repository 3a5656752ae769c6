import type { BookingApp } from './booking-app';

/** What the BaRS receiver held for one slot at the instant it created a new appointment. */
export interface Arrival {
  slotId: string | undefined;
  /** Every appointment the receiver held just before this one was created: id → status. */
  heldThen: ReadonlyMap<string, string>;
}

/**
 * Watches the sandbox BaRS receiver (all its services) create appointments, so a test can tell, on
 * the receiver's side, what it held when a booking arrived: e.g. whether the original appointment
 * was already cancelled when the new one came in. `stop` puts the receiver back as it was.
 */
export function watchBarsArrivals(t: BookingApp): { arrivals: Arrival[]; stop: () => void } {
  const held = t.sandbox().bars.store.appointments;
  const arrivals: Arrival[] = [];
  const original = held.set.bind(held);
  held.set = (id, resource) => {
    if (!held.has(id)) arrivals.push({ slotId: resource.slotId, heldThen: new Map([...held.values()].map((h) => [h.id, String(h.resource.status)])) });
    return original(id, resource);
  };
  return {
    arrivals,
    stop: () => {
      Reflect.deleteProperty(held, 'set');
    },
  };
}
