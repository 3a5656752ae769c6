import { randomInt } from 'node:crypto';

/**
 * An appointment id like a Provider's diary system gives, short enough to read out on the phone:
 * eight digits, never starting with 0, and not one the Provider already holds.
 */
export function newAppointmentNumber(taken: (id: string) => boolean): string {
  for (;;) {
    const id = String(randomInt(10_000_000, 100_000_000));
    if (!taken(id)) return id;
  }
}
