export { AuditStore, type AuditIdentity } from './store';
export { verifyAuditChain, type VerifyResult } from './verify';
export type { AuditEventInput, AuditEventRecord, AuditSink } from './event';
