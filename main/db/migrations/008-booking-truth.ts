import type { Migration } from './types';

/**
 * Booking truth (issue 9): the exact bytes of every write under its X-Request-ID (so a retry after
 * a restart is the same request), rebooks as their own rows, and the reconciler's schedule.
 */
export const migration008: Migration = {
  version: 8,
  name: 'booking-truth',
  up: `
    CREATE TABLE booking_requests (
      request_id TEXT PRIMARY KEY,
      booking_id TEXT NOT NULL REFERENCES bookings (id),
      operation TEXT NOT NULL,
      method TEXT NOT NULL,
      path TEXT NOT NULL,
      body TEXT NOT NULL,
      headers TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX booking_requests_booking ON booking_requests (booking_id);
    CREATE TABLE rebooks (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases (id),
      created_at TEXT NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE INDEX rebooks_case ON rebooks (case_id, created_at);
    ALTER TABLE bookings ADD COLUMN next_check_at TEXT;
    ALTER TABLE bookings ADD COLUMN checks INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX bookings_next_check ON bookings (next_check_at) WHERE next_check_at IS NOT NULL;
  `,
};
