import type { BundleEntry, Reference, Resource } from './types';

type AnyResource = { resourceType: string; id?: string };

/** `Type/id` from a relative or absolute reference or fullUrl, ignoring any `_history/<v>` tail. */
export function referenceKey(reference: string): string | undefined {
  const trimmed = reference.split(/[?#]/, 1)[0] ?? '';
  const parts = trimmed.split('/').filter((p) => p !== '');
  const history = parts.lastIndexOf('_history');
  const end = history >= 2 ? history : parts.length;
  const type = parts[end - 2];
  const id = parts[end - 1];
  if (type === undefined || id === undefined || !/^[A-Z][A-Za-z]+$/.test(type)) return undefined;
  return `${type}/${id}`;
}

/**
 * Resolves references inside one Bundle (digest §6: relative or absolute references and fullUrls,
 * duplicates, unrequested resources). The first copy of a duplicated resource wins.
 */
export class BundleIndex {
  private readonly byKey = new Map<string, AnyResource>();
  private readonly byFullUrl = new Map<string, AnyResource>();

  /** `skip`: resource types nothing will point at (e.g. Slot in a slot search), left out for speed. */
  constructor(entries: readonly BundleEntry[], skip: ReadonlySet<string> = new Set()) {
    for (const entry of entries) {
      const resource = entry.resource;
      if (resource === undefined || typeof resource.resourceType !== 'string' || skip.has(resource.resourceType)) continue;
      if (entry.fullUrl !== undefined && !this.byFullUrl.has(entry.fullUrl)) this.byFullUrl.set(entry.fullUrl, resource);
      if (typeof resource.id === 'string') {
        const key = `${resource.resourceType}/${resource.id}`;
        if (!this.byKey.has(key)) this.byKey.set(key, resource);
      }
    }
  }

  /** The resource a reference points at, if it is in the Bundle and of the expected type. */
  resolve<T extends Resource>(ref: Reference<T> | undefined, type: T['resourceType']): AnyResource | undefined {
    const text = ref?.reference;
    if (text === undefined || text.startsWith('#')) return undefined;
    const found = this.byFullUrl.get(text) ?? this.lookupKey(text);
    return found?.resourceType === type ? found : undefined;
  }

  private lookupKey(text: string): AnyResource | undefined {
    const key = referenceKey(text);
    return key === undefined ? undefined : this.byKey.get(key);
  }
}
