import type { Logger } from 'pino';
import type { Case, ServiceOffer } from '../../preload/contract';
import { AppError } from '../api/app-error';
import { AUDIT_EVENTS, type AuditSink } from '../audit';
import type { Interactions } from '../config';
import { CaseCache } from './case-cache';
import type { CaseService } from './case-service';
import type { Clock } from './clock';
import { openingAt } from './opening-now';
import type { BookingRoutes, EndpointDirectory, ServiceDirectory } from './ports';
import { resolveAll, resolveService, type ResolvedService } from './provider-targets';
import { offerWithinContract } from './service-offer-fields';

function ageInYears(birthDate: string, on: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const beforeBirthday = on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d);
  return on.getUTCFullYear() - y - (beforeBirthday ? 1 : 0);
}

/** How many cases' ranked lists are held; an older case's choice asks DoS again (resolvedFor, choose). */
export const LISTS_HELD = 16;

/** Service discovery for a case: the ranked DoS list, each service's bookability decided from DoS and SDS. */
export class DirectoryService {
  /** Per case, the services last offered: choosing one records the rank the user saw. */
  private readonly offered: CaseCache<Map<string, ResolvedService>>;

  constructor(
    private readonly cases: CaseService,
    private readonly directory: ServiceDirectory,
    private readonly endpoints: EndpointDirectory,
    private readonly interactions: Interactions,
    private readonly audit: AuditSink,
    private readonly logger: Logger,
    private readonly clock: Clock,
    /** How each service is booked; absent = every service through SDS (Care Connect). */
    private readonly routes?: BookingRoutes,
    held = LISTS_HELD,
  ) {
    this.offered = new CaseCache(held);
  }

  /** How many cases' service lists are held now. */
  get listsHeld(): number {
    return this.offered.size;
  }

  /** A closed case keeps nothing here. */
  release(caseId: string): void {
    this.offered.delete(caseId);
  }

  async services(caseId: string): Promise<{ services: ServiceOffer[] }> {
    const doc = this.cases.load(caseId);
    let found;
    try {
      found = await this.directory.findServices({
        dispositionCode: doc.outcome.dispositionCode,
        postcode: doc.patient.address.postcode,
        ageYears: ageInYears(doc.patient.birthDate, this.clock()),
        gender: doc.patient.gender,
        ...(doc.outcome.symptomGroup === undefined ? {} : { symptomGroup: Number(doc.outcome.symptomGroup.code) }),
        ...(doc.outcome.symptomDiscriminator === undefined ? {} : { symptomDiscriminators: [Number(doc.outcome.symptomDiscriminator.code)] }),
      });
    } catch (error) {
      this.logger.warn({ err: error, caseId }, 'service discovery failed');
      this.audit.append({ type: AUDIT_EVENTS.servicesOffered, caseId, outcome: 'error', detail: { error: (error as Error).message } });
      throw new AppError('directory-unavailable', 'The Directory of Services could not be reached.', {
        action: 'Try again in a minute. If it keeps failing, use the local service list and call the IT service desk.',
        detail: (error as Error).message,
        cause: error,
      });
    }
    const resolved = this.shown(await resolveAll(found, this.endpoints, this.interactions, this.routes)).sort((a, b) => a.offer.rank - b.offer.rank);
    for (const r of resolved) {
      if (r.lookupDetail !== undefined) this.logger.warn({ dosServiceId: r.dos.id, detail: r.lookupDetail }, 'service not bookable');
    }
    this.offered.set(caseId, new Map(resolved.map((r) => [r.dos.id, r])));
    this.audit.append({
      type: AUDIT_EVENTS.servicesOffered,
      caseId,
      outcome: 'ok',
      detail: {
        services: resolved.map((r) => ({
          serviceId: r.dos.id,
          // Reports name services by this (main/reports/service-names.ts).
          name: r.offer.name,
          rank: r.offer.rank,
          bookable: r.offer.booking.status === 'bookable',
          bookingOnly: r.offer.bookingOnly,
          ...(r.lookupDetail !== undefined ? { reason: r.lookupDetail } : {}),
        })),
      },
    });
    // Open now or not is worked out at each listing, never kept: it changes while the case is open.
    const now = this.clock();
    return {
      services: resolved.map((r) => {
        const opening = openingAt({ ...(r.dos.openAllHours !== undefined ? { allHours: r.dos.openAllHours } : {}), ...(r.dos.openingSessions !== undefined ? { sessions: r.dos.openingSessions } : {}) }, now);
        return opening === undefined ? r.offer : { ...r.offer, opening };
      }),
    };
  }

  /** Each service as the contract can carry it: an odd directory field costs that field, not the list. */
  private shown<T extends ResolvedService>(resolved: readonly T[]): T[] {
    return resolved.flatMap((r) => {
      const offer = offerWithinContract(r.offer, this.logger);
      return offer === undefined ? [] : [{ ...r, offer }];
    });
  }

  /** Records the user's choice and its rank: reports ask whether the top bookable service was chosen. */
  async choose(caseId: string, serviceId: string): Promise<Case> {
    const doc = this.cases.load(caseId);
    if (!this.offered.has(caseId)) await this.services(caseId);
    const offers = this.offered.get(caseId) ?? new Map<string, ResolvedService>();
    const chosen = offers.get(serviceId);
    if (chosen === undefined) {
      throw new AppError('not-found', 'That service is not in the list for this patient.', { action: 'Choose a service from the list.' });
    }
    const topBookable = [...offers.values()].filter((r) => r.offer.booking.status === 'bookable').sort((a, b) => a.offer.rank - b.offer.rank)[0];
    this.audit.append({
      type: AUDIT_EVENTS.serviceChosen,
      caseId,
      dosServiceId: serviceId,
      ...(chosen.offer.booking.status === 'bookable' ? { asid: chosen.offer.booking.asid } : {}),
      outcome: 'ok',
      detail: {
        rank: chosen.offer.rank,
        bookable: chosen.offer.booking.status === 'bookable',
        bookingOnly: chosen.offer.bookingOnly,
        topBookableServiceId: topBookable?.dos.id ?? null,
        topBookableRank: topBookable?.offer.rank ?? null,
      },
    });
    const updated = { ...doc, service: { ...chosen.offer, chosenAt: this.clock().toISOString() } };
    this.cases.save(updated);
    return this.cases.view(updated);
  }

  /** The chosen service with its Provider target; re-resolved through DoS and SDS after a restart. */
  async resolvedFor(caseId: string, serviceId: string): Promise<ResolvedService> {
    const cached = this.offered.get(caseId)?.get(serviceId);
    if (cached !== undefined) return cached;
    const dos = await this.directory.getService(serviceId).catch((error: unknown) => {
      throw new AppError('directory-unavailable', 'The Directory of Services could not be reached.', { action: 'Try again in a minute.', cause: error });
    });
    if (dos === undefined) throw new AppError('not-found', 'The Directory of Services no longer lists this service.', { action: 'Choose another service.' });
    const [resolved] = this.shown([await resolveService(dos, this.endpoints, this.interactions, this.routes)]);
    if (resolved === undefined) throw new AppError('not-found', 'The Directory of Services entry for this service cannot be used.', { action: 'Choose another service.' });
    const forCase = this.offered.get(caseId) ?? new Map<string, ResolvedService>();
    forCase.set(serviceId, resolved);
    this.offered.set(caseId, forCase);
    return resolved;
  }
}
