export { AuditStore, type AuditIdentity } from './store';
export { verifyAuditChain, type VerifyResult } from './verify';
export type { AuditEventInput, AuditEventRecord, AuditSink } from './event';
export { AUDIT_EVENTS, type AuditEventType } from './event-types';
