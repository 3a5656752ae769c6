/**
 * A BaRS receiver's `GET /Slot` (digest §2): the restricted App1 parameters, includes as asked,
 * and the seed's misbehaviours (includes ignored, resources nobody asked for, no slots at all).
 */
import { randomUUID } from 'node:crypto';
import type { SlotStore } from '../store/slot-store';
import { syntheticSlots } from '../store/synthetic-slots';
import { barsOutcome, recBadRequest } from './outcome';
import {
  fullUrlOf,
  healthcareServiceR4,
  locationR4,
  organizationR4,
  practitionerR4,
  practitionerRoleR4,
  scheduleR4,
  slotR4,
  type R4Resource,
} from './resources';
import type { BarsService } from './seed';

export const SERVICE_PARAM = 'Schedule.actor:HealthcareService';

interface Bounds {
  fromMs: number;
  toMs: number;
}

function bounds(query: URLSearchParams): Bounds {
  let fromMs = NaN;
  let toMs = NaN;
  for (const value of query.getAll('start')) {
    const match = /^(ge|le)(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))$/.exec(value);
    if (!match?.[2]) throw recBadRequest(`start=${value} must be ge or le followed by an instant with a UTC offset`, 'value');
    if (match[1] === 'ge') fromMs = Date.parse(match[2]);
    else toMs = Date.parse(match[2]);
  }
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw recBadRequest('start=ge<instant> and start=le<instant> are both required', 'required');
  if (fromMs > toMs) throw recBadRequest('start=ge is after start=le', 'value');
  return { fromMs, toMs };
}

export interface BarsSlotSearch {
  service: BarsService;
  query: URLSearchParams;
  nowMs: number;
  /** Synthetic load for the many-slots fault and the bench. */
  syntheticCount?: number;
}

export function searchBarsSlots(store: SlotStore, input: BarsSlotSearch): Record<string, unknown> {
  const { service, query, nowMs } = input;
  const ids = query.getAll(SERVICE_PARAM);
  if (ids.length !== 1) throw recBadRequest(`${SERVICE_PARAM}=<DoS service id> is required exactly once`, 'required');
  if (ids[0] !== service.id) throw recBadRequest(`${SERVICE_PARAM}=${ids[0] ?? ''} is not the service named in NHSD-Target-Identifier`, 'value');
  const statuses = (query.get('status') ?? '').split(',').filter((s) => s !== '');
  if (statuses.length === 0 || statuses.some((s) => s !== 'free' && s !== 'busy')) throw recBadRequest('status=free (or a comma list of free,busy) is required', 'required');
  const { fromMs, toMs } = bounds(query);
  const lastUpdated = new Date(nowMs).toISOString();
  const found = input.syntheticCount === undefined
    ? store.find({ serviceId: service.id, fromMs, toMs }).filter((s) => statuses.includes(s.status))
    : syntheticSlots(service, nowMs, input.syntheticCount);
  const entries: Record<string, unknown>[] = found.map((s) => ({ fullUrl: fullUrlOf('Slot', s.id), resource: slotR4(s, service, lastUpdated), search: { mode: 'match' } }));
  for (const r of includes(service, new Set(found.map((s) => s.scheduleId)), query, lastUpdated)) {
    entries.push({ fullUrl: fullUrlOf(r.resourceType, r.id), resource: r, search: { mode: 'include' } });
  }
  if (found.length === 0 && service.noSlotsReason !== undefined) {
    entries.push({ resource: barsOutcome('REC_NOT_FOUND', 'not-found', service.noSlotsReason, nowMs, 'information'), search: { mode: 'outcome' } });
  }
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated },
    type: 'searchset',
    timestamp: lastUpdated,
    total: found.length,
    link: [{ relation: 'self', url: `Slot?${query.toString()}` }],
    entry: entries,
  };
}

function includes(service: BarsService, scheduleIds: Set<string>, query: URLSearchParams, lastUpdated: string): R4Resource[] {
  if (service.includeMode === 'none') return [];
  const asked = new Set([...query.getAll('_include'), ...query.getAll('_include:iterate')]);
  const out: R4Resource[] = [];
  const diaries = service.diaries.filter((d) => scheduleIds.has(d.scheduleId));
  if (asked.has('Slot:schedule')) {
    for (const d of diaries) {
      out.push(scheduleR4(service, d, lastUpdated));
      if (asked.has('Schedule:actor:Practitioner') && d.practitioner) out.push(practitionerR4(d.practitioner, lastUpdated));
      const role = asked.has('Schedule:actor:PractitionerRole') ? practitionerRoleR4(service, d, lastUpdated) : undefined;
      if (role) out.push(role);
    }
    if (asked.has('Schedule:actor:HealthcareService') && diaries.length > 0) {
      out.push(healthcareServiceR4(service, lastUpdated));
      if (asked.has('HealthcareService:location')) out.push(locationR4(service, lastUpdated));
      if (asked.has('HealthcareService:providedBy')) out.push(organizationR4(service, lastUpdated));
    }
  }
  if (service.includeMode === 'extra') {
    // The over-answering receiver: a Device and a commissioner nobody asked for.
    out.push({ resourceType: 'Device', id: 'device-kwy-pas', meta: { lastUpdated }, deviceName: [{ name: 'Kingsway PAS', type: 'manufacturer-name' }] });
    out.push({ resourceType: 'Organization', id: 'org-icb-wy', meta: { lastUpdated }, name: 'NHS West Yorkshire Integrated Care Board' });
  }
  return out;
}
