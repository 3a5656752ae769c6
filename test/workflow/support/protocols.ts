/**
 * One workflow, two standards: what a test needs to know about each sandbox service kind so that
 * the same steps run against a Care Connect Provider and a BaRS receiver. The steps never name
 * the standard; only this table does (which service, how its sandbox is told to misbehave, and
 * how to look inside the receiver afterwards).
 */
import type { Fault } from '../../../main/sandbox';
import type { BookingApp } from './booking-app';

export type ProtocolName = 'care-connect' | 'bars';

/** What the receiver holds, in the same words for both standards. */
export interface ReceiverView {
  /** The receiver's appointments for this slot (a cancelled slot is free again, so there may be several). */
  appointmentsForSlot(slotId: string): { id: string; status: string }[];
  /** Whether the receiver holds a referral linked to this appointment of ours. */
  referralLinkedTo(appointmentId: string, documentId: string): boolean;
}

export interface ProtocolUnderTest {
  protocol: ProtocolName;
  /** A sandbox service of this standard, open round the clock (slots inside and outside any 1-hour deadline). */
  serviceName: string;
  via: 'via Care Connect' | 'via BaRS';
  /** Care Connect books the new slot before cancelling the old (invariant d); BaRS App1 cancels first. */
  rebookOrder: 'book-first' | 'cancel-first';
  faults: {
    /** The booking is made, then every answer to it is lost until the fault is cleared. */
    bookingAnswerLost: readonly Fault[];
    /** The booking is refused as sent (our request, not the slot). */
    bookingRejected: readonly Fault[];
    /** The first cancel is refused because the appointment changed meanwhile. */
    cancelConflictOnce: readonly Fault[];
    /** Every cancel is refused because the appointment changed meanwhile. */
    cancelConflictAlways: readonly Fault[];
  };
  receiver(t: BookingApp): ReceiverView;
}

const careConnect: ProtocolUnderTest = {
  protocol: 'care-connect',
  serviceName: 'Riverside Urgent Treatment Centre',
  via: 'via Care Connect',
  rebookOrder: 'book-first',
  faults: {
    bookingAnswerLost: [{ kind: 'drop-after-commit', operation: 'book' }],
    bookingRejected: [{ kind: 'reject-422', reason: 'invalid-body', operation: 'book', times: 1 }],
    cancelConflictOnce: [{ kind: 'version-conflict', operation: 'cancel', times: 1 }],
    cancelConflictAlways: [{ kind: 'version-conflict', operation: 'cancel' }],
  },
  receiver: (t) => ({
    appointmentsForSlot: (slotId) => t.providerAppointments().filter((a) => a.slot_id === slotId).map(({ id, status }) => ({ id, status })),
    referralLinkedTo: (appointmentId, documentId) => {
      const link = t.sandbox().itk.link(documentId);
      return link.state === 'linked' && link.urlMatches === true && link.appointment?.appointmentId === appointmentId;
    },
  }),
};

const bars: ProtocolUnderTest = {
  protocol: 'bars',
  // Listed in DoS without a BaRS endpoint: the app finds its standard by probing the proxy.
  serviceName: 'Eastfield Same Day Emergency Care',
  via: 'via BaRS',
  rebookOrder: 'cancel-first',
  faults: {
    // The sender retries a lost answer itself (same X-Request-Id): every later attempt is lost too.
    bookingAnswerLost: [{ kind: 'drop-after-commit', operation: 'book', times: 1 }, { kind: 'lost-answer', operation: 'book' }],
    bookingRejected: [{ kind: 'http-status', status: 400, operation: 'book', times: 1 }],
    cancelConflictOnce: [{ kind: 'http-status', status: 409, issue: 'conflict', operation: 'cancel', times: 1 }],
    cancelConflictAlways: [{ kind: 'http-status', status: 409, issue: 'conflict', operation: 'cancel' }],
  },
  receiver: (t) => {
    const store = t.sandbox().bars.store;
    return {
      appointmentsForSlot: (slotId) => [...store.appointments.values()].filter((h) => h.slotId === slotId).map((h) => ({ id: h.id, status: String(h.resource.status) })),
      referralLinkedTo: (appointmentId) =>
        [...store.serviceRequests.values()].some((h) => h.resource.status === 'active' && JSON.stringify(h.resource.supportingInfo) === JSON.stringify([{ reference: `Appointment/${appointmentId}` }])),
    };
  },
};

export const PROTOCOLS: readonly ProtocolUnderTest[] = [careConnect, bars];

/** Sets every fault of a list on the protocol's service, in order (the first matching one applies). */
export function injectFaults(t: BookingApp, serviceId: string, faults: readonly Fault[]): void {
  for (const f of faults) t.fault({ serviceId }, f);
}
