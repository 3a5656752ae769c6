import { formatDuration } from '../../format/time';

/** "1 h 58 min left" or "Passed 12 min ago": the deadline against the clock on screen. */
export function timeRemainingText(deadline: string, now: Date): { text: string; passed: boolean } {
  const minutes = Math.floor((new Date(deadline).getTime() - now.getTime()) / 60_000);
  if (minutes < 0) return { text: `Passed ${formatDuration(-minutes)} ago`, passed: true };
  return { text: `${formatDuration(minutes)} left`, passed: false };
}
