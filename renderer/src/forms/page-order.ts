import type { FieldError } from './ErrorSummary';

/**
 * The errors in the order their fields appear on the page, so the summary reads top to
 * bottom like the form; a field not on the page keeps its place at the end.
 */
export function inPageOrder(errors: readonly FieldError[], root: ParentNode = document): FieldError[] {
  const position = (id: string): Element | null => root.querySelector(`#${CSS.escape(id)}`);
  return errors
    .map((e, i) => ({ e, i, el: position(e.fieldId) }))
    .sort((a, b) => {
      if (a.el === null || b.el === null) return a.el === null && b.el === null ? a.i - b.i : a.el === null ? 1 : -1;
      if (a.el === b.el) return a.i - b.i;
      return a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    })
    .map((x) => x.e);
}

/**
 * After a failed submit, each change keeps only the errors whose field is still wrong (with
 * its current message): a corrected field loses its error at once, and nothing new appears
 * until the next submit.
 */
export function stillWrong(shown: readonly FieldError[], now: readonly FieldError[]): FieldError[] {
  const current = new Map<string, string>();
  for (const e of now) if (!current.has(e.fieldId)) current.set(e.fieldId, e.message);
  const kept: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of shown) {
    const message = current.get(e.fieldId);
    if (message === undefined || seen.has(e.fieldId)) continue;
    seen.add(e.fieldId);
    kept.push({ fieldId: e.fieldId, message: e.message === message || now.some((n) => n.fieldId === e.fieldId && n.message === e.message) ? e.message : message });
  }
  return kept;
}
