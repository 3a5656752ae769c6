import type { SkippedSlots } from '../../../preload/contract';
import type { SlotSearchScope } from '../../fhir';
/**
 * R4 slot searchset → the slot rows the UI shows. The display join is the one the Care Connect
 * path uses (main/fhir bundleToRows: address, times, channel never defaulted, role/name/gender,
 * every diary, missing and unrequested resources tolerated); R4 Slot, Schedule, Practitioner,
 * HealthcareService and Location carry the same elements it reads. What BaRS adds: each slot
 * keeps the resources it references, as received, for the booking message (digest §3).
 */
import { MalformedBundleError, readSlotBundle, type SlotRowBase } from '../../fhir';
import type { Negotiated } from './negotiation';

export interface ReceivedEntry {
  fullUrl?: string;
  resource: Record<string, unknown> & { resourceType: string; id?: string };
}

/** What the workflow hands back to book a slot: the Slot and everything it references, as received. */
export interface BarsRawSlot {
  protocol: 'bars';
  slotId: string;
  entries: ReceivedEntry[];
  negotiated: Pick<Negotiated, 'useCase' | 'version'>;
}

export interface ParsedSlots {
  rows: SlotRowBase[];
  raw: Map<string, BarsRawSlot>;
  noSlotsReason?: string;
  skipped: SkippedSlots;
  problems: string[];
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const obj = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

function references(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) references(v, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else references(v, out);
    }
  }
  return out;
}

const received = (fullUrl: string | undefined, resource: Record<string, unknown>): ReceivedEntry =>
  fullUrl === undefined ? { resource: resource as ReceivedEntry['resource'] } : { fullUrl, resource: resource as ReceivedEntry['resource'] };

/** No window given (tools, fixtures): every free, well-formed slot counts, whenever it starts. */
const OPEN_SCOPE = (): SlotSearchScope => ({ window: { end: new Date(8.64e15) }, now: new Date(-8.64e15) });

export function parseSlotBundle(input: unknown, negotiated: Pick<Negotiated, 'useCase' | 'version'>, scope: SlotSearchScope = OPEN_SCOPE()): ParsedSlots {
  const bundle = obj(input);
  if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'searchset') throw new MalformedBundleError([`expected a searchset Bundle, got ${String(bundle?.resourceType)} ${String(bundle?.type)}`]);
  const parsed = readSlotBundle(input, scope, 'as-received');
  const all = Array.isArray(bundle.entry) ? (bundle.entry as unknown[]) : [];
  // The includes, indexed once; Slots are nearly all of a big reply and nothing points at them.
  const byFullUrl = new Map<string, ReceivedEntry>();
  const byKey = new Map<string, ReceivedEntry>();
  for (const raw of all) {
    if ((raw as { resource?: { resourceType?: unknown } } | null)?.resource?.resourceType === 'Slot') continue;
    const e = obj(raw);
    const resource = obj(e?.resource);
    if (e === undefined || resource === undefined || typeof resource.resourceType !== 'string') continue;
    const fullUrl = typeof e.fullUrl === 'string' ? e.fullUrl : undefined;
    const entry = received(fullUrl, resource);
    if (fullUrl !== undefined && !byFullUrl.has(fullUrl)) byFullUrl.set(fullUrl, entry);
    if (typeof resource.id === 'string') byKey.set(`${resource.resourceType}/${resource.id}`, entry);
  }
  const resolve = (ref: string): ReceivedEntry | undefined => byFullUrl.get(ref) ?? byKey.get(/([A-Z][A-Za-z]+\/[^/]+)$/.exec(ref)?.[1] ?? '');
  const closures = new Map<string, ReceivedEntry[]>();
  const raw = new Map<string, BarsRawSlot>();
  const kept = { useCase: negotiated.useCase, version: negotiated.version };
  parsed.rowEntries.forEach((at, n) => {
    // The very entry each row was made from: an earlier unreadable copy with the same id is not it.
    const entry = all[at] as { fullUrl?: unknown; resource: Record<string, unknown> };
    const e = received(typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined, entry.resource);
    const id = (parsed.rows[n] as SlotRowBase).slotId;
    const scheduleRef = str(obj(e.resource.schedule)?.reference);
    let closure = closures.get(scheduleRef);
    if (closure === undefined) {
      // Everything reachable from the Schedule, once per Schedule: slots share them.
      closure = [];
      const queue = [scheduleRef];
      const seen = new Set<ReceivedEntry>();
      while (queue.length > 0) {
        const found = resolve(queue.shift() ?? '');
        if (found === undefined || seen.has(found)) continue;
        seen.add(found);
        closure.push(found);
        queue.push(...references(found.resource));
      }
      closures.set(scheduleRef, closure);
    }
    raw.set(id, { protocol: 'bars', slotId: id, entries: [e].concat(closure), negotiated: kept });
  });
  return {
    rows: parsed.rows,
    raw,
    skipped: parsed.skipped,
    problems: parsed.problems,
    ...(parsed.noSlotsReason === undefined ? {} : { noSlotsReason: parsed.noSlotsReason }),
  };
}
