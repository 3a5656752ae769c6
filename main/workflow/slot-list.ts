import { parseInstant, type SlotRow } from '../../preload/contract';
import type { SlotRowBase } from '../fhir';

/**
 * The list a clinician chooses from: earliest first by the moment each slot starts (never by its
 * text, which sorts +01:00 and Z times wrongly), each marked inside or after the deadline.
 */
export function offerList(rows: readonly SlotRowBase[], deadline: Date): SlotRow[] {
  return rows
    .map((row) => ({
      row: { ...row, outsideTimeframe: startMs(row) > deadline.getTime() },
      at: startMs(row),
    }))
    .sort((a, b) => a.at - b.at)
    .map(({ row }) => row);
}

function startMs(row: SlotRowBase): number {
  const start = parseInstant(row.start);
  // bundleToRows only makes rows from readable instants; a row that is not is put last, never first.
  return start.ok ? start.value.epochMs : Number.POSITIVE_INFINITY;
}
