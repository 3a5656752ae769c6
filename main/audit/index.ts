export { AuditStore, type AuditIdentity, type ChainKeying } from './store';
export { verifyAuditChain, verifyAudit, type VerifyResult, type AnchoredPoint } from './verify';
export type { AuditEventInput, AuditEventRecord, AuditSink } from './event';
export { AUDIT_EVENTS, type AuditEventType } from './event-types';
export type { AuditAnchor, AnchorPoint } from './anchor';
export { HeadLog } from './head-log';
export { fileKeyProvider, sealedKeyProvider, type AuditKeyProvider, type KeySealer } from './key';
export { openAuditTrail, type AuditTrail, type AuditTrailStatus } from './trail';
export { CHAINED_TABLES, type ChainedTable } from './row-events';
