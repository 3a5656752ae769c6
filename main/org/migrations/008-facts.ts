import type { OrgMigration } from './types';
import { FACT_GENESIS_HASH } from '../fact-chain';

// As in 004: uncorrelated subqueries, run once per statement.
const LOGIN_DESKS = 'SELECT l.org, l.workstation FROM desk_logins l WHERE l.login = current_user';
const LOGIN_CHAINS = 'SELECT d.org, d.chain_id FROM desks d JOIN desk_logins l ON l.org = d.org AND l.workstation = d.workstation WHERE l.login = current_user';
const ownDesk = `(org, workstation) IN (${LOGIN_DESKS})`;
const ownChain = `(org, chain_id) IN (${LOGIN_CHAINS})`;

/** One field of a fact's hashed text: its length in bytes then its text, or `~` for null (main/org/fact-chain.ts does the same). */
const field = (v: string): string => `CASE WHEN ${v} IS NULL THEN '~' ELSE octet_length(${v})::text || ':' || ${v} END`;

/**
 * The organisation record as append-only facts with derived state.
 *
 * Before this, a desk login upserted shared case, booking and referral rows, and migration 004's
 * update policy checked only the `updated_by_workstation` it wrote itself: desk B could rewrite all
 * of desk A's rows (owner, patient, status) and nothing central noticed. Now:
 * - a desk only INSERTs: its chain's registration (`desks`), its audit events, and `record_facts`,
 *   one per local change of a case, booking or referral, always as itself (row-level security on
 *   its login's workstations and chains); a cancel of another desk's booking is B's fact about it;
 * - each fact is chained per desk chain by the server (`bw_chain_fact`, seq, prev_hash, sha256),
 *   and the chain's head kept in `desks.fact_head`, so central verify finds an edited, removed or
 *   cut-off fact and names the desk;
 * - `cases`, `bookings`, `booking_history`, `referrals` become derived state, kept by a SECURITY
 *   DEFINER trigger from the facts: no desk login may write them, and their owner never changes;
 * - `desks`' upload marks (`audit_head`, `last_pushed_at`) are raised by triggers, not by desks;
 * - no desk login holds UPDATE, DELETE or TRUNCATE on anything.
 * Rows already in the record become facts of a chain per workstation named `migrated-008:<desk>`
 * (each row's current state, attributed to the desk that last wrote it); booking history stays.
 */
export const orgMigration008: OrgMigration = {
  version: 8,
  name: 'facts',
  up: `
    ALTER TABLE desks ADD COLUMN fact_head bigint NOT NULL DEFAULT 0;
    ALTER TABLE desks ADD COLUMN fact_hash text NOT NULL DEFAULT '${FACT_GENESIS_HASH}';

    CREATE TABLE record_facts (
      org text NOT NULL,
      chain_id text NOT NULL,
      seq bigint NOT NULL,
      outbox_seq bigint,
      kind text NOT NULL CHECK (kind IN ('case', 'booking', 'referral')),
      row_id text NOT NULL,
      workstation text NOT NULL,
      user_id text NOT NULL,
      body_text text NOT NULL,
      body jsonb NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org, chain_id, seq),
      UNIQUE (org, chain_id, outbox_seq)
    );
    CREATE INDEX record_facts_row ON record_facts (org, kind, row_id);

    CREATE FUNCTION bw_fact_hash(prev_hash text, org text, chain_id text, seq bigint, outbox_seq bigint, kind text, row_id text,
      workstation text, user_id text, body_text text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT encode(sha256(convert_to(concat_ws('|', ${[
        'prev_hash', 'org', 'chain_id', 'seq::text', 'outbox_seq::text', 'kind', 'row_id', 'workstation', 'user_id', 'body_text',
      ]
        .map(field)
        .join(', ')}), 'UTF8')), 'hex')
    $$;

    -- The server, not the desk, numbers and chains each fact: a desk cannot fork or rewrite its chain.
    CREATE FUNCTION bw_chain_fact() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE head record;
    BEGIN
      SELECT fact_head, fact_hash INTO head FROM desks WHERE org = NEW.org AND chain_id = NEW.chain_id FOR UPDATE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'chain % is not registered in desks', NEW.chain_id USING ERRCODE = 'foreign_key_violation';
      END IF;
      -- The same change pushed again (an answer lost after commit): already a fact.
      IF NEW.outbox_seq IS NOT NULL AND EXISTS (SELECT 1 FROM record_facts f
          WHERE f.org = NEW.org AND f.chain_id = NEW.chain_id AND f.outbox_seq = NEW.outbox_seq) THEN
        RETURN NULL;
      END IF;
      NEW.body := NEW.body_text::jsonb;
      IF jsonb_typeof(NEW.body) <> 'object' OR NEW.body->>'id' IS DISTINCT FROM NEW.row_id THEN
        RAISE EXCEPTION 'a fact''s body must be a JSON object whose id is its row_id' USING ERRCODE = 'check_violation';
      END IF;
      NEW.seq := head.fact_head + 1;
      NEW.prev_hash := head.fact_hash;
      NEW.received_at := now();
      NEW.hash := bw_fact_hash(NEW.prev_hash, NEW.org, NEW.chain_id, NEW.seq, NEW.outbox_seq, NEW.kind, NEW.row_id,
        NEW.workstation, NEW.user_id, NEW.body_text);
      -- last_outbox_seq now marks the desk's newest fact (audit rows are kept whole by their own key).
      UPDATE desks SET fact_head = NEW.seq, fact_hash = NEW.hash, last_pushed_at = now(),
        last_outbox_seq = greatest(last_outbox_seq, coalesce(NEW.outbox_seq, 0))
        WHERE org = NEW.org AND chain_id = NEW.chain_id;
      RETURN NEW;
    END $$;
    CREATE TRIGGER record_facts_chain BEFORE INSERT ON record_facts FOR EACH ROW EXECUTE FUNCTION bw_chain_fact();

    CREATE FUNCTION bw_facts_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'organisation record facts are append-only' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER record_facts_no_update BEFORE UPDATE OR DELETE ON record_facts FOR EACH ROW EXECUTE FUNCTION bw_facts_append_only();
    CREATE TRIGGER record_facts_no_truncate BEFORE TRUNCATE ON record_facts FOR EACH STATEMENT EXECUTE FUNCTION bw_facts_append_only();

    CREATE FUNCTION desks_fact_head_never_lowered() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.fact_head < OLD.fact_head THEN
        RAISE EXCEPTION 'the fact head of a chain is never lowered (chain %, % -> %)', OLD.chain_id, OLD.fact_head, NEW.fact_head;
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER desks_fact_head_never_lowered BEFORE UPDATE OF fact_head ON desks
      FOR EACH ROW EXECUTE FUNCTION desks_fact_head_never_lowered();

    -- Existing rows become facts: each row's current state, by the desk that last wrote it, in time order.
    INSERT INTO desks (org, chain_id, workstation)
      SELECT DISTINCT org, 'migrated-008:' || updated_by_workstation, updated_by_workstation FROM (
        SELECT org, updated_by_workstation FROM cases UNION SELECT org, updated_by_workstation FROM bookings
        UNION SELECT org, updated_by_workstation FROM referrals) w
      ON CONFLICT DO NOTHING;
    INSERT INTO record_facts (org, chain_id, kind, row_id, workstation, user_id, body_text)
      SELECT org, 'migrated-008:' || by_desk, kind, id, by_desk, by_user, body FROM (
        SELECT org, 'case' AS kind, id, updated_by_workstation AS by_desk, user_id AS by_user, updated_at, (to_jsonb(c) - 'org')::text AS body FROM cases c
        UNION ALL
        SELECT org, 'booking', id, updated_by_workstation, updated_by_user, updated_at, (to_jsonb(b) - 'org')::text FROM bookings b
        UNION ALL
        SELECT org, 'referral', id, updated_by_workstation, user_id, updated_at, (to_jsonb(r) - 'org')::text FROM referrals r
      ) existing
      ORDER BY updated_at, kind, id;

    -- Derived state: the newest version of each row wins (as the upserts before did); the desk and
    -- user that first wrote a row stay its owner; the acting desk is the fact's, never the body's.
    CREATE FUNCTION bw_apply_fact() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      who constant jsonb := jsonb_build_object('org', NEW.org, 'workstation', NEW.workstation, 'user_id', NEW.user_id,
        'chain_id', NEW.chain_id, 'updated_by_workstation', NEW.workstation, 'updated_by_user', NEW.user_id);
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
          practice_name = excluded.practice_name, doc = excluded.doc, updated_by_workstation = excluded.updated_by_workstation
        WHERE cases.updated_at <= excluded.updated_at;
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
          updated_by_user = excluded.updated_by_user, doc = excluded.doc
        WHERE bookings.updated_at <= excluded.updated_at;
      ELSE
        r := jsonb_populate_record(NULL::referrals, NEW.body || who);
        INSERT INTO referrals SELECT (r).*
        ON CONFLICT (org, id) DO UPDATE SET status = excluded.status, booking_id = excluded.booking_id,
          appointment_url = excluded.appointment_url, endpoint = excluded.endpoint, xml = excluded.xml, attempts = excluded.attempts,
          updated_at = excluded.updated_at, sent_at = excluded.sent_at, last_error = excluded.last_error,
          updated_by_workstation = excluded.updated_by_workstation
        WHERE referrals.updated_at <= excluded.updated_at;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER record_facts_apply AFTER INSERT ON record_facts FOR EACH ROW EXECUTE FUNCTION bw_apply_fact();

    -- A desk no longer updates its desks row: its uploaded audit head rises with the rows it inserts.
    CREATE FUNCTION bw_raise_audit_heads() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      UPDATE desks d SET audit_head = greatest(d.audit_head, a.head), last_pushed_at = now()
        FROM (SELECT org, chain_id, max(seq) AS head FROM added GROUP BY org, chain_id) a
       WHERE d.org = a.org AND d.chain_id = a.chain_id;
      RETURN NULL;
    END $$;
    CREATE TRIGGER audit_events_raise_heads AFTER INSERT ON audit_events REFERENCING NEW TABLE AS added
      FOR EACH STATEMENT EXECUTE FUNCTION bw_raise_audit_heads();

    -- A desk's site (settings org.site, for reports grouped by site) is a fact of its own too; desks.site follows the newest.
    CREATE TABLE desk_sites (
      org text NOT NULL,
      chain_id text NOT NULL,
      workstation text NOT NULL,
      site text,
      noted_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX desk_sites_chain ON desk_sites (org, chain_id, noted_at);
    CREATE FUNCTION bw_note_desk_site() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      UPDATE desks SET site = NEW.site WHERE org = NEW.org AND chain_id = NEW.chain_id AND site IS DISTINCT FROM NEW.site;
      RETURN NULL;
    END $$;
    CREATE TRIGGER desk_sites_note AFTER INSERT ON desk_sites FOR EACH ROW EXECUTE FUNCTION bw_note_desk_site();
    CREATE TRIGGER desk_sites_no_update BEFORE UPDATE OR DELETE ON desk_sites FOR EACH ROW EXECUTE FUNCTION bw_facts_append_only();
    CREATE TRIGGER desk_sites_no_truncate BEFORE TRUNCATE ON desk_sites FOR EACH STATEMENT EXECUTE FUNCTION bw_facts_append_only();
    ALTER TABLE desk_sites ENABLE ROW LEVEL SECURITY;
    CREATE POLICY desk_sites_own ON desk_sites FOR INSERT TO bw_workstation WITH CHECK (${ownDesk} AND ${ownChain});
    CREATE POLICY desk_sites_read_all ON desk_sites FOR SELECT TO bw_reporting, bw_admin USING (true);

    -- Only INSERT for desks, and only as themselves.
    DROP POLICY desks_own ON desks;
    CREATE POLICY desks_register ON desks FOR INSERT TO bw_workstation WITH CHECK (${ownDesk});
    CREATE POLICY desks_own_read ON desks FOR SELECT TO bw_workstation USING (${ownDesk});
    DROP POLICY booking_history_own ON booking_history;
    DROP POLICY cases_own ON cases;
    DROP POLICY cases_update_as_self ON cases;
    DROP POLICY bookings_own ON bookings;
    DROP POLICY bookings_update_as_self ON bookings;
    DROP POLICY referrals_own ON referrals;
    DROP POLICY referrals_update_as_self ON referrals;
    ALTER TABLE record_facts ENABLE ROW LEVEL SECURITY;
    CREATE POLICY record_facts_own ON record_facts FOR INSERT TO bw_workstation WITH CHECK (${ownDesk} AND ${ownChain});
    CREATE POLICY record_facts_read_all ON record_facts FOR SELECT TO bw_reporting, bw_admin USING (true);

    -- Named tables, not ALL TABLES: audit partitions and 005's table may belong to the superuser that
    -- first migrated, and bw_admin (running this) may not touch their grants; desks never held any on them.
    REVOKE ALL ON desk_logins, desks, audit_events, cases, bookings, booking_history, referrals FROM bw_workstation;
    GRANT SELECT ON desk_logins, desks, cases, bookings, booking_history, referrals TO bw_workstation;
    GRANT INSERT (org, chain_id, workstation) ON desks TO bw_workstation;
    GRANT INSERT ON audit_events TO bw_workstation;
    GRANT INSERT (org, chain_id, outbox_seq, kind, row_id, workstation, user_id, body_text) ON record_facts TO bw_workstation;
    GRANT INSERT (org, chain_id, workstation, site) ON desk_sites TO bw_workstation;
    GRANT SELECT ON record_facts, desk_sites TO bw_reporting, bw_admin;

    ALTER TABLE record_facts OWNER TO bw_admin;
    ALTER TABLE desk_sites OWNER TO bw_admin;
    ALTER FUNCTION bw_note_desk_site() OWNER TO bw_admin;
    ALTER FUNCTION bw_fact_hash(text, text, text, bigint, bigint, text, text, text, text, text) OWNER TO bw_admin;
    ALTER FUNCTION bw_chain_fact() OWNER TO bw_admin;
    ALTER FUNCTION bw_apply_fact() OWNER TO bw_admin;
    ALTER FUNCTION bw_raise_audit_heads() OWNER TO bw_admin;
    ALTER FUNCTION bw_facts_append_only() OWNER TO bw_admin;
    ALTER FUNCTION desks_fact_head_never_lowered() OWNER TO bw_admin;
    REVOKE EXECUTE ON FUNCTION bw_chain_fact(), bw_apply_fact(), bw_raise_audit_heads(), bw_note_desk_site() FROM PUBLIC;
    -- Owning the facts would let bw_admin edit them; the append-only triggers still refuse it.
    REVOKE UPDATE, DELETE, TRUNCATE ON record_facts, desk_sites FROM bw_admin;
  `,
};
