import type { Db } from '../db/database';
import type { Cis2Identity } from './claims';
import { roleLabel } from './roles';

/** A person as their CIS2 session named them: what Find and the reports by user show for a CIS2 user id. */
export interface SeenUser {
  userId: string;
  /** Title and name, e.g. "Dr Asha Patel". */
  name: string;
  /** The role they signed in with, in CIS2's words. */
  role?: string;
}

/** The name, title and selected role a CIS2 session gives; never typed text. */
export function seenUserOf(identity: Cis2Identity): SeenUser {
  const name = [identity.title, identity.displayName].filter((s) => s !== undefined && s !== '').join(' ');
  const role = roleLabel(identity.selectedRole);
  return { userId: identity.uid, name, ...(role !== undefined ? { role } : {}) };
}

/**
 * The users this desk has seen sign in (migration 015), newest name and role per CIS2 user id.
 * The audit trail keeps ids only; this maps them to people for Find, reports and the upload.
 */
export class UsersSeen {
  constructor(private readonly db: Db) {}

  /** Called at each sign-in and role change. */
  note(user: SeenUser, at: Date): void {
    this.db
      .prepare(
        `INSERT INTO users_seen (user_id, name, role, seen_at) VALUES (@userId, @name, @role, @at)
         ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, role = excluded.role, seen_at = excluded.seen_at`,
      )
      .run({ userId: user.userId, name: user.name, role: user.role ?? null, at: at.toISOString() });
  }

  /** Every user seen, by CIS2 user id. */
  all(): ReadonlyMap<string, SeenUser> {
    const rows = this.db.prepare('SELECT user_id, name, role FROM users_seen').all() as { user_id: string; name: string; role: string | null }[];
    return new Map(rows.map((r) => [r.user_id, { userId: r.user_id, name: r.name, ...(r.role !== null ? { role: r.role } : {}) }]));
  }
}
