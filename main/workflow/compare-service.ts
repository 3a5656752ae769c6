import type { Logger } from 'pino';
import type { AppErrorShape, DeliveryChannel, ServiceComparison, ServiceComparisonResult, SlotSearchResult } from '../../preload/contract';
import { AppError } from '../api/app-error';
import type { CaseService } from './case-service';
import type { Clock } from './clock';
import type { DirectoryService } from './directory-service';
import type { SlotService } from './slot-service';

/**
 * "Compare services": the top bookable services for the case's outcome searched at the same
 * time, each answer summarised on its own so one slow or failing Provider never holds up or
 * hides the others.
 */
export class CompareService {
  constructor(
    private readonly cases: CaseService,
    private readonly directory: DirectoryService,
    private readonly slots: SlotService,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly limit: number,
  ) {}

  async compare(caseId: string): Promise<ServiceComparisonResult> {
    const doc = this.cases.load(caseId);
    const { services } = await this.directory.services(caseId);
    const bookable = services.filter((s) => s.booking.status === 'bookable').sort((a, b) => a.rank - b.rank);
    const searchedAt = this.clock().toISOString();
    const chosen = bookable.slice(0, this.limit);
    const started = performance.now();
    // Every search is under way before any is awaited: the comparison takes as long as the slowest one.
    const searches = await this.slots.searchServices(caseId, chosen.map((s) => s.serviceId));
    const compared = await Promise.all(
      chosen.map(async (service, i): Promise<ServiceComparison> => {
        const elapsed = (): number => Math.round(performance.now() - started);
        try {
          const found = await (searches[i]?.search ?? Promise.reject(new Error('no search started')));
          return { service, elapsedMs: elapsed(), result: summarise(found) };
        } catch (error) {
          this.logger.warn({ dosServiceId: service.serviceId, err: error }, 'compared slot search failed');
          return { service, elapsedMs: elapsed(), result: { status: 'failed', error: shapeOf(error) } };
        }
      }),
    );
    return { caseId, deadline: doc.outcome.deadline, searchedAt, services: compared, bookableOffered: bookable.length };
  }
}

function shapeOf(error: unknown): AppErrorShape {
  if (error instanceof AppError) return error.toShape();
  return { code: 'internal', message: 'This service could not be searched because of a fault in the workstation.', action: 'Search this service on its own, or choose another.' };
}

/** What the comparison shows of one service's slots: counts, earliest inside and overall, channels offered. */
export function summarise(found: SlotSearchResult): Extract<ServiceComparison['result'], { status: 'ok' }> {
  const earliestInside = found.slots.find((s) => !s.outsideTimeframe);
  const earliest = found.slots[0];
  return {
    status: 'ok',
    ...(earliestInside !== undefined ? { earliestInside } : {}),
    ...(earliest !== undefined ? { earliest } : {}),
    insideTimeframe: found.insideTimeframe,
    outsideTimeframe: found.outsideTimeframe,
    channels: [...new Set<DeliveryChannel | null>(found.slots.map((s) => s.deliveryChannel))],
    ...(found.noSlotsReason !== undefined ? { noSlotsReason: found.noSlotsReason } : {}),
  };
}
