import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { ConfigProblem } from '../../preload/contract';
import { problemsFrom } from './problems';
import { unreadableFileReason } from './file-checks';

/** The logged-on user, as the JWT's requesting_practitioner must describe them (never a generic system user). */
export const UserProfileFile = z
  .object({
    displayName: z.string().min(1).max(100).optional(),
    title: z.string().max(20).optional(),
    /** SDS user id from the smartcard; UNK without one. */
    sdsUserId: z.string().regex(/^(\d{6,12}|UNK)$/, 'must be the SDS user id (digits) or UNK').default('UNK'),
    sdsRoleProfileId: z.string().regex(/^(\d{6,15}|UNK)$/, 'must be the SDS role profile id (digits) or UNK').default('UNK'),
    /** Is this user a clinician who may approve booking outside the timeframe? */
    clinician: z.boolean().default(false),
    role: z.string().max(100).optional(),
  })
  .strict();

export interface UserProfile {
  displayName: string;
  title?: string;
  sdsUserId: string;
  sdsRoleProfileId: string;
  localUserId: string;
  clinician: boolean;
  role?: string;
  /** The national RBAC job role code (e.g. R8000) of the role selected at CIS2 sign-in; never typed. */
  roleCode?: string;
  /** The profile file names nobody yet: the app asks for a name and role on this first run. */
  firstRun?: boolean;
}

export type LoadedProfile = { ok: true; profile: UserProfile } | { ok: false; problems: ConfigProblem[] };

export function profilePath(dataDir: string): string {
  return join(dataDir, 'profile.json');
}

/** Reads the per-user profile; the local user id always comes from the OS login. */
export function loadProfile(dataDir: string, osUser: string = safeOsUser()): LoadedProfile {
  let raw: unknown = {};
  const reason = unreadableFileReason(profilePath(dataDir), { what: 'a user profile' });
  if (reason !== undefined && !reason.endsWith('does not exist')) {
    return { ok: false, problems: [{ field: 'profile.json', message: `cannot be read: ${reason}` }] };
  }
  try {
    raw = JSON.parse(readFileSync(profilePath(dataDir), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      return { ok: false, problems: [{ field: 'profile.json', message: `cannot be read: ${(error as Error).message}` }] };
    }
  }
  const parsed = UserProfileFile.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, problems: problemsFrom(parsed.error).map((p) => ({ ...p, field: `profile.${p.field}` })) };
  }
  const p = parsed.data;
  return {
    ok: true,
    profile: {
      displayName: p.displayName ?? osUser,
      sdsUserId: p.sdsUserId,
      sdsRoleProfileId: p.sdsRoleProfileId,
      localUserId: osUser,
      clinician: p.clinician,
      ...(p.title !== undefined ? { title: p.title } : {}),
      ...(p.role !== undefined ? { role: p.role } : {}),
      ...(p.displayName === undefined ? { firstRun: true } : {}),
    },
  };
}

/**
 * Writes the user's name, title and role into their profile.json, keeping every other field
 * (the SDS ids and the clinician flag are set by IT, never here). Written to a temporary file
 * and renamed, so a crash never leaves half a profile.
 */
export function saveProfileFile(dataDir: string, patch: { displayName: string; title?: string; role: string }): void {
  let raw: Record<string, unknown> = {};
  try {
    raw = JSON.parse(readFileSync(profilePath(dataDir), 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const next: Record<string, unknown> = { ...raw, displayName: patch.displayName, role: patch.role };
  if (patch.title !== undefined && patch.title !== '') next.title = patch.title;
  else delete next.title;
  const checked = UserProfileFile.parse(next);
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${profilePath(dataDir)}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ ...next, ...checked }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, profilePath(dataDir));
}

function safeOsUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
