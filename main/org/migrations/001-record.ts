import type { OrgMigration } from './types';

/**
 * The organisation record. Every table leads its key with `org` (the ODS code), so it can be
 * distributed by organisation (Citus `create_distributed_table(…, 'org')`) with every key,
 * upsert and join staying on one shard. The audit trail is partitioned by month; each
 * SQLite file's chain is kept whole under its `chain_id`, in `seq` order.
 */
export const orgMigration001: OrgMigration = {
  version: 1,
  name: 'record',
  up: `
    CREATE TABLE desks (
      org text NOT NULL,
      chain_id text NOT NULL,
      workstation text NOT NULL,
      last_outbox_seq bigint NOT NULL DEFAULT 0,
      first_pushed_at timestamptz NOT NULL DEFAULT now(),
      last_pushed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org, chain_id)
    );

    CREATE TABLE audit_events (
      org text NOT NULL,
      chain_id text NOT NULL,
      seq bigint NOT NULL,
      id uuid NOT NULL,
      at timestamptz NOT NULL,
      at_text text NOT NULL,
      user_id text NOT NULL,
      workstation text NOT NULL,
      case_id text,
      type text NOT NULL,
      dos_service_id text,
      asid text,
      request_id text,
      correlation_id text,
      http_status integer,
      outcome text,
      detail jsonb NOT NULL,
      detail_text text NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org, chain_id, seq, at)
    ) PARTITION BY RANGE (at);
    CREATE TABLE audit_events_default PARTITION OF audit_events DEFAULT;
    CREATE INDEX audit_events_report ON audit_events (org, type, outcome, at) INCLUDE (dos_service_id, case_id, workstation);
    CREATE INDEX audit_events_case ON audit_events (org, case_id, type);

    CREATE TABLE cases (
      org text NOT NULL,
      id text NOT NULL,
      workstation text NOT NULL,
      user_id text NOT NULL,
      chain_id text NOT NULL,
      started_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      status text NOT NULL,
      family_upper text NOT NULL,
      given text NOT NULL,
      birth_date date NOT NULL,
      nhs_number text,
      phones text[] NOT NULL DEFAULT '{}',
      practice_ods text,
      practice_name text,
      doc jsonb NOT NULL,
      PRIMARY KEY (org, id)
    );
    CREATE INDEX cases_nhs ON cases (org, nhs_number) WHERE nhs_number IS NOT NULL;
    CREATE INDEX cases_name_dob ON cases (org, birth_date, family_upper text_pattern_ops);
    CREATE INDEX cases_phones ON cases USING gin (phones);

    CREATE TABLE bookings (
      org text NOT NULL,
      id text NOT NULL,
      case_id text NOT NULL,
      workstation text NOT NULL,
      user_id text NOT NULL,
      status text NOT NULL,
      service_id text NOT NULL,
      service_name text NOT NULL,
      appointment_id text,
      slot_start timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by_workstation text NOT NULL,
      updated_by_user text NOT NULL,
      doc jsonb NOT NULL,
      PRIMARY KEY (org, id)
    );
    CREATE INDEX bookings_case ON bookings (org, case_id);
    CREATE INDEX bookings_appointment ON bookings (org, appointment_id) WHERE appointment_id IS NOT NULL;

    CREATE TABLE booking_history (
      org text NOT NULL,
      chain_id text NOT NULL,
      outbox_seq bigint NOT NULL,
      booking_id text NOT NULL,
      status text NOT NULL,
      workstation text NOT NULL,
      user_id text NOT NULL,
      updated_at timestamptz NOT NULL,
      doc jsonb NOT NULL,
      PRIMARY KEY (org, chain_id, outbox_seq)
    );
    CREATE INDEX booking_history_booking ON booking_history (org, booking_id, updated_at);

    CREATE TABLE referrals (
      org text NOT NULL,
      id text NOT NULL,
      case_id text NOT NULL,
      workstation text NOT NULL,
      user_id text NOT NULL,
      service_id text NOT NULL,
      status text NOT NULL,
      document_id text NOT NULL,
      booking_id text,
      appointment_url text,
      endpoint text,
      xml text NOT NULL,
      attempts integer NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      sent_at timestamptz,
      last_error text,
      PRIMARY KEY (org, id)
    );
    CREATE INDEX referrals_case ON referrals (org, case_id);

    -- Nobody edits or removes an audit row, whatever grants they hold (a superuser can still
    -- disable the trigger: central verification is what catches that).
    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
  `,
};
