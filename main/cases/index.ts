export { CaseStore, StoredBooking, StoredCase, type BookingQuery, type CaseSummaryRow, type StoredRequest } from './store';
