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
  /** Absent: DoS lists no number, so the lost-answer advice says so instead of naming one. */
  phone?: string;
}

const FAULTS: FaultService[] = [
  { id: '2000090001', name: 'Sandbox — booking answer lost', fault: { kind: 'drop-after-commit', operation: 'book' }, phone: '0113 496 0901' },
  { id: '2000090002', name: 'Sandbox — booking answer unreadable', fault: { kind: 'unreadable-body', operation: 'book' }, phone: '0113 496 0902' },
  { id: '2000090003', name: 'Sandbox — slot taken (422)', fault: { kind: 'reject-422', reason: 'slot-unavailable', operation: 'book' }, phone: '0113 496 0903' },
  { id: '2000090004', name: 'Sandbox — booking refused (422 invalid)', fault: { kind: 'reject-422', reason: 'invalid-body', operation: 'book' }, phone: '0113 496 0904' },
  { id: '2000090005', name: 'Sandbox — cancel answer lost after cancelling', fault: { kind: 'commit-then-504', operation: 'cancel' }, phone: '0113 496 0905' },
  { id: '2000090006', name: 'Sandbox — cancel answer lost, not cancelled', fault: { kind: 'ssp-504', operation: 'cancel' }, phone: '0113 496 0906' },
  { id: '2000090007', name: 'Sandbox — appointment read not found', fault: { kind: 'not-found-404', operation: 'read' }, phone: '0113 496 0907' },
  { id: '2000090008', name: 'Sandbox — slow answers', fault: { kind: 'delay', delayMs: 40_000 } },
];

/** One fault service per fault, each a copy of `base` (its Provider and organisation) under its own id, name, site and diary. */
export function faultServicesOn(base: SeedService): SeedService[] {
  return FAULTS.map((f, i) => {
    const { phone: _basePhone, ...rest } = base;
    const n = String(i + 1);
    return {
      ...rest,
      id: f.id,
      name: f.name,
      ...(f.phone === undefined ? {} : { phone: f.phone }),
      typeName: 'Sandbox fault demonstration',
      requireBooking: 'absent',
      acceptsItk: true,
      includeMode: 'all',
      location: { id: `loc-fault-${n}`, name: f.name, address: { line: ['Sandbox'], city: 'Leeds', postalCode: 'LS1 1AA' } },
      diaries: [{ scheduleId: `sch-fault-${n}`, hours: 'utc-24x7', slotMinutes: 30, channel: () => 'Telephone' }],
      rankWeight: { default: 100 + i, 'primary-care': 100 + i, emergency: 100 + i, 'dental-pharmacy': 100 + i },
    };
  });
}

/** The standing fault of each named service, set at start and after every reset. */
export const STANDING_FAULTS: readonly { serviceId: string; fault: Fault }[] = FAULTS.map((f) => ({ serviceId: f.id, fault: f.fault }));
