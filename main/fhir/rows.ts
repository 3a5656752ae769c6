import type { SkippedSlots, SlotRow, SlotSkipReason } from '../../preload/contract';
import { deliveryChannelOf } from './delivery-channel';
import { BundleIndex } from './references';
import { noSkippedSlots, slotVerdict, type SlotWindow } from './slot-rules';
import {
  asBundleEntry,
  BundleSchema,
  HealthcareServiceSchema,
  LocationSchema,
  OperationOutcomeSchema,
  OrganizationSchema,
  parseFhir,
  type Parsed,
  passesSlotSchema,
  PractitionerRoleSchema,
  PractitionerSchema,
  ScheduleSchema,
  SlotSchema,
} from './schemas';
import type { z } from 'zod';
import type { BundleEntry, HealthcareService, HumanName, Location, OperationOutcome, Practitioner, PractitionerRole, Schedule, Slot } from './types';

/** A display row before the timeframe is applied (the workflow adds `outsideTimeframe`). */
export type SlotRowBase = Omit<SlotRow, 'outsideTimeframe'>;

export interface BundleRows {
  rows: SlotRowBase[];
  /** The Slots as received, by id: the booking copies the chosen one into the Appointment. */
  rawSlots: Map<string, Slot>;
  /** The Provider's reason when no slots came back (an OperationOutcome in the Bundle). */
  noSlotsReason?: string;
  /** Slots left out, by reason: rows + every count = the Slot entries in the Bundle. */
  skipped: SkippedSlots;
  /** What was skipped and why; for logs. */
  problems: string[];
}

/** The search the Bundle answers and the time it is read at: slots outside it are not offered. */
export interface SlotSearchScope {
  window: SlotWindow;
  now: Date;
}

export class MalformedBundleError extends Error {
  override readonly name = 'MalformedBundleError';
  constructor(readonly problems: string[]) {
    super(`not a FHIR Bundle: ${problems.slice(0, 5).join('; ')}`);
  }
}

/**
 * Joins Slot → Schedule → actors → Location/Organization into display rows (digest §4, §6). Only
 * free slots with real times inside the searched window become rows; every other Slot entry is
 * counted under its reason, so nothing is left out in silence. Each shown Slot is kept as
 * SlotSchema's copy: the Care Connect booking copies it into the Appointment.
 */
export function bundleToRows(input: unknown, scope: SlotSearchScope): BundleRows {
  const read = readSlotBundle(input, scope, 'schema-copy');
  const rawSlots = new Map<string, Slot>();
  read.rows.forEach((row, n) => rawSlots.set(row.slotId, read.rowSlots[n] as Slot));
  return {
    rows: read.rows,
    rawSlots,
    skipped: read.skipped,
    problems: read.problems,
    ...(read.noSlotsReason === undefined ? {} : { noSlotsReason: read.noSlotsReason }),
  };
}

/**
 * What a Slot that becomes a row is checked with. `schema-copy`: SlotSchema parses it, because
 * its copy is what is kept. `as-received`: the caller keeps the Slot as received (BaRS sends it
 * back as it came), so a Slot that passesSlotSchema — which accepts exactly what SlotSchema
 * accepts (test/fhir/slot-schema-check.test.ts) — is not parsed a second time; rows, counts and
 * problems are the same either way.
 */
export type ShownSlotCheck = 'schema-copy' | 'as-received';

export interface SlotBundleRead extends Omit<BundleRows, 'rawSlots'> {
  /** Per row, in the same order: the Slot it shows (SlotSchema's copy or the one received, as asked)… */
  rowSlots: Slot[];
  /** …and that Slot's index in Bundle.entry. */
  rowEntries: number[];
}

export function readSlotBundle(input: unknown, scope: SlotSearchScope, check: ShownSlotCheck): SlotBundleRead {
  const bundle = parseFhir(BundleSchema, input);
  if (!bundle.ok) throw new MalformedBundleError(bundle.problems);
  const all = bundle.value.entry ?? [];
  // Nothing in a slot search points at a Slot, and Slots are nearly all of a big reply: only the rest is indexed.
  const entries: BundleEntry[] = [];
  for (const raw of all) {
    if (NOT_REFERENCED.has(resourceTypeOf(raw) as string)) continue;
    const entry = asBundleEntry(raw);
    if (entry !== undefined) entries.push(entry);
  }
  const index = new BundleIndex(entries, NOT_REFERENCED);
  const join = new Joiner(index);
  const rows: SlotRowBase[] = [];
  const rowSlots: Slot[] = [];
  const rowEntries: number[] = [];
  const problems: string[] = [];
  const skipped = noSkippedSlots();
  const seen = new Set<string>();
  const outcomes: OperationOutcome[] = [];
  const skip = (i: number, reason: SlotSkipReason, problem: string): void => {
    skipped[reason] += 1;
    problems.push(`entry[${i}] Slot skipped (${reason}): ${problem}`);
  };

  all.forEach((raw, i) => {
    const type = resourceTypeOf(raw);
    if (type === 'OperationOutcome') {
      const outcome = parseFhir(OperationOutcomeSchema, (raw as { resource: unknown }).resource);
      if (outcome.ok) outcomes.push(outcome.value);
      return;
    }
    if (type !== 'Slot') return;
    const resource = (raw as { resource: unknown }).resource;
    // A Slot that is only counted is read as received; the schema runs for the doubtful, and for the rows when its copy is kept.
    const slot: Parsed<Slot> = passesSlotSchema(resource) ? { ok: true, value: resource } : parseFhir(SlotSchema, resource);
    if (!slot.ok) {
      skip(i, 'unreadable', slot.problems.join('; '));
      return;
    }
    const id = slot.value.id;
    if (id === undefined || id === '') {
      skip(i, 'unreadable', 'no id');
      return;
    }
    // Any earlier Slot with this id counts, shown or not: a busy copy must not let a free copy through.
    if (seen.has(id)) {
      skip(i, 'duplicate', `id ${id} came earlier in the Bundle`);
      return;
    }
    seen.add(id);
    const verdict = slotVerdict(slot.value, scope.window, scope.now);
    if (!verdict.show) {
      skip(i, verdict.reason, `Slot ${id}: ${verdict.problem}`);
      return;
    }
    const kept = check === 'schema-copy' && slot.value === resource ? parseFhir(SlotSchema, resource) : slot;
    if (!kept.ok) {
      skip(i, 'unreadable', kept.problems.join('; '));
      return;
    }
    rowSlots.push(kept.value);
    rowEntries.push(i);
    rows.push(join.row(kept.value, id, verdict.durationMinutes));
  });

  const reason = rows.length === 0 ? outcomeText(outcomes) : undefined;
  return {
    rows,
    rowSlots,
    rowEntries,
    skipped,
    problems,
    ...(reason === undefined ? {} : { noSlotsReason: reason }),
  };
}

/** The resourceType of an entry's resource, whatever else is wrong with the entry. */
function resourceTypeOf(entry: unknown): unknown {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const resource = (entry as { resource?: unknown }).resource;
  return typeof resource === 'object' && resource !== null ? (resource as { resourceType?: unknown }).resourceType : undefined;
}

function outcomeText(outcomes: readonly OperationOutcome[]): string | undefined {
  for (const outcome of outcomes) {
    for (const issue of outcome.issue) {
      const text = issue.diagnostics ?? issue.details?.text ?? issue.details?.coding?.[0]?.display;
      if (text !== undefined && text.trim() !== '') return text.trim();
    }
  }
  return undefined;
}

const NOT_REFERENCED: ReadonlySet<string> = new Set(['Slot', 'OperationOutcome']);

/** Resolves and caches the shared includes: many slots point at the same few Schedules. */
class Joiner {
  private readonly cache = new Map<string, Omit<SlotRowBase, 'slotId' | 'start' | 'end' | 'durationMinutes' | 'deliveryChannel'>>();

  constructor(private readonly index: BundleIndex) {}

  /** `slot` has passed slotVerdict: its times are instants and its end is after its start. */
  row(slot: Slot, id: string, durationMinutes: number): SlotRowBase {
    return {
      slotId: id,
      start: slot.start,
      end: slot.end,
      durationMinutes,
      deliveryChannel: deliveryChannelOf(slot.extension),
      ...this.scheduleParts(slot.schedule.reference ?? ''),
    };
  }

  private scheduleParts(ref: string): Omit<SlotRowBase, 'slotId' | 'start' | 'end' | 'durationMinutes' | 'deliveryChannel'> {
    const cached = this.cache.get(ref);
    if (cached !== undefined) return cached;
    const parts = this.describeSchedule(ref);
    this.cache.set(ref, parts);
    return parts;
  }

  private describeSchedule(ref: string): Omit<SlotRowBase, 'slotId' | 'start' | 'end' | 'durationMinutes' | 'deliveryChannel'> {
    const schedule: Schedule | undefined = this.get(ScheduleSchema, { reference: ref }, 'Schedule');
    const out: Omit<SlotRowBase, 'slotId' | 'start' | 'end' | 'durationMinutes' | 'deliveryChannel'> = {};
    if (schedule === undefined) return out;
    if (schedule.id !== undefined) out.scheduleId = schedule.id;
    let practitioner: Practitioner | undefined;
    let role: PractitionerRole | undefined;
    let service: HealthcareService | undefined;
    let location: Location | undefined;
    for (const actor of schedule.actor ?? []) {
      practitioner ??= this.get(PractitionerSchema, actor, 'Practitioner');
      role ??= this.get(PractitionerRoleSchema, actor, 'PractitionerRole');
      service ??= this.get(HealthcareServiceSchema, actor, 'HealthcareService');
      location ??= this.get(LocationSchema, actor, 'Location');
    }
    practitioner ??= role === undefined ? undefined : this.get(PractitionerSchema, role.practitioner, 'Practitioner');
    if (service !== undefined) {
      if (service.name !== undefined) out.healthcareService = service.name;
      for (const ref of service.location ?? []) {
        location ??= this.get(LocationSchema, ref, 'Location');
      }
      const organisation = this.get(OrganizationSchema, service.providedBy, 'Organization');
      if (organisation?.name !== undefined) out.organisation = organisation.name;
    }
    if (location !== undefined) out.location = locationPart(location);
    if (practitioner !== undefined) {
      const name = nameText(practitioner.name?.[0]);
      out.practitioner = {
        ...(name === undefined ? {} : { name }),
        ...(practitioner.gender === undefined ? {} : { gender: practitioner.gender }),
      };
    }
    const roleText = role?.code?.[0]?.text ?? role?.code?.[0]?.coding?.[0]?.display;
    if (roleText !== undefined) out.practitionerRole = roleText;
    return out;
  }

  private get<T>(schema: z.ZodType<T>, ref: { reference?: string } | undefined, type: string): T | undefined {
    const found = this.index.resolve(ref, type as never);
    if (found === undefined) return undefined;
    const parsed = parseFhir(schema, found);
    return parsed.ok ? parsed.value : undefined;
  }
}

function locationPart(location: Location): NonNullable<SlotRowBase['location']> {
  const a = location.address;
  const address =
    a === undefined
      ? undefined
      : {
          lines: a.line ?? (a.text === undefined ? [] : [a.text]),
          ...(a.city === undefined ? {} : { city: a.city }),
          ...(a.district === undefined ? {} : { district: a.district }),
          ...(a.postalCode === undefined ? {} : { postcode: a.postalCode }),
        };
  return {
    ...(location.name === undefined ? {} : { name: location.name }),
    ...(address === undefined ? {} : { address }),
  };
}

function nameText(name: HumanName | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (name.text !== undefined) return name.text;
  const text = [...(name.prefix ?? []), ...(name.given ?? []), name.family ?? ''].join(' ').trim();
  return text === '' ? undefined : text;
}
