import type { SlotRow } from '../../../preload/contract';
import { formatSlotAddress, formatPractitioner, minutesAfterDeadline, NOT_SUPPLIED } from '../format/slot';
import { formatDateTime, formatDuration, formatTime } from '../format/time';

/** "After the deadline by 1 h 20 min": how far past the assessment deadline a slot starts. */
export function afterDeadlineText(slot: SlotRow, deadline: string): string {
  return `After the deadline by ${formatDuration(Math.max(minutesAfterDeadline(slot, deadline), 0))}`;
}

/** "After by 1 h 20 min": the same, short enough for one slot row. */
export function afterDeadlineShort(slot: SlotRow, deadline: string): string {
  return `After by ${formatDuration(Math.max(minutesAfterDeadline(slot, deadline), 0))}`;
}

/** `Tue 24 Nov 2026, 14:30 to 14:45` in UK time (the end's date is shown when it differs). */
export function slotWhen(slot: SlotRow): string {
  const start = formatDateTime(slot.start);
  const endFull = formatDateTime(slot.end);
  const sameDay = start.slice(0, start.lastIndexOf(',')) === endFull.slice(0, endFull.lastIndexOf(','));
  return `${start} to ${sameDay ? formatTime(slot.end) : endFull}`;
}

/**
 * Every detail of a slot the standard asks the Consumer to show, as a summary list. For a
 * telephone or video slot, `contactLine` (how the patient will be contacted) replaces the address.
 */
export function SlotDetails({ slot, deadline, serviceName, contactLine }: { slot: SlotRow; deadline: string; serviceName?: string; contactLine?: string }) {
  const address = formatSlotAddress(slot.location?.address);
  const rows: [string, string][] = [
    ['When (UK time)', slotWhen(slot)],
    ['Length', formatDuration(slot.durationMinutes)],
    ['How it takes place', slot.deliveryChannel ?? NOT_SUPPLIED],
    ['Healthcare service', slot.healthcareService ?? serviceName ?? NOT_SUPPLIED],
    ...(contactLine !== undefined
      ? ([['How the patient is contacted', contactLine]] as [string, string][])
      : ([
          ['Location', slot.location?.name ?? NOT_SUPPLIED],
          ['Address of the appointment', address ?? NOT_SUPPLIED],
        ] as [string, string][])),
    ['Practitioner', formatPractitioner(slot) ?? NOT_SUPPLIED],
    ['Provided by', slot.organisation ?? NOT_SUPPLIED],
    ['Assessment timeframe', slot.outsideTimeframe ? afterDeadlineText(slot, deadline) : 'Inside the timeframe'],
  ];
  return (
    <dl className="nhsuk-summary-list app-compact-list" data-testid="slot-details">
      {rows.map(([k, v]) => (
        <div className="nhsuk-summary-list__row" key={k}>
          <dt className="nhsuk-summary-list__key">{k}</dt>
          <dd className="nhsuk-summary-list__value">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
