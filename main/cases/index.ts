export { CaseStore, PlannedBooking, StoredBooking, StoredCase, StoredRebook, type CaseSummaryRow, type StoredRequest } from './store';
