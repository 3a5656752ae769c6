import type { Migration } from './types';

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
/** Queue only while an organisation record is configured, and not while importing another desk's rows. */
export const QUEUING = '(SELECT queuing FROM org_desk WHERE id = 1) = 1';
const DESK = '(SELECT workstation FROM org_desk WHERE id = 1)';
const USER = '(SELECT user_id FROM org_desk WHERE id = 1)';

/** The audit row as the chain hashed it; detail stays the exact text that was hashed. */
export const auditPayload = `json_object('seq', NEW.seq, 'id', NEW.id, 'at', NEW.at, 'user_id', NEW.user_id, 'workstation', NEW.workstation,
  'case_id', NEW.case_id, 'type', NEW.type, 'dos_service_id', NEW.dos_service_id, 'asid', NEW.asid, 'request_id', NEW.request_id,
  'correlation_id', NEW.correlation_id, 'http_status', NEW.http_status, 'outcome', NEW.outcome, 'detail', NEW.detail,
  'prev_hash', NEW.prev_hash, 'hash', NEW.hash)`;
export const casePayload = `json_object('id', NEW.id, 'started_at', NEW.started_at, 'updated_at', NEW.updated_at, 'status', NEW.status,
  'family_upper', NEW.family_upper, 'birth_date', NEW.birth_date, 'nhs_number', NEW.nhs_number, 'practice_ods', NEW.practice_ods,
  'doc', json(NEW.doc))`;
export const bookingPayload = `json_object('id', NEW.id, 'case_id', NEW.case_id, 'status', NEW.status, 'slot_start', NEW.slot_start,
  'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'doc', json(NEW.doc))`;
export const referralPayload = `json_object('id', NEW.id, 'case_id', NEW.case_id, 'service_id', NEW.service_id, 'status', NEW.status,
  'document_id', NEW.document_id, 'booking_id', NEW.booking_id, 'appointment_url', NEW.appointment_url, 'endpoint', NEW.endpoint,
  'xml', NEW.xml, 'attempts', NEW.attempts, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'sent_at', NEW.sent_at,
  'last_error', NEW.last_error)`;

export function queueOn(table: string, kind: string, payload: string, event: 'INSERT' | 'UPDATE', when: string = QUEUING): string {
  return `CREATE TRIGGER org_outbox_${table}_${event.toLowerCase()} AFTER ${event} ON ${table} WHEN ${when}
    BEGIN
      INSERT INTO org_outbox (kind, row_id, queued_at, workstation, user_id, payload)
      VALUES ('${kind}', NEW.id, ${NOW}, ${DESK}, ${USER}, ${payload});
    END;`;
}

/**
 * The organisation record's outbox. Triggers queue every audit event, case, booking and
 * referral change inside the same SQLite transaction as the local write, so a change is either
 * both kept and queued or neither; the pusher deletes rows only after PostgreSQL committed them.
 * `org_desk.chain_id` names this file's audit chain centrally, so a re-imaged desk that starts
 * again at seq 1 never collides with the chain it had before.
 */
export const migration010: Migration = {
  version: 10,
  name: 'org-outbox',
  up: `
    CREATE TABLE org_desk (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      chain_id TEXT NOT NULL,
      workstation TEXT NOT NULL DEFAULT '',
      user_id TEXT NOT NULL DEFAULT '',
      queuing INTEGER NOT NULL DEFAULT 0 CHECK (queuing IN (0, 1)),
      enabled_at TEXT
    );
    INSERT INTO org_desk (id, chain_id) VALUES (1, lower(hex(randomblob(16))));
    CREATE TABLE org_outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL CHECK (kind IN ('audit', 'case', 'booking', 'referral')),
      row_id TEXT NOT NULL,
      queued_at TEXT NOT NULL,
      workstation TEXT NOT NULL,
      user_id TEXT NOT NULL,
      payload TEXT NOT NULL
    );
    CREATE TRIGGER org_outbox_audit_events_insert AFTER INSERT ON audit_events WHEN ${QUEUING}
      BEGIN
        INSERT INTO org_outbox (kind, row_id, queued_at, workstation, user_id, payload)
        VALUES ('audit', NEW.id, ${NOW}, NEW.workstation, NEW.user_id, ${auditPayload});
      END;
    ${queueOn('cases', 'case', casePayload, 'INSERT')}
    ${queueOn('cases', 'case', casePayload, 'UPDATE')}
    ${queueOn('bookings', 'booking', bookingPayload, 'INSERT')}
    ${queueOn('bookings', 'booking', bookingPayload, 'UPDATE')}
    ${queueOn('referrals', 'referral', referralPayload, 'INSERT')}
    ${queueOn('referrals', 'referral', referralPayload, 'UPDATE')}
  `,
};
