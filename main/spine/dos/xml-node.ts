/** The parsed XML of a DoS answer (fast-xml-parser's objects): reading helpers shared by its readers. */
export type Node = Record<string, unknown>;

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An element's text, trimmed; undefined when empty or absent (with or without attributes beside it). */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (isNode(value) && typeof value['#text'] === 'string') return text(value['#text']);
  return undefined;
}

/** One element or several, as a list of elements. */
export function list(value: unknown): Node[] {
  if (Array.isArray(value)) return value.filter(isNode);
  return isNode(value) ? [value] : [];
}
