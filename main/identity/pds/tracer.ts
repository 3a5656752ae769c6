/** The PDS client behind the workflow's PatientTracer port. */
import type { PdsSearch } from '../../../preload/contract';
import type { Clock } from '../../workflow/clock';
import type { PatientTracer, TraceLookup } from '../../workflow/patient-trace-port';
import type { PdsClient } from './client';
import type { PdsPatient } from './fhir';
import { tracedFields } from './traced';

export class PdsTracer implements PatientTracer {
  constructor(
    private readonly client: PdsClient,
    private readonly clock: Clock,
  ) {}

  async search(query: PdsSearch): Promise<TraceLookup> {
    const result = await this.client.search(query);
    switch (result.kind) {
      case 'failed':
        return { kind: 'failed', reason: result.reason, ...(result.status !== undefined ? { status: result.status } : {}) };
      case 'too-many':
        return { kind: 'too-many' };
      case 'matches': {
        // PDS was asked for one; more than one back is "too many" all the same, never a guess.
        if (result.patients.length > 1) return { kind: 'too-many' };
        const [patient] = result.patients;
        return patient === undefined ? { kind: 'none' } : this.found(patient, undefined);
      }
    }
  }

  async retrieve(nhsNumber: string): Promise<TraceLookup> {
    const result = await this.client.retrieve(nhsNumber);
    switch (result.kind) {
      case 'failed':
        return { kind: 'failed', reason: result.reason, ...(result.status !== undefined ? { status: result.status } : {}) };
      case 'not-found':
        return { kind: 'none' };
      case 'patient':
        return this.found(result.patient, nhsNumber);
    }
  }

  private found(patient: PdsPatient, asked: string | undefined): TraceLookup {
    const fields = tracedFields(patient, asked, this.clock().toISOString().slice(0, 10));
    return fields === undefined ? { kind: 'failed', reason: 'malformed' } : { kind: 'found', patient: fields };
  }
}
