import type { OrgMigration } from './types';

/**
 * Each desk's uploaded audit head: the highest chain seq the organisation record has accepted from
 * that chain. Central verify compares it with the rows it finds, so rows deleted from the end of a
 * chain (or a whole chain) show as missing; without it a chain cut short looks whole. A push only
 * ever raises it (greatest), and a trigger refuses to lower it, so deleting the tail of a chain
 * means also defeating that trigger, which is the evidence verify keeps.
 */
export const orgMigration007: OrgMigration = {
  version: 7,
  name: 'chain-heads',
  up: `
    ALTER TABLE desks ADD COLUMN audit_head bigint NOT NULL DEFAULT 0;
    UPDATE desks d SET audit_head = coalesce((SELECT max(a.seq) FROM audit_events a WHERE a.org = d.org AND a.chain_id = d.chain_id), 0);
    CREATE FUNCTION desks_audit_head_never_lowered() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.audit_head < OLD.audit_head THEN
        RAISE EXCEPTION 'the uploaded audit head of a chain is never lowered (chain %, % -> %)', OLD.chain_id, OLD.audit_head, NEW.audit_head;
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER desks_audit_head_never_lowered BEFORE UPDATE OF audit_head ON desks
      FOR EACH ROW EXECUTE FUNCTION desks_audit_head_never_lowered();
  `,
};
