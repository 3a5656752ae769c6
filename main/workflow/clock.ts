export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** A clock that reads `start` now and runs on at the real rate: a demo or a test at a chosen hour. */
export function clockStartingAt(start: Date): Clock {
  const offsetMs = start.getTime() - Date.now();
  return () => new Date(Date.now() + offsetMs);
}
