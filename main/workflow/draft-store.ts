import type { CaseDraft } from '../../preload/contract';
import type { Clock } from './clock';

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

  constructor(private readonly clock: Clock) {}

  save(userId: string, form: string, caseId?: string): { savedAt: string } {
    const savedAt = this.clock().toISOString();
    this.drafts.set(draftKey(userId, caseId), { form, savedAt });
    return { savedAt };
  }

  load(userId: string, caseId?: string): { draft?: CaseDraft } {
    const draft = this.drafts.get(draftKey(userId, caseId));
    return draft !== undefined ? { draft } : {};
  }

  discard(userId: string, caseId?: string): Record<string, never> {
    this.drafts.delete(draftKey(userId, caseId));
    return {};
  }
}

/** One new-case form per user, and one notes draft per user and case. */
function draftKey(userId: string, caseId: string | undefined): string {
  return caseId === undefined ? `form:${userId}` : `notes:${userId}:${caseId}`;
}
