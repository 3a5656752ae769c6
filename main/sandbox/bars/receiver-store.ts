/** What the sandbox's BaRS receivers hold: appointments, referrals and the requests already processed. */
import { createHash } from 'node:crypto';

export interface HeldResource {
  id: string;
  targetId: string;
  /** The fullUrl the sender gave it: cancellations must reuse it. */
  fullUrl: string;
  resource: Record<string, unknown>;
  slotId?: string;
  nhsNumber?: string;
}

/** Request ids remembered for duplicate detection: far more than any retry window needs. */
export const PROCESSED_HELD = 10_000;

export class ReceiverStore {
  readonly appointments = new Map<string, HeldResource>();
  readonly serviceRequests = new Map<string, HeldResource>();
  private readonly processed = new Map<string, string>();
  private referenceCounter = 0;

  /** The body hash a request id was processed with, if it was. */
  processedWith(targetId: string, requestId: string): string | undefined {
    return this.processed.get(`${targetId}|${requestId}`);
  }

  markProcessed(targetId: string, requestId: string, bodyHash: string): void {
    this.processed.set(`${targetId}|${requestId}`, bodyHash);
    // A retry comes within minutes: the oldest request ids go once many more have been processed since.
    for (const oldest of this.processed.keys()) {
      if (this.processed.size <= PROCESSED_HELD) break;
      this.processed.delete(oldest);
    }
  }

  nextReference(prefix: string): string {
    this.referenceCounter += 1;
    return `${prefix}-${String(this.referenceCounter).padStart(6, '0')}`;
  }

  clear(): void {
    this.appointments.clear();
    this.serviceRequests.clear();
    this.processed.clear();
    this.referenceCounter = 0;
  }
}

export const bodyHash = (text: string): string => createHash('sha256').update(text).digest('hex');
