/**
 * NHS England's BaRS artefacts, as published (official/, copied unchanged from the repositories and
 * commits SOURCES.json names), and the few readers the conformance tests need: the
 * MessageDefinition's resources and cardinalities, the example messages' resources, element paths.
 * Paths, references and invariants are evaluated by FHIRPath (the `fhirpath` package with its R4
 * model, BaRS being R4), so choice types, Reference-typed elements and FHIR's own invariant
 * expressions are read as the specification defines them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';

export type Json = Record<string, unknown>;
export interface Entry {
  fullUrl: string;
  resource: Json & { resourceType: string; id?: string };
}

const DIR = join(import.meta.dirname, 'official');
export const official = (file: string): Json => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Json;

export const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
export const entriesOf = (bundle: Json): Entry[] => arr(bundle.entry).map((e) => e as Entry);

/** A FHIRPath expression over a resource, a Bundle or part of one, with the R4 model: its result collection. */
export function at(value: unknown, expression: string): unknown[] {
  if (value === undefined) return [];
  return fhirpath.evaluate(value, expression, undefined, r4) as unknown[];
}

/** What FHIRPath hands back with `resolveInternalTypes: false`: the node, its JSON and its parent. */
interface Node {
  data: unknown;
  /** null on the resource itself. */
  propName?: string | null;
  parentResNode?: Node | null;
}
const nodes = (value: unknown, expression: string): Node[] => fhirpath.evaluate(value, expression, undefined, r4, { resolveInternalTypes: false }) as Node[];
/** A node's element path from the resource it is in: `contact.extension.valuePositiveInt`. */
const pathOf = (n: Node): string => {
  const parent = n.parentResNode;
  return parent?.propName === undefined || parent.propName === null ? (n.propName ?? '') : `${pathOf(parent)}.${n.propName ?? ''}`;
};

/** Every element path a resource carries (`name.given`, `contact.telecom.rank`…): FHIRPath's descendants(), by where each sits. */
export function paths(resource: unknown): Set<string> {
  return new Set(nodes(resource, 'descendants()').map(pathOf));
}

/** Every Reference-typed element of a resource (FHIRPath `descendants().ofType(Reference)`), with where it sits. */
export function references(resource: unknown): { path: string; reference: string }[] {
  return nodes(resource, 'descendants().ofType(Reference)').flatMap((n) => {
    const reference = obj(n.data)?.reference;
    return typeof reference === 'string' ? [{ path: pathOf(n), reference }] : [];
  });
}

/** How many entries of a message are resources of `type` (FHIRPath `entry.resource.ofType(…)`). */
export const countOf = (bundle: Json, type: string): number => Number(at(bundle, `entry.resource.ofType(${type}).count()`)[0]);

export interface Allowed {
  code: string;
  min: number;
  max: number;
  profiles: string[];
}

/** The MessageDefinition files by their canonical URL. */
const DEFINITION_FILES = ['MD-booking-request.json', 'MD-booking-request-cancelled.json', 'MD-servicerequest-request-referral.json', 'MD-servicerequest-request-cancelled.json'];
export const DEFINITIONS: Map<string, Json> = new Map(DEFINITION_FILES.map((f) => {
  const md = official(f);
  return [String(md.url), md];
}));

/**
 * What a MessageDefinition allows, per resource type: its focus rows summed (the referral lists
 * Location and Flag twice, under two profiles), `Bundle` being the message itself.
 */
export function allowedResources(definition: Json): Map<string, Allowed> {
  const out = new Map<string, Allowed>();
  for (const f of at(definition, 'focus')) {
    const code = String(at(f, 'code')[0]);
    const max = at(f, 'max')[0] === '*' ? Infinity : Number(at(f, 'max')[0]);
    const min = Number(at(f, 'min')[0]);
    const profiles = at(f, 'profile').map(String);
    const seen = out.get(code);
    out.set(code, seen === undefined ? { code, min, max, profiles } : { code, min: seen.min + min, max: seen.max + max, profiles: [...seen.profiles, ...profiles] });
  }
  return out;
}

/** The example message the standard gives for each kind of message we send. */
export const EXAMPLES = {
  booking: official('BOOKREQ01.json'),
  bookingCancelled: official('BOOKREQ02.json'),
  referral: official('REFREQ01.json'),
  referralRevoked: official('SERVREQ01.json'),
} as const;
