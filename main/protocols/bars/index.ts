/** BaRS R4 (Booking and Referral Standard): the sender side. */
export { TokenSource, loadPrivateKey, BarsAuthError, type TokenSourceOptions } from './auth';
export { BarsClient, type BarsClientOptions, type BarsCall, type BarsReply } from './client';
export { contextHeaders, type SenderIdentity } from './context-headers';
export { PLAIN_MESSAGES, failureKind, outcomeCode } from './errors';
export { Negotiator, type Negotiated } from './negotiation';
export { parseSlotBundle, type BarsRawSlot } from './slot-bundle';
export { bookingMessage, bookingCancellation, referralRevocation, type Sender } from './message-builders';
export { referralMessage, type ReferralFacts } from './referral-builder';
export { patientContacts } from './patient-resource';
export { BarsAdapter, MemorySentMessages, type BarsAdapterOptions, type SentMessages } from './adapter';
export { ProtocolProbe, type Protocol } from './protocol-probe';
export { correlationIdFor } from './ids';
export { SENDER_USE_CASES } from './codes';
export { SqliteSentMessages } from './sent-store';
export { barsAgent, tlsFetch, type BarsTls } from './tls-fetch';
