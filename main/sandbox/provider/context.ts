/** What every Provider operation needs: which Provider system was called and the shared state. */
import type { ProviderSystem } from '../seed/types';
import type { AppointmentStore } from '../store/appointment-store';
import type { SlotStore } from '../store/slot-store';

export interface ProviderContext {
  system: ProviderSystem;
  /** This Provider's FHIR service root URL (what SDS holds as nhsMhsEndPoint). */
  root: string;
  slots: SlotStore;
  appointments: AppointmentStore;
  now: () => Date;
}

/** A finished answer, held back so faults can delay, corrupt or drop it before it is written. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const jsonReply = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers,
  body: JSON.stringify(body),
});
