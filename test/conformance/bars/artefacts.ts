/**
 * NHS England's BaRS artefacts, as published (official/, copied unchanged from the repositories and
 * commits SOURCES.json names), and the few readers the conformance tests need: the
 * MessageDefinition's resources and cardinalities, the example messages' resources, element paths.
 * A small stand-in for FHIRPath (the `fhirpath` package is not installed here): dotted paths,
 * arrays flattened, as FHIRPath navigates them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** FHIRPath-like navigation: `contact.extension.valuePositiveInt` over every array on the way. */
export function at(value: unknown, path: string): unknown[] {
  let current: unknown[] = arr(value);
  for (const step of path.split('.').filter((s) => s !== '')) current = current.flatMap((v) => arr(obj(v)?.[step]));
  return current;
}

/** Every element path a resource carries (`name.given`, `contact.telecom.rank`…), arrays flattened. */
export function paths(value: unknown, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const item of arr(value)) {
    const o = obj(item);
    if (o === undefined) continue;
    for (const [k, v] of Object.entries(o)) {
      const p = prefix === '' ? k : `${prefix}.${k}`;
      out.add(p);
      for (const inner of paths(v, p)) out.add(inner);
    }
  }
  return out;
}

/** Every `reference` string in a resource, with where it sits. */
export function references(value: unknown, path = ''): { path: string; reference: string }[] {
  const out: { path: string; reference: string }[] = [];
  for (const item of arr(value)) {
    const o = obj(item);
    if (o === undefined) continue;
    for (const [k, v] of Object.entries(o)) {
      if (k === 'reference' && typeof v === 'string') out.push({ path, reference: v });
      else out.push(...references(v, path === '' ? k : `${path}.${k}`));
    }
  }
  return out;
}

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
  for (const f of arr(definition.focus).map(obj)) {
    const code = String(f?.code);
    const max = f?.max === '*' ? Infinity : Number(f?.max);
    const min = Number(f?.min);
    const profiles = arr(f?.profile).map(String);
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
