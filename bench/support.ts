import { randomUUID } from 'node:crypto';

/** Percentile of a sorted-on-demand sample, in the sample's unit. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function fmt(n: number, digits = 1): string {
  return n.toFixed(digits);
}

/** A realistic Provider exchange's audit event (a slot search's outcome). */
export function slotSearchEvent(i: number, caseId = '7b1e4c1a-7f2e-4a43-9d0e-1c2b3a4d5e6f') {
  return {
    type: 'slots.search.outcome',
    caseId,
    dosServiceId: '2000012345',
    asid: '918999198001',
    requestId: randomUUID(),
    httpStatus: 200,
    outcome: 'ok',
    detail: { slotsReturned: i % 50, insideTimeframe: i % 7, outsideTimeframe: i % 13 },
  };
}
