export { CaseStore, StoredCase, type BookingQuery, type CaseSummaryRow } from './store';
