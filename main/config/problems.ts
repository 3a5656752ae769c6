import type { z } from 'zod';
import type { ConfigProblem } from '../../preload/contract';

/** Turns every zod issue into one named field and what is expected, for the configuration screen. */
export function problemsFrom(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(whole file)',
    message: issue.message,
  }));
}
