import { z } from 'zod';
import { call } from './define';
import { Empty, Instant, Uuid } from './common';

export const AuditEventView = z.object({
  id: Uuid,
  seq: z.number().int(),
  at: Instant,
  type: z.string(),
  outcome: z.string().optional(),
  httpStatus: z.number().int().optional(),
  requestId: z.string().optional(),
  dosServiceId: z.string().optional(),
});

export const VerifyReport = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  problems: z.array(z.object({ seq: z.number().int(), problem: z.string() })),
});
export type VerifyReport = z.infer<typeof VerifyReport>;

export const audit = {
  verify: call(Empty, VerifyReport),
  caseEvents: call(z.object({ caseId: Uuid }), z.object({ events: z.array(AuditEventView) })),
};
