import type { z } from 'zod';

/** Parses untrusted input with a schema, listing every failing path (Signal's parseUnknown). */
export function parseUnknown<S extends z.ZodType>(schema: S, value: unknown): { ok: true; value: z.output<S> } | { ok: false; problems: string[] } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(request)'}: ${i.message}`),
  };
}
