import type { Migration } from './types';

/**
 * BaRS (issue 13): each booking message as first sent, by the receiver's Appointment id, so a
 * cancellation after a restart can reuse the original fullUrls (receivers match entries by them).
 */
export const migration012: Migration = {
  version: 12,
  name: 'bars-sent-messages',
  up: `
    CREATE TABLE bars_sent_messages (
      appointment_id TEXT PRIMARY KEY,
      dos_service_id TEXT NOT NULL,
      body TEXT NOT NULL,
      sent_at TEXT NOT NULL
    );
  `,
};
