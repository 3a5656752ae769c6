import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Booking, Case, ReferralSummary, SessionInfo } from '../../preload/contract';
// The contract's index does not re-export referral.ts; the type comes from the file itself.
import type { ReferralDocument } from '../../preload/contract/referral';
import { AppError, notFound } from '../api/app-error';
import { AUDIT_EVENTS, type AuditSink } from '../audit';
import type { StoredCase } from '../cases';
import type { BookingProtocol, BookingTarget, ExchangeIds } from '../workflow/booking-protocol';
import type { CaseService } from '../workflow/case-service';
import type { Clock } from '../workflow/clock';
import type { ServiceDirectory } from '../workflow/ports';
import { referralBlockedReason, referralContentDigest } from '../workflow/referral-gate';
import { buildCda } from '../protocols/care-connect/referral/cda-document';
import { resolveItkTarget } from '../protocols/care-connect/referral/endpoint';
import type { ItkClient } from '../protocols/care-connect/referral/itk-client';
import { buildItkSoap } from '../protocols/care-connect/referral/itk-envelope';
import { ItkError } from '../protocols/care-connect/referral/itk-errors';
import { protocolReferralFailure } from './protocol-referral-failure';
import type { ReferralStore, StoredReferral } from './referral-store';

export interface ReferralSender {
  organisation: SessionInfo['organisation'];
  /** The logged-on user (the session's), the CDA's author. */
  user: { displayName: string; title?: string; sdsUserId: string; sdsRoleProfileId: string; localUserId: string };
  /** Our ITK address (settings `itk.fromAddress`). */
  itkFromAddress: string;
  /** Settings `itk.endpointOverride`: used only when DoS names no ITK endpoint. */
  endpointOverride?: string;
}

export interface ReferralServiceDeps {
  cases: CaseService;
  referrals: ReferralStore;
  directory: ServiceDirectory;
  itk: ItkClient;
  audit: AuditSink;
  logger: Logger;
  clock: Clock;
  sender: ReferralSender;
  /**
   * Services whose referral goes through the booking protocol (with the booking, same
   * conversation) rather than as a CDA over ITK: `targetFor` answers undefined for the others.
   */
  protocol?: {
    port: Pick<BookingProtocol, 'refer'>;
    targetFor: (caseId: string, serviceId: string) => Promise<BookingTarget | undefined>;
  };
}

/**
 * The CDA referral (digest §8): built from the case, linked to the booking by its document
 * UUID and Appointment URL, sent over ITK, kept and audited whatever happens.
 */
export class ReferralService {
  constructor(private readonly d: ReferralServiceDeps) {}

  /** Sends (or retries) the referral for the case's chosen service; refused for a booking-only service until booked. */
  async send(caseId: string): Promise<{ case: Case; referral: ReferralSummary }> {
    const doc = this.d.cases.load(caseId);
    const service = doc.service;
    if (service === undefined) throw new AppError('conflict', 'Choose a service before sending a referral.', { action: 'Choose a service.' });
    const bookings = this.d.cases.view(doc).bookings;
    if (bookings.some((b) => b.status === 'pending' || b.status === 'unknown' || b.status === 'cancelling' || b.status === 'cancel-unknown')) {
      throw new AppError('conflict', 'We are still checking whether a booking or cancel went through.', { action: 'Send the referral once we know.' });
    }
    this.enforceBookingOnly(doc, bookings);
    // A referral withdrawn at the receiver no longer stands: the next send is a new referral, never a repeat of it.
    const withdrawn = doc.referrals.filter((r) => r.withdrawn !== undefined);
    const standing = this.d.referrals.forCase(caseId).filter((r) => !withdrawn.some((w) => w.id === r.id));
    const booked = bookings.filter((b) => b.serviceId === service.serviceId && b.status === 'booked' && b.appointmentUrl !== undefined).at(-1);
    // One referral per service, booking and notes: a repeat call retries a failed one and never sends a delivered one twice.
    const last = standing.filter((r) => r.serviceId === service.serviceId && r.bookingId === booked?.id).at(-1);
    // Notes or a safeguarding concern saved since it was delivered make the next send an update carrying them (nothing typed is left behind).
    const digest = referralContentDigest(doc);
    const carried = doc.referrals.find((r) => r.id === last?.id)?.notesDigest;
    const newContent = last?.status === 'sent' && carried !== undefined && carried !== digest ? last : undefined;
    const existing = newContent === undefined ? last : undefined;
    // A referral sent earlier with another (now cancelled) appointment, or before the latest notes, makes this one an update.
    const earlier = newContent ?? standing.filter((r) => r.serviceId === service.serviceId && r.status === 'sent' && r.bookingId !== booked?.id).at(-1);
    const kind = newContent !== undefined || standing.some((r) => r.status === 'sent' && r.bookingId !== booked?.id) ? 'update' : 'original';
    if (existing?.status === 'sent') return { case: this.d.cases.view(doc), referral: summary(existing, 'Already sent.', kind) };
    // Sent with an appointment since cancelled, and nothing booked now: main's view offers no send, so a repeat call sends nothing.
    const delivered = standing.filter((r) => r.status === 'sent' && r.serviceId === service.serviceId).at(-1);
    if (delivered !== undefined && booked === undefined && newContent === undefined) return { case: this.d.cases.view(doc), referral: summary(delivered, 'Already sent.', kind) };
    const now = this.d.clock();
    // An update for new notes is a document of its own; otherwise the booking's document id links the two.
    const linked = booked?.documentId !== undefined && !withdrawn.some((w) => w.documentId === booked.documentId) ? booked.documentId : undefined;
    const documentId = newContent !== undefined ? randomUUID() : (linked ?? existing?.documentId ?? randomUUID());
    const protocolTarget = await this.d.protocol?.targetFor(caseId, service.serviceId);
    if (protocolTarget !== undefined) return this.sendThroughProtocol(doc, protocolTarget, { existing, booked, kind, documentId, now, earlier, digest });
    const cda = buildCda({
      documentId,
      caseId,
      caseStartedAt: doc.startedAt,
      createdAt: now,
      patient: doc.patient,
      outcome: doc.outcome,
      ...(doc.registeredPractice !== undefined ? { registeredPractice: doc.registeredPractice } : {}),
      ...(doc.notes !== undefined ? { notes: doc.notes } : {}),
      author: { displayName: this.d.sender.user.displayName, ...(this.d.sender.user.title !== undefined ? { title: this.d.sender.user.title } : {}), sdsUserId: this.d.sender.user.sdsUserId, sdsRoleProfileId: this.d.sender.user.sdsRoleProfileId },
      organisation: this.d.sender.organisation,
      recipient: { serviceId: service.serviceId, name: service.name, ...(service.odsCode !== undefined ? { odsCode: service.odsCode } : {}) },
      ...(booked?.appointmentUrl !== undefined ? { booking: { ...booked, appointmentUrl: booked.appointmentUrl } } : {}),
    });
    let referral: StoredReferral = existing !== undefined
      ? { ...existing, xml: cda.xml, updatedAt: now.toISOString() }
      : {
          id: randomUUID(),
          caseId,
          serviceId: service.serviceId,
          status: 'failed',
          documentId,
          ...(booked !== undefined ? { bookingId: booked.id } : {}),
          ...(booked?.appointmentUrl !== undefined ? { appointmentUrl: booked.appointmentUrl } : {}),
          xml: cda.xml,
          attempts: 0,
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
          lastError: 'Not sent yet.',
        };
    // Kept before anything goes out: a crash or a failure mid-send leaves a referral to retry.
    this.d.referrals.save(referral);
    const auditBase = { type: AUDIT_EVENTS.referralOutcome, caseId, dosServiceId: service.serviceId };
    const detail = { referralId: referral.id, documentId, booked: booked !== undefined, ...(booked?.appointmentUrl !== undefined ? { appointmentUrl: booked.appointmentUrl } : {}) };
    let message: { requestId: string; correlationId: string } | undefined;
    try {
      const target = await resolveItkTarget(this.d.directory, service.serviceId, this.d.sender.endpointOverride);
      referral = { ...referral, endpoint: target.url };
      const soap = buildItkSoap({
        to: target.url,
        from: this.d.sender.itkFromAddress,
        senderOds: this.d.sender.organisation.odsCode,
        recipientAddress: target.recipientAddress,
        interaction: target.interaction,
        cda: cda.tree,
        username: this.d.sender.user.localUserId,
        now,
      });
      message = { requestId: soap.messageId, correlationId: soap.trackingId };
      const accepted = await this.d.itk.send(target.url, soap.xml);
      const sentAt = this.d.clock().toISOString();
      referral = { ...referral, status: 'sent', attempts: referral.attempts + 1, sentAt, updatedAt: sentAt };
      delete referral.lastError;
      this.d.referrals.save(referral);
      this.d.audit.append({ ...auditBase, ...message, outcome: 'sent', httpStatus: accepted.httpStatus, detail: { ...detail, attempt: referral.attempts } });
      const sentSummary = summary(referral, `Sent to ${service.name}${booked !== undefined ? ` with appointment ${booked.reference}` : ' without an appointment'}.`, kind, digest);
      return { case: this.record(doc, sentSummary), referral: sentSummary };
    } catch (error) {
      const failure = error instanceof ItkError ? error : new ItkError('unreachable', (error as Error).message);
      referral = { ...referral, status: 'failed', attempts: referral.attempts + 1, updatedAt: this.d.clock().toISOString(), lastError: failure.userMessage };
      this.d.referrals.save(referral);
      this.d.audit.append({
        ...auditBase,
        ...(message ?? {}),
        outcome: 'failed',
        ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
        detail: { ...detail, attempt: referral.attempts, errorCode: failure.kind, ...(failure.faultCode !== undefined ? { faultCode: failure.faultCode } : {}), error: failure.detail },
      });
      this.d.logger.warn({ dosServiceId: service.serviceId, referralId: referral.id, kind: failure.kind, detail: failure.detail }, 'referral not delivered');
      this.record(doc, summary(referral, failure.userMessage, kind, digest));
      throw new AppError('referral-failed', failure.userMessage, { action: failure.action, detail: failure.detail, reference: referral.id, cause: error });
    }
  }

  /** The protocol's own referral (e.g. a FHIR ServiceRequest message), kept, audited and summarised like the CDA one. */
  private async sendThroughProtocol(
    doc: StoredCase,
    target: BookingTarget,
    at: { existing: StoredReferral | undefined; booked: Booking | undefined; kind: 'original' | 'update'; documentId: string; now: Date; earlier: StoredReferral | undefined; digest: string },
  ): Promise<{ case: Case; referral: ReferralSummary }> {
    const service = doc.service;
    const port = this.d.protocol?.port;
    if (service === undefined || port === undefined) throw new AppError('conflict', 'Choose a service before sending a referral.', { action: 'Choose a service.' });
    const { existing, booked, kind, documentId, now, earlier, digest } = at;
    // The referral this one replaces, where the protocol gave it an address (its endpoint) to withdraw it by.
    const replaces = kind === 'update' && earlier?.endpoint !== undefined ? { url: earlier.endpoint, document: earlier.xml } : undefined;
    let referral: StoredReferral = existing ?? {
      id: randomUUID(),
      caseId: doc.id,
      serviceId: service.serviceId,
      status: 'failed',
      documentId,
      ...(booked !== undefined ? { bookingId: booked.id } : {}),
      ...(booked?.appointmentUrl !== undefined ? { appointmentUrl: booked.appointmentUrl } : {}),
      // Filled with the message as it went out; empty until the adapter has built it.
      xml: '',
      attempts: 0,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      lastError: 'Not sent yet.',
    };
    // Kept before anything goes out: a crash or a failure mid-send leaves a referral to retry.
    this.d.referrals.save(referral);
    const auditBase = { type: AUDIT_EVENTS.referralOutcome, caseId: doc.id, dosServiceId: service.serviceId };
    const detail = {
      referralId: referral.id,
      documentId,
      booked: booked !== undefined,
      ...(booked?.appointmentUrl !== undefined ? { appointmentUrl: booked.appointmentUrl } : {}),
      ...(replaces !== undefined && earlier !== undefined ? { replacesReferralId: earlier.id } : {}),
    };
    const outcome = await port.refer(
      { ...target, caseId: doc.id },
      { caseId: doc.id, documentId, created: new Date(referral.createdAt), ...(booked?.appointmentUrl !== undefined ? { appointmentUrl: booked.appointmentUrl } : {}), ...(replaces !== undefined ? { replaces } : {}) },
    );
    const document = outcome.document ?? referral.xml;
    if (outcome.kind === 'sent') {
      const sentAt = this.d.clock().toISOString();
      referral = { ...referral, xml: document, status: 'sent', attempts: referral.attempts + 1, sentAt, updatedAt: sentAt, ...(outcome.url !== undefined ? { endpoint: outcome.url } : {}) };
      delete referral.lastError;
      this.d.referrals.save(referral);
      this.d.audit.append({
        ...auditBase,
        ...exchangeFields(outcome.exchange),
        outcome: 'sent',
        detail: { ...detail, attempt: referral.attempts, ...(outcome.replacedWithdrawn !== undefined ? { replacedWithdrawn: outcome.replacedWithdrawn } : {}) },
      });
      const replaced = outcome.replacedWithdrawn === true && earlier !== undefined ? this.markReplaced(doc, earlier, booked, sentAt) : '';
      const sentSummary = {
        ...summary(referral, `Sent to ${service.name}${booked !== undefined ? ` with appointment ${booked.reference}` : ' without an appointment'}.${replaced}`, kind, digest, outcome.receiverReference),
        ...(outcome.url !== undefined ? { withdrawable: true } : {}),
      };
      return { case: this.record(doc, sentSummary), referral: sentSummary };
    }
    const told = protocolReferralFailure(outcome.failure.kind);
    referral = { ...referral, xml: document, status: 'failed', attempts: referral.attempts + 1, updatedAt: this.d.clock().toISOString(), lastError: told.message };
    this.d.referrals.save(referral);
    this.d.audit.append({
      ...auditBase,
      ...exchangeFields(outcome.failure.exchange),
      outcome: 'failed',
      detail: { ...detail, attempt: referral.attempts, errorCode: outcome.failure.kind, ...(outcome.failure.code !== undefined ? { faultCode: outcome.failure.code } : {}), error: outcome.failure.detail },
    });
    this.d.logger.warn({ dosServiceId: service.serviceId, referralId: referral.id, kind: outcome.failure.kind, code: outcome.failure.code }, 'referral not delivered');
    this.record(doc, summary(referral, told.message, kind, digest));
    throw new AppError('referral-failed', told.message, { action: told.action, detail: outcome.failure.detail, reference: referral.id });
  }

  /** The CDA document as last sent (or tried), with what became of it, for the user to read. */
  document(referralId: string): ReferralDocument {
    const r = this.d.referrals.get(referralId);
    if (r === undefined) throw notFound('The referral');
    return {
      referralId: r.id,
      documentId: r.documentId,
      status: r.status,
      attempts: r.attempts,
      ...(r.sentAt !== undefined ? { sentAt: r.sentAt } : {}),
      ...(r.endpoint !== undefined ? { endpoint: r.endpoint } : {}),
      ...(r.appointmentUrl !== undefined ? { appointmentUrl: r.appointmentUrl } : {}),
      xml: r.xml,
    };
  }

  /** The booking-only rule (digest §8), decided by the workflow's one gate; the refusal is audited. */
  private enforceBookingOnly(doc: StoredCase, bookings: readonly Booking[]): void {
    const service = doc.service;
    if (service === undefined || !service.bookingOnly) return;
    // The gate also refuses when DoS listed no ITK address; that case is tried (and kept) here, so ask only about the booking.
    const reason = referralBlockedReason({ ...doc, service: { ...service, referralAvailable: true } }, bookings);
    if (reason === undefined) return;
    this.d.audit.append({ type: AUDIT_EVENTS.referralBlocked, caseId: doc.id, dosServiceId: service.serviceId, outcome: 'refused', detail: { reason: 'booking-only' } });
    throw new AppError('referral-blocked', reason, { action: 'Book an appointment first, or choose another service.' });
  }

  /** App1 L154: the referral a re-referral replaced was revoked at the receiver; the case says so, in words. */
  private markReplaced(doc: StoredCase, earlier: StoredReferral, booked: Booking | undefined, at: string): string {
    const service = doc.service?.name ?? 'the service';
    const fresh = this.d.cases.load(doc.id);
    const before = fresh.referrals.find((r) => r.id === earlier.id);
    const was = this.d.cases.view(fresh).bookings.find((b) => b.id === earlier.bookingId);
    if (before !== undefined && before.withdrawn === undefined) {
      const reason = `Replaced by the referral${booked === undefined ? '' : ` for appointment ${booked.reference}`}`;
      this.d.cases.save({ ...fresh, referrals: fresh.referrals.map((r) => (r.id === earlier.id ? { ...r, withdrawn: { at, reason } } : r)) });
    }
    return ` The first referral${was === undefined ? '' : `, with appointment ${was.reference},`} was withdrawn at ${service}.`;
  }

  /** Keeps the case's referral list in step, so the case screen shows every attempt's outcome. */
  private record(doc: StoredCase, s: ReferralSummary): Case {
    const fresh = this.d.cases.load(doc.id);
    const updated: StoredCase = { ...fresh, referrals: [...fresh.referrals.filter((r) => r.id !== s.id), s] };
    this.d.cases.save(updated);
    return this.d.cases.view(updated);
  }
}

/** The ids of a protocol exchange as the audit records them. */
function exchangeFields(ex: ExchangeIds): { requestId: string; correlationId?: string; httpStatus?: number } {
  return { requestId: ex.requestId, ...(ex.correlationId !== undefined ? { correlationId: ex.correlationId } : {}), ...(ex.httpStatus !== undefined ? { httpStatus: ex.httpStatus } : {}) };
}

function summary(r: StoredReferral, message: string, kind: 'original' | 'update' = 'original', digest?: string, receiverReference?: string): ReferralSummary {
  return {
    ...(receiverReference !== undefined ? { receiverReference } : {}),
    ...(digest !== undefined ? { notesDigest: digest } : {}),
    id: r.id,
    serviceId: r.serviceId,
    status: r.status,
    documentId: r.documentId,
    ...(r.bookingId !== undefined ? { bookingId: r.bookingId } : {}),
    kind,
    ...(r.sentAt !== undefined ? { sentAt: r.sentAt } : {}),
    message,
  };
}
