import type { Bookability, ServiceOffer } from '../../preload/contract';
import type { Interactions } from '../config';
import { bookabilityOf, itkEndpointOf } from './bookability';
import type { BookingTarget } from './booking-protocol';
import type { BookingRoutes, DosService, EndpointDirectory, EndpointLookupFailure, ServiceTarget } from './ports';

export interface ResolvedService {
  offer: ServiceOffer;
  dos: DosService;
  /** Where to send Provider calls; only for a bookable service. */
  target?: ServiceTarget;
  /** The referral goes through the booking protocol (to `target`), not as a CDA over ITK. */
  refersThroughProtocol?: boolean;
  /** A rebook cancels this service's appointment before booking the new one (BaRS App1). */
  rebookCancelsFirst?: boolean;
}

const LOOKUP_MESSAGES: Record<EndpointLookupFailure, string> = {
  'as-not-found': 'Booking is not available for this service: it is not registered for booking with Spine. Continue with a referral.',
  'gp-connect-only': 'Booking is not available for this service: it is set up for GP Connect, not this standard. Continue with a referral.',
  'mixed-interactions': 'Booking is not available for this service: its Spine registration is inconsistent. Continue with a referral.',
  'mhs-not-found': 'Booking is not available for this service: its booking address is missing from Spine. Continue with a referral.',
  'several-mhs': 'Booking is not available for this service: Spine lists more than one booking address. Continue with a referral.',
  'invalid-endpoint': 'Booking is not available for this service: its booking address in Spine is not valid. Continue with a referral.',
  unreachable: 'Booking is not available right now: the Spine directory could not be reached. Continue with a referral, or try again.',
  timeout: 'Booking is not available right now: the Spine directory did not answer in time. Continue with a referral, or try again.',
};

/**
 * DoS says whether a service takes bookings and names its Provider's ASID; SDS says where that
 * Provider is. Every failure ends in "continue with a referral", with the detail logged by the caller.
 */
export async function resolveService(
  dos: DosService,
  endpoints: EndpointDirectory,
  interactions: Interactions,
  routes?: BookingRoutes,
): Promise<ResolvedService & { lookupDetail?: string }> {
  const route = await routes?.routeOf(dos);
  const base = {
    serviceId: dos.id,
    name: dos.name,
    rank: dos.rank,
    ...(dos.typeName !== undefined ? { kind: dos.typeName } : {}),
    ...(dos.address !== undefined ? { address: dos.address } : {}),
    ...(dos.odsCode !== undefined ? { odsCode: dos.odsCode } : {}),
    ...(dos.distanceMiles !== undefined ? { distanceMiles: dos.distanceMiles } : {}),
    ...(dos.openingStatus !== undefined ? { openingStatus: dos.openingStatus } : {}),
    ...(dos.phone !== undefined ? { phone: dos.phone } : {}),
    bookingOnly: dos.requireBooking === 'true',
    referralAvailable: route?.refersThroughProtocol === true || itkEndpointOf(dos) !== undefined,
  };
  if (route?.direct === true) {
    // The protocol adapter reaches the receiver from the DoS service id alone: no ASID, no SDS.
    return {
      dos,
      offer: { ...base, via: route.via, booking: { status: 'bookable', asid: '' } },
      target: { dosServiceId: dos.id, asid: '', serviceRoot: '', interactions: [] },
      refersThroughProtocol: route.refersThroughProtocol,
      ...(route.rebookCancelsFirst === true ? { rebookCancelsFirst: true } : {}),
    };
  }
  const decided = bookabilityOf(dos);
  const notBookable = (reason: Extract<Bookability, { status: 'not-bookable' }>['reason'], message: string, detail: string) => ({
    dos,
    offer: { ...base, booking: { status: 'not-bookable' as const, reason, message } },
    lookupDetail: detail,
  });
  switch (decided.kind) {
    case 'not-bookable':
      return notBookable('no-endpoint', 'This service does not take bookings through NHS 111 systems. Send a referral instead.', decided.detail);
    case 'misconfigured':
      return notBookable(
        'misconfigured',
        'This service’s directory entry is set up wrongly, so it cannot be booked. Send a referral, and report it to the directory team.',
        decided.detail,
      );
    case 'bookable': {
      const lookup = await endpoints.lookup(decided.asid, interactions.slotSearch);
      if (!lookup.ok) return notBookable('endpoint-lookup-failed', LOOKUP_MESSAGES[lookup.reason], `${lookup.reason}: ${lookup.detail}`);
      // Slot search alone is not booking: the AS record must list create:appointment too (C11).
      if (!lookup.interactions.includes(interactions.createAppointment)) {
        return notBookable(
          'endpoint-lookup-failed',
          'Booking is not available for this service: it is registered for looking at appointments but not for booking them. Continue with a referral.',
          `AS record lists no ${interactions.createAppointment}`,
        );
      }
      const book = await endpoints.lookup(decided.asid, interactions.createAppointment);
      if (!book.ok) return notBookable('endpoint-lookup-failed', LOOKUP_MESSAGES[book.reason], `create: ${book.reason}: ${book.detail}`);
      const read = await endpoints.lookup(decided.asid, interactions.readAppointment);
      const update = await endpoints.lookup(decided.asid, interactions.updateAppointment);
      return {
        dos,
        offer: { ...base, ...(route === undefined ? {} : { via: route.via }), booking: { status: 'bookable', asid: decided.asid } },
        target: {
          dosServiceId: dos.id,
          asid: decided.asid,
          serviceRoot: lookup.serviceRoot,
          interactions: lookup.interactions,
          bookRoot: book.serviceRoot,
          ...(read.ok ? { readRoot: read.serviceRoot } : {}),
          ...(update.ok ? { cancelRoot: update.serviceRoot } : {}),
        },
        ...(route?.rebookCancelsFirst === true ? { rebookCancelsFirst: true } : {}),
      };
    }
  }
}

/** Resolves services one at a time per ASID but all services together: SDS answers are cached by the client. */
export function resolveAll(services: DosService[], endpoints: EndpointDirectory, interactions: Interactions, routes?: BookingRoutes) {
  return Promise.all(services.map((s) => resolveService(s, endpoints, interactions, routes)));
}

/** The port's target for a resolved service, for calls made for a case. */
export function bookingTargetOf(t: ServiceTarget, caseId: string): BookingTarget {
  const root = t.serviceRoot;
  return { dosServiceId: t.dosServiceId, asid: t.asid, interactions: t.interactions, caseId, endpoints: { search: root, book: t.bookRoot ?? root, read: t.readRoot ?? t.bookRoot ?? root, cancel: t.cancelRoot ?? t.bookRoot ?? root } };
}

