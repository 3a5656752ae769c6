/** The patient trace (PDS) as the workflow asks it; main/identity/pds adapts the PDS API to it. */
import type { PdsSearch, TracedPatient } from '../../preload/contract';

/** A traced patient before main files it under a trace id. */
export type TracedFields = Omit<TracedPatient, 'traceId'>;

export type TraceFailureReason = 'no-token' | 'unauthorised' | 'timeout' | 'network' | 'refused' | 'server' | 'malformed' | 'too-large' | 'not-configured';

export type TraceLookup =
  | { kind: 'found'; patient: TracedFields }
  | { kind: 'none' }
  | { kind: 'too-many' }
  | { kind: 'failed'; reason: TraceFailureReason; status?: number };

export interface PatientTracer {
  search(query: PdsSearch): Promise<TraceLookup>;
  retrieve(nhsNumber: string): Promise<TraceLookup>;
}
