import type { CaseDraft } from '../../preload/contract';
import type { Clock } from './clock';

/**
 * A new-case form left unfinished this long belongs to a call that is over: it is let go rather
 * than offered to the next call, where the previous caller's details could be taken for the new
 * one's.
 */
export const NEW_CASE_DRAFT_KEEP_MINUTES = 30;

/**
 * The new-case form a user has not submitted yet, and the notes they are writing on a case but
 * have not saved, held in main's memory for that user.
 *
 * Why here and not in the browser or the database: it survives a reload of the renderer and
 * navigation between screens (main outlives both), it never puts patient identifiers into the
 * browser's storage on a shared desktop, and it goes when the app closes, so an abandoned call
 * does not leave a patient record with no case behind it. A crash loses the draft, never a
 * case or a booking: those are written to SQLite when the case starts.
 */
export class DraftStore {
  private readonly drafts = new Map<string, CaseDraft>();

  constructor(
    private readonly clock: Clock,
    private readonly keepNewCaseMs = NEW_CASE_DRAFT_KEEP_MINUTES * 60_000,
  ) {}

  save(userId: string, form: string, caseId?: string): { savedAt: string } {
    const key = draftKey(userId, caseId);
    const savedAt = this.clock().toISOString();
    const startedAt = this.current(key)?.startedAt ?? savedAt;
    this.drafts.set(key, { form, savedAt, startedAt });
    return { savedAt };
  }

  load(userId: string, caseId?: string): { draft?: CaseDraft } {
    const draft = this.current(draftKey(userId, caseId));
    return draft !== undefined ? { draft } : {};
  }

  discard(userId: string, caseId?: string): Record<string, never> {
    this.drafts.delete(draftKey(userId, caseId));
    return {};
  }

  /** The draft under `key`, unless it is a new-case form not touched for longer than a call lasts (then it is let go). */
  private current(key: string): CaseDraft | undefined {
    const draft = this.drafts.get(key);
    if (draft === undefined || !key.startsWith('form:')) return draft;
    if (this.clock().getTime() - Date.parse(draft.savedAt) <= this.keepNewCaseMs) return draft;
    this.drafts.delete(key);
    return undefined;
  }
}

/** One new-case form per user, and one notes draft per user and case. */
function draftKey(userId: string, caseId: string | undefined): string {
  return caseId === undefined ? `form:${userId}` : `notes:${userId}:${caseId}`;
}
