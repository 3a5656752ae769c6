import type { OrgMigration } from './types';

const DERIVED: readonly [kind: string, table: string][] = [
  ['case', 'cases'],
  ['booking', 'bookings'],
  ['referral', 'referrals'],
];

/** The newer of a derived row and a fact: higher revision, then the desk's later time; on a full tie the fact applied last. */
const newer = (table: string): string => `(${table}.revision, ${table}.updated_at) <= (excluded.revision, excluded.updated_at)`;

/**
 * Changes ordered by cause, not by desk clocks (the desk side is SQLite migration 016, which says why).
 *
 * Each fact from a desk at SQLite 016 or later carries a `revision` in its body: one above the
 * record's revision of the row that desk last copied. The server keeps the order it applied in
 * `record_facts.revision` (not hashed: it is the server's, as `seq` and `received_at` are):
 * - a desk's revision, capped at one above the row's current revision, so a desk that sends an
 *   absurd number (a bug, or on purpose) cannot pin a row against every later change;
 * - for a fact with none (a desk not yet upgraded, or the carried-over facts of 008), the row's
 *   current revision: such a change competes on desk time only, as every change did before.
 * The derived rows keep the revision they were applied at (0 for rows from before), and 008's apply
 * trigger now applies a fact when (revision, updated_at) is at least the row's, so the row is
 * always the greatest of its facts in that order: central verify re-derives it by sorting.
 */
export const orgMigration010: OrgMigration = {
  version: 10,
  name: 'causal-order',
  up: `
    ${DERIVED.map(([, table]) => `ALTER TABLE ${table} ADD COLUMN revision bigint NOT NULL DEFAULT 0;`).join('\n    ')}
    ALTER TABLE record_facts ADD COLUMN revision bigint;

    -- Runs after record_facts_chain (triggers fire in name order), and not for a fact already there.
    CREATE FUNCTION bw_fact_revision() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      current_revision bigint;
      sent text := NEW.body->>'revision';
    BEGIN
      ${DERIVED.map(([kind, table], i) => `${i === 0 ? 'IF' : 'ELSIF'} NEW.kind = '${kind}' THEN
        SELECT revision INTO current_revision FROM ${table} WHERE org = NEW.org AND id = NEW.row_id;`).join('\n      ')}
      END IF;
      current_revision := coalesce(current_revision, 0);
      IF sent IS NULL OR sent !~ '^[0-9]{1,18}$' THEN
        NEW.revision := current_revision;
      ELSE
        NEW.revision := least(sent::bigint, current_revision + 1);
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER record_facts_revision BEFORE INSERT ON record_facts FOR EACH ROW EXECUTE FUNCTION bw_fact_revision();

    CREATE OR REPLACE FUNCTION bw_apply_fact() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      who constant jsonb := jsonb_build_object('org', NEW.org, 'workstation', NEW.workstation, 'user_id', NEW.user_id,
        'chain_id', NEW.chain_id, 'updated_by_workstation', NEW.workstation, 'updated_by_user', NEW.user_id, 'revision', NEW.revision);
      c cases;
      b bookings;
      r referrals;
    BEGIN
      IF NEW.kind = 'case' THEN
        c := jsonb_populate_record(NULL::cases, NEW.body || who);
        c.phones := coalesce(c.phones, '{}');
        INSERT INTO cases SELECT (c).*
        ON CONFLICT (org, id) DO UPDATE SET updated_at = excluded.updated_at, status = excluded.status,
          family_upper = excluded.family_upper, given = excluded.given, birth_date = excluded.birth_date,
          nhs_number = excluded.nhs_number, phones = excluded.phones, practice_ods = excluded.practice_ods,
          practice_name = excluded.practice_name, doc = excluded.doc, updated_by_workstation = excluded.updated_by_workstation,
          revision = excluded.revision
        WHERE ${newer('cases')};
      ELSIF NEW.kind = 'booking' THEN
        b := jsonb_populate_record(NULL::bookings, NEW.body || who);
        IF NEW.outbox_seq IS NOT NULL THEN
          INSERT INTO booking_history (org, chain_id, outbox_seq, booking_id, status, workstation, user_id, updated_at, doc)
          VALUES (NEW.org, NEW.chain_id, NEW.outbox_seq, b.id, b.status, NEW.workstation, NEW.user_id, b.updated_at, b.doc)
          ON CONFLICT DO NOTHING;
        END IF;
        INSERT INTO bookings SELECT (b).*
        ON CONFLICT (org, id) DO UPDATE SET status = excluded.status, appointment_id = excluded.appointment_id,
          slot_start = excluded.slot_start, updated_at = excluded.updated_at, updated_by_workstation = excluded.updated_by_workstation,
          updated_by_user = excluded.updated_by_user, doc = excluded.doc, revision = excluded.revision
        WHERE ${newer('bookings')};
      ELSE
        r := jsonb_populate_record(NULL::referrals, NEW.body || who);
        INSERT INTO referrals SELECT (r).*
        ON CONFLICT (org, id) DO UPDATE SET status = excluded.status, booking_id = excluded.booking_id,
          appointment_url = excluded.appointment_url, endpoint = excluded.endpoint, xml = excluded.xml, attempts = excluded.attempts,
          updated_at = excluded.updated_at, sent_at = excluded.sent_at, last_error = excluded.last_error,
          updated_by_workstation = excluded.updated_by_workstation, revision = excluded.revision
        WHERE ${newer('referrals')};
      END IF;
      RETURN NULL;
    END $$;

    ALTER FUNCTION bw_fact_revision() OWNER TO bw_admin;
    REVOKE EXECUTE ON FUNCTION bw_fact_revision() FROM PUBLIC;
  `,
};
