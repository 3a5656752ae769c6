import type { ReportDefinition } from './definition';
import { BOOKING_REPORTS } from './reports-booking';
import { OUTCOME_REPORTS } from './reports-outcome';

/** rep-cons-01…12, in order. */
export const REPORTS: readonly ReportDefinition[] = [...BOOKING_REPORTS, ...OUTCOME_REPORTS];
