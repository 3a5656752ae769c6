/**
 * Fault injection per DoS service id, so a demo or a test can make one service misbehave the
 * way live Providers and the SSP do, optionally only for one operation or the next N requests.
 */
import { z } from 'zod';

export const Operation = z.enum(['metadata', 'search', 'book', 'read', 'cancel']);
export type Operation = z.infer<typeof Operation>;

const scope = {
  /** Only this operation; absent = every operation on the service. */
  operation: Operation.optional(),
  /** Only the next N matching requests; absent = until cleared. */
  times: z.number().int().positive().optional(),
  /** Lets the first N matching requests through untouched (e.g. the read before a cancel, not the one after). */
  skip: z.number().int().nonnegative().optional(),
};

export const Fault = z.discriminatedUnion('kind', [
  /** Answers correctly, but late. */
  z.object({ kind: z.literal('delay'), delayMs: z.number().int().nonnegative().max(600_000), ...scope }),
  /** Never answers (the SSP turns this into a 504 after its timeout). */
  z.object({ kind: z.literal('timeout'), ...scope }),
  /** Processes the request (the booking exists) and then drops the connection: the answer is lost. */
  z.object({ kind: z.literal('drop-after-commit'), ...scope }),
  /** 500 with an OperationOutcome, before doing anything. */
  z.object({ kind: z.literal('server-error'), ...scope }),
  /** The SSP answers 502 (Provider offline) without forwarding. */
  z.object({ kind: z.literal('ssp-502'), ...scope }),
  /** The SSP answers 504 (Provider timed out) without forwarding. */
  z.object({ kind: z.literal('ssp-504'), ...scope }),
  /** 200 with a body that is not JSON. */
  z.object({ kind: z.literal('malformed-json'), ...scope }),
  /** The real answer's headers, half its body, then the connection closes. */
  z.object({ kind: z.literal('truncated-body'), ...scope }),
  /** Slot search answers with a bundle of roughly `megabytes` MB (default 20). */
  z.object({ kind: z.literal('huge-bundle'), megabytes: z.number().positive().max(200).optional(), ...scope }),
  /** Slot search answers with `count` slots (default 10,000) and all includes. */
  z.object({ kind: z.literal('many-slots'), count: z.number().int().positive().max(200_000).optional(), ...scope }),
  /** BaRS: the proxy or receiver refuses with this status and the standard's OperationOutcome (409: `conflict` or `duplicate`). */
  z.object({
    kind: z.literal('http-status'),
    status: z.literal([400, 403, 404, 406, 408, 409, 422, 425, 429, 500, 503]),
    issue: z.enum(['conflict', 'duplicate']).optional(),
    ...scope,
  }),
  /** The connection closes before anything is processed: nothing happened and the answer is lost. */
  z.object({ kind: z.literal('lost-answer'), ...scope }),
  /** Does the work (the booking exists), then answers 201 with Location and ETag but a body nobody can read. */
  z.object({ kind: z.literal('unreadable-body'), ...scope }),
  /** Refuses with 422 before doing anything: `slot-unavailable` (the slot's gone) or `invalid-body` (our request was refused). */
  z.object({ kind: z.literal('reject-422'), reason: z.enum(['slot-unavailable', 'invalid-body']), ...scope }),
  /** Does the work, then the gateway answers 504: e.g. a cancel committed whose answer is lost. */
  z.object({ kind: z.literal('commit-then-504'), ...scope }),
  /** Refuses an update as if someone changed the appointment first: 409 Conflict (default) or 412 Precondition Failed. */
  z.object({ kind: z.literal('version-conflict'), status: z.literal([409, 412]).optional(), ...scope }),
  /** Answers 404 without looking (e.g. a read of an appointment the Provider does hold). */
  z.object({ kind: z.literal('not-found-404'), ...scope }),
]);
export type Fault = z.infer<typeof Fault>;

export interface FaultControl {
  set(serviceId: string, fault: Fault): void;
  /** Clears one service's fault, or every fault when no id is given. */
  clear(serviceId?: string): void;
  get(serviceId: string): Fault | undefined;
}

/** The registry key of a fault set on one slot rather than a whole service. */
export const slotKey = (slotId: string): string => `slot:${slotId}`;

export class FaultRegistry implements FaultControl {
  /** Usually one fault per key; `add` stacks faults for different steps of one flow (e.g. cancel then read). */
  private readonly faults = new Map<string, Fault[]>();

  set(serviceId: string, fault: Fault): void {
    this.faults.set(serviceId, [Fault.parse(fault)]);
  }

  /** Adds a fault beside those already set for this key; the first one matching a request applies. */
  add(serviceId: string, fault: Fault): void {
    this.faults.set(serviceId, [...(this.faults.get(serviceId) ?? []), Fault.parse(fault)]);
  }

  clear(serviceId?: string): void {
    if (serviceId === undefined) this.faults.clear();
    else this.faults.delete(serviceId);
  }

  get(serviceId: string): Fault | undefined {
    return this.faults.get(serviceId)?.[0];
  }

  /** The fault that applies to this request, counting it against `skip` and `times`; `kinds` limits who consumes it. */
  take(serviceId: string | undefined, operation: Operation, kinds: readonly Fault['kind'][]): Fault | undefined {
    if (serviceId === undefined) return undefined;
    const list = this.faults.get(serviceId) ?? [];
    const index = list.findIndex((f) => kinds.includes(f.kind) && (f.operation === undefined || f.operation === operation));
    const fault = list[index];
    if (fault === undefined) return undefined;
    const rest = list.filter((_, i) => i !== index);
    const keep = (next: Fault | undefined): void => {
      const updated = next === undefined ? rest : list.map((f, i) => (i === index ? next : f));
      if (updated.length === 0) this.faults.delete(serviceId);
      else this.faults.set(serviceId, updated);
    };
    if (fault.skip !== undefined && fault.skip > 0) {
      keep({ ...fault, skip: fault.skip - 1 });
      return undefined;
    }
    if (fault.times !== undefined) keep(fault.times <= 1 ? undefined : { ...fault, times: fault.times - 1 });
    return fault;
  }

  snapshot(): Record<string, Fault> {
    return Object.fromEntries([...this.faults].flatMap(([k, list]) => (list[0] === undefined ? [] : [[k, list[0]]])));
  }
}

/** Faults the SSP acts on; the Provider acts on the rest. */
export const SSP_FAULTS = ['ssp-502', 'ssp-504'] as const;
export const PROVIDER_FAULTS = [
  'delay',
  'timeout',
  'drop-after-commit',
  'server-error',
  'malformed-json',
  'truncated-body',
  'huge-bundle',
  'many-slots',
  'unreadable-body',
  'reject-422',
  'commit-then-504',
  'not-found-404',
  'version-conflict',
] as const;
/** Faults the BaRS proxy and receivers act on. */
export const BARS_FAULTS = [
  'delay',
  'timeout',
  'drop-after-commit',
  'server-error',
  'malformed-json',
  'many-slots',
  'http-status',
  'lost-answer',
] as const;
