import type { CaseDraft } from '../../preload/contract';
import type { Clock } from './clock';

/**
 * The new-case form a user has not submitted yet, held in main's memory for that user.
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

  save(userId: string, form: string): { savedAt: string } {
    const savedAt = this.clock().toISOString();
    this.drafts.set(userId, { form, savedAt });
    return { savedAt };
  }

  load(userId: string): { draft?: CaseDraft } {
    const draft = this.drafts.get(userId);
    return draft !== undefined ? { draft } : {};
  }

  discard(userId: string): Record<string, never> {
    this.drafts.delete(userId);
    return {};
  }
}
