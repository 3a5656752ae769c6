import type { Logger } from 'pino';
import type { AppErrorShape, DeliveryChannel, ServiceComparison, ServiceComparisonResult, SlotRow, SlotSearchResult } from '../../preload/contract';
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
    /** How many services are searched at once (settings caseScreen.compareServices); also the default page. */
    private readonly limit: number,
    /** Settings caseScreen.inPersonLeadMinutes: the suggested slot leaves the patient time to get there. */
    private readonly leadMinutes = 30,
  ) {}

  /** The top `limit` bookable services, or `all` of them, no more than `limit` searched at once. */
  async compare(caseId: string, all = false): Promise<ServiceComparisonResult> {
    const doc = this.cases.load(caseId);
    const { services } = await this.directory.services(caseId);
    const bookable = services.filter((s) => s.booking.status === 'bookable').sort((a, b) => a.rank - b.rank);
    const searchedAt = this.clock().toISOString();
    const chosen = all ? bookable : bookable.slice(0, this.limit);
    const started = performance.now();
    // Every search is under way before any is awaited: the comparison takes as long as the slowest one.
    const searches = await this.slots.searchServices(caseId, chosen.map((s) => s.serviceId), this.limit);
    const compared = await Promise.all(
      chosen.map(async (service, i): Promise<ServiceComparison> => {
        const elapsed = (): number => Math.round(performance.now() - started);
        try {
          const found = await (searches[i]?.search ?? Promise.reject(new Error('no search started')));
          return { service, elapsedMs: elapsed(), result: summarise(found, this.clock(), this.leadMinutes) };
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

/** The channel key of a slot for `suggested`: its channel, or 'Not supplied' when it does not say. */
export const NOT_SUPPLIED_CHANNEL = 'Not supplied';

/** What the comparison shows of one service's slots: counts, earliest inside and overall, channels offered, and the slot it suggests per channel. */
export function summarise(found: SlotSearchResult, now?: Date, leadMinutes = 0): Extract<ServiceComparison['result'], { status: 'ok' }> {
  const earliestInside = found.slots.find((s) => !s.outsideTimeframe);
  const earliest = found.slots[0];
  const channels = [...new Set<DeliveryChannel | null>(found.slots.map((s) => s.deliveryChannel))];
  const suggested: Record<string, { slot: SlotRow; why: string }> = {};
  if (now !== undefined) {
    for (const channel of ['any', ...channels.map((c) => c ?? NOT_SUPPLIED_CHANNEL)]) {
      const pick = suggest(found.slots.filter((s) => channel === 'any' || (s.deliveryChannel ?? NOT_SUPPLIED_CHANNEL) === channel), now, leadMinutes, channel);
      if (pick !== undefined) suggested[channel] = pick;
    }
  }
  return {
    status: 'ok',
    ...(earliestInside !== undefined ? { earliestInside } : {}),
    ...(earliest !== undefined ? { earliest } : {}),
    insideTimeframe: found.insideTimeframe,
    outsideTimeframe: found.outsideTimeframe,
    channels,
    ...(now !== undefined ? { suggested } : {}),
    ...(found.noSlotsReason !== undefined ? { noSlotsReason: found.noSlotsReason } : {}),
  };
}

/**
 * The earliest slot the patient can take: inside the deadline first; an in-person slot starting
 * (or one that does not say how) before the lead time is up is passed over, and the reason says so.
 */
function suggest(slots: readonly SlotRow[], now: Date, leadMinutes: number, channel: string): { slot: SlotRow; why: string } | undefined {
  // A slot that does not say how it takes place may well be in person: it gets the same lead time.
  const remote = (s: SlotRow): boolean => s.deliveryChannel === 'Telephone' || s.deliveryChannel === 'Video';
  const reachable = (s: SlotRow): boolean => remote(s) || Date.parse(s.start) - now.getTime() >= leadMinutes * 60_000;
  const tooSoon = slots.some((s) => !reachable(s));
  const how = channel === 'any' ? '' : channel === NOT_SUPPLIED_CHANNEL ? ' among slots that do not say how' : ` by ${channel.toLowerCase()}`;
  const lead = tooSoon ? `; in-person slots (and any that do not say how) starting within ${String(leadMinutes)} minutes are passed over so the patient can get there` : '';
  const inside = slots.find((s) => !s.outsideTimeframe && reachable(s));
  if (inside !== undefined) return { slot: inside, why: `Earliest inside the deadline${how}${lead}.` };
  const after = slots.find(reachable);
  return after === undefined ? undefined : { slot: after, why: `None inside the deadline${how}: the earliest after it${lead}.` };
}
