/** What a caller hands the audit store; the store adds id, time, sequence and the hash chain. */
export interface AuditEventInput {
  /** Dotted event type, e.g. `slots.search.attempt`, `booking.outcome`. See audit/event-types.ts. */
  type: string;
  caseId?: string;
  dosServiceId?: string;
  asid?: string;
  requestId?: string;
  correlationId?: string;
  httpStatus?: number;
  /** e.g. `ok`, `error`, `no-slots`, `slot-taken`, `unknown`. */
  outcome?: string;
  /** Anything else the reports or an investigation need; JSON-serialisable. */
  detail?: Record<string, unknown>;
}

/** Where every step of the workflow is recorded; appends are durable before they return. */
export interface AuditSink {
  append(event: AuditEventInput): AuditEventRecord;
}

export interface AuditEventRecord extends AuditEventInput {
  id: string;
  seq: number;
  /** UTC ISO instant. */
  at: string;
  userId: string;
  workstation: string;
  hash: string;
  prevHash: string;
}
