/**
 * `GET [base]/Slot`: the free-slot search (digest §4). Honours the required parameters and the
 * `_include` chain as FHIR defines it (iterate includes follow the resources already included),
 * except where a service is seeded to ignore includes or to add resources nobody asked for.
 */
import { randomUUID } from 'node:crypto';
import type { SeedService } from '../seed/types';
import { seedService } from '../seed/catalogue';
import {
  deviceResource,
  healthcareServiceResource,
  locationResource,
  organizationResource,
  practitionerResource,
  practitionerRoleResource,
  scheduleResource,
  slotResource,
} from '../seed/resources';
import { FhirError, invalidParameter, notFound, operationOutcome } from '../fhir/operation-outcome';
import type { SlotRecord, SlotStore } from '../store/slot-store';
import { syntheticSlots } from '../store/synthetic-slots';

export const SERVICE_PARAM = 'schedule.actor:healthcareservice';

export const SUPPORTED_INCLUDES = ['Slot:schedule'];
export const SUPPORTED_ITERATE_INCLUDES = [
  'Schedule:actor:Practitioner',
  'Schedule:actor:PractitionerRole',
  'Schedule:actor:HealthcareService',
  'HealthcareService:location',
  'HealthcareService:providedBy',
];

type Resource = Record<string, unknown> & { resourceType: string; id: string };

/** Synthetic load for the many-slots and huge-bundle faults and the bench. */
export interface SyntheticSlots {
  count: number;
  /** Characters of Slot.comment per slot, to make a bundle big without more slots. */
  padding?: number;
}

export interface SlotSearchInput {
  providerKey: string;
  root: string;
  query: URLSearchParams;
  nowMs: number;
  synthetic?: SyntheticSlots;
}

interface Bounds {
  fromMs: number;
  toMs: number;
}

function bounds(query: URLSearchParams): Bounds {
  let fromMs = -Infinity;
  let toMs = Infinity;
  let upper = false;
  for (const value of query.getAll('start')) {
    const match = /^(ge|gt|le|lt)(.+)$/.exec(value);
    const at = match?.[2] ? Date.parse(match[2]) : NaN;
    if (!match || Number.isNaN(at)) throw invalidParameter(`start=${value} must be ge|gt|le|lt followed by an instant`);
    if (match[1] === 'ge') fromMs = Math.max(fromMs, at);
    if (match[1] === 'gt') fromMs = Math.max(fromMs, at + 1);
    if (match[1] === 'le' || match[1] === 'lt') {
      upper = true;
      toMs = Math.min(toMs, match[1] === 'le' ? at : at - 1);
    }
  }
  if (!upper) throw invalidParameter('start=le<instant> (the latest start) is required');
  return { fromMs, toMs };
}

/** The service a search is for, checked against the Provider that was called. */
export function searchedService(providerKey: string, query: URLSearchParams): SeedService {
  const ids = query.getAll(SERVICE_PARAM);
  if (ids.length !== 1 || !ids[0]) throw invalidParameter(`${SERVICE_PARAM}=<DoS service id> is required exactly once`);
  const service = seedService(ids[0]);
  if (!service || service.provider !== providerKey) throw notFound(`No HealthcareService with DoS service id ${ids[0]} at this Provider`);
  return service;
}


function includes(service: SeedService, slots: SlotRecord[], query: URLSearchParams): Resource[] {
  if (service.includeMode === 'none') return [];
  const asked = new Set([...query.getAll('_include'), ...query.getAll('_include:iterate')]);
  const out: Resource[] = [];
  const scheduleIds = new Set(slots.map((s) => s.scheduleId));
  const diaries = service.diaries.filter((d) => scheduleIds.has(d.scheduleId));
  if (!asked.has('Slot:schedule')) return extras(service, out, asked);
  out.push(...diaries.map((d) => scheduleResource(service, d)));
  const people = new Map<string, Resource>();
  for (const d of diaries) {
    if (asked.has('Schedule:actor:Practitioner') && d.practitioner) people.set(d.practitioner.id, practitionerResource(d.practitioner));
    const role = asked.has('Schedule:actor:PractitionerRole') ? practitionerRoleResource(service, d) : undefined;
    if (role) people.set(role.id, role);
  }
  out.push(...people.values());
  if (asked.has('Schedule:actor:HealthcareService') && diaries.length > 0) {
    out.push(healthcareServiceResource(service));
    if (asked.has('HealthcareService:location')) out.push(locationResource(service));
    if (asked.has('HealthcareService:providedBy')) out.push(organizationResource(service));
  }
  return extras(service, out, asked);
}

/** The over-answering Provider: adds an Organization and a Device whether asked or not. */
function extras(service: SeedService, out: Resource[], asked: Set<string>): Resource[] {
  if (service.includeMode !== 'extra') return out;
  if (!asked.has('HealthcareService:providedBy') || !out.some((r) => r.resourceType === 'Organization')) {
    out.push(organizationResource(service));
  }
  out.push({ resourceType: 'Organization', id: 'org-icb-wy', identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'QWO' }], name: 'NHS West Yorkshire Integrated Care Board' });
  out.push(deviceResource());
  return out;
}

/** Runs the search and returns the searchset Bundle. */
export function searchSlots(store: SlotStore, input: SlotSearchInput): Record<string, unknown> {
  const service = searchedService(input.providerKey, input.query);
  const status = input.query.get('status');
  if (status !== null && status !== 'free' && status !== 'busy') throw invalidParameter('status must be "free" or "busy"');
  const { fromMs, toMs } = bounds(input.query);
  if (fromMs > toMs) throw new FhirError(400, 'invalid', 'INVALID_PARAMETER', 'start=ge is after start=le');
  const slots = input.synthetic
    ? syntheticSlots(service, input.nowMs, input.synthetic.count)
    : store.find({ serviceId: service.id, fromMs: Math.max(fromMs, 0), toMs: Math.min(toMs, 8.64e15), ...(status ? { status } : {}) });
  const padding = input.synthetic?.padding ? 'x'.repeat(input.synthetic.padding) : undefined;
  const entries: Record<string, unknown>[] = slots.map((s) => ({
    fullUrl: `${input.root}/Slot/${s.id}`,
    resource: slotResource(s, padding),
    search: { mode: 'match' },
  }));
  for (const r of includes(service, slots, input.query)) {
    entries.push({ fullUrl: `${input.root}/${r.resourceType}/${r.id}`, resource: r, search: { mode: 'include' } });
  }
  if (slots.length === 0 && service.noSlotsReason) {
    entries.push({ resource: operationOutcome('informational', 'NO_SLOTS_AVAILABLE', service.noSlotsReason, 'information'), search: { mode: 'outcome' } });
  }
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated: new Date(input.nowMs).toISOString() },
    type: 'searchset',
    total: slots.length,
    link: [{ relation: 'self', url: `${input.root}/Slot?${input.query.toString()}` }],
    entry: entries,
  };
}
