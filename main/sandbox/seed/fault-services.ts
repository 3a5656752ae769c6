/**
 * Named services that always misbehave one way, so anyone can try each booking fault from the
 * UI (issue 9): they sit at the bottom of every ranked list and share Riverside's Provider.
 */
import type { Fault } from '../faults/fault-control';
import type { SeedService } from './types';

interface FaultService {
  id: string;
  name: string;
  fault: Fault;
}

const FAULTS: FaultService[] = [
  { id: '2000090001', name: 'Sandbox — booking answer lost', fault: { kind: 'drop-after-commit', operation: 'book' } },
  { id: '2000090002', name: 'Sandbox — booking answer unreadable', fault: { kind: 'unreadable-body', operation: 'book' } },
  { id: '2000090003', name: 'Sandbox — slot taken (422)', fault: { kind: 'reject-422', reason: 'slot-unavailable', operation: 'book' } },
  { id: '2000090004', name: 'Sandbox — booking refused (422 invalid)', fault: { kind: 'reject-422', reason: 'invalid-body', operation: 'book' } },
  { id: '2000090005', name: 'Sandbox — cancel answer lost after cancelling', fault: { kind: 'commit-then-504', operation: 'cancel' } },
  { id: '2000090006', name: 'Sandbox — cancel answer lost, not cancelled', fault: { kind: 'ssp-504', operation: 'cancel' } },
  { id: '2000090007', name: 'Sandbox — appointment read not found', fault: { kind: 'not-found-404', operation: 'read' } },
  { id: '2000090008', name: 'Sandbox — slow answers', fault: { kind: 'delay', delayMs: 40_000 } },
];

function service(f: FaultService, i: number): SeedService {
  return {
    id: f.id,
    name: f.name,
    typeName: 'Sandbox fault demonstration',
    provider: 'riverside',
    requireBooking: 'absent',
    acceptsItk: true,
    includeMode: 'all',
    organization: {
      id: 'org-rvs',
      name: 'Riverside Community Health NHS Trust',
      odsCode: 'RX9',
      headOffice: { line: ['Trust Headquarters', '1 Civic Square'], city: 'Leeds', district: 'West Yorkshire', postalCode: 'LS1 3AD' },
    },
    location: { id: `loc-fault-${String(i + 1)}`, name: f.name, address: { line: ['Sandbox'], city: 'Leeds', postalCode: 'LS1 1AA' } },
    diaries: [{ scheduleId: `sch-fault-${String(i + 1)}`, hours: 'utc-24x7', slotMinutes: 30, channel: () => 'Telephone' }],
    rankWeight: { default: 100 + i, 'primary-care': 100 + i, emergency: 100 + i, 'dental-pharmacy': 100 + i },
  };
}

export const FAULT_SERVICES: SeedService[] = FAULTS.map(service);

/** The standing fault of each named service, set at start and after every reset. */
export const STANDING_FAULTS: readonly { serviceId: string; fault: Fault }[] = FAULTS.map((f) => ({ serviceId: f.id, fault: f.fault }));
