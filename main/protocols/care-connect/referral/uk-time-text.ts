import { formatDateTime } from '../../../../preload/contract';

/**
 * An instant as the people reading the referral at the receiving service read times: UK local
 * date and 24-hour time, with the day ("Wed 10 Jun 2026, 10:00 UK time"). The machine-readable
 * HL7 times elsewhere in the document stay as they are.
 */
export function ukTimeText(instant: string | Date): string {
  return `${formatDateTime(instant)} UK time`;
}
