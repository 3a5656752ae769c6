export { CaseStore, StoredBooking, StoredCase, type CaseSummaryRow, type StoredRequest } from './store';
