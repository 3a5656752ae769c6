import type { Logger } from 'pino';
import type { Case, OutcomeMessage } from '../../preload/contract';
import { AppError, notFound } from '../api/app-error';
import { AUDIT_EVENTS, type AuditSink } from '../audit';
import type { StoredReferral } from '../referral/referral-store';
import type { BookingProtocol, BookingTarget, ExchangeIds, ProtocolFailureKind, WithdrawOutcome } from './booking-protocol';
import type { CaseService } from './case-service';
import type { Clock } from './clock';

export interface ReferralWithdrawDeps {
  cases: CaseService;
  referrals: { get(id: string): StoredReferral | undefined };
  port: Pick<BookingProtocol, 'withdrawReferral'>;
  /** The service's protocol target when its referrals go through the booking protocol (BaRS); undefined for ITK. */
  targetFor: (caseId: string, serviceId: string) => Promise<BookingTarget | undefined>;
  audit: AuditSink;
  logger: Logger;
  clock: Clock;
}

/** Why a receiver kept the referral, in words a clinician can act on. */
const WHY: Partial<Record<ProtocolFailureKind, string>> = {
  'not-found': 'the service does not hold this referral',
  'version-conflict': 'the service has already acted on the referral',
  'provider-unavailable': 'the service could not be reached',
  timeout: 'the service did not answer in time',
  'not-authorised': 'the service did not accept this workstation’s credentials',
  unsupported: 'the service has no way to withdraw a referral electronically',
};

/** Failures a second try may get past; the others need the phone. */
const PASSING: ReadonlySet<ProtocolFailureKind> = new Set(['provider-unavailable', 'timeout', 'version-conflict']);

/**
 * BaRS App1 L142/L144: the clinician withdraws a referral they sent, during the consultation or
 * after it, and is told plainly what the receiver said. Nothing is assumed: a lost answer is read
 * back by the adapter, and what is still not known sends the clinician to the phone.
 */
export class ReferralWithdrawal {
  constructor(private readonly d: ReferralWithdrawDeps) {}

  async withdraw(referralId: string, reason: string): Promise<{ case: Case; outcome: OutcomeMessage }> {
    const stored = this.d.referrals.get(referralId);
    if (stored === undefined) throw notFound('The referral');
    const doc = this.d.cases.load(stored.caseId);
    const shown = doc.referrals.find((r) => r.id === referralId);
    const name = doc.service?.serviceId === stored.serviceId ? doc.service.name : 'the service';
    const number = doc.service?.serviceId === stored.serviceId ? doc.service.phone : undefined;
    const phone = number !== undefined ? `phone ${name} on ${number}` : `phone ${name} (use your local service list for the number)`;
    const at = this.d.clock().toISOString();
    if (shown?.withdrawn !== undefined) {
      return { case: this.d.cases.view(doc), outcome: { operation: 'referral-withdraw', tone: 'info', title: 'Referral already withdrawn', known: `The referral to ${name} was withdrawn earlier.`, next: 'Nothing more to do for this referral.', at } };
    }
    if (stored.status !== 'sent') throw new AppError('conflict', 'This referral was not delivered, so there is nothing to withdraw.', { action: 'Send it again only if the patient still needs it.' });
    const target = shown?.withdrawable === true && stored.endpoint !== undefined ? await this.d.targetFor(stored.caseId, stored.serviceId) : undefined;
    if (target === undefined || stored.endpoint === undefined || this.d.port.withdrawReferral === undefined) {
      this.d.audit.append({ type: AUDIT_EVENTS.referralWithdrawOutcome, caseId: stored.caseId, dosServiceId: stored.serviceId, outcome: 'refused', detail: { referralId, errorCode: 'unsupported' } });
      throw new AppError('conflict', `This referral was sent by a route that cannot withdraw it. To withdraw it, ${phone}.`, { action: `To withdraw it, ${phone}.` });
    }
    this.d.audit.append({ type: AUDIT_EVENTS.referralWithdrawAttempt, caseId: stored.caseId, dosServiceId: stored.serviceId, detail: { referralId, serviceRequestUrl: stored.endpoint, reason } });
    const result = await this.d.port.withdrawReferral({ ...target, caseId: stored.caseId }, { caseId: stored.caseId, url: stored.endpoint, document: stored.xml, reason });
    this.audit(stored, result);
    if (result.kind === 'withdrawn') {
      const fresh = this.d.cases.load(stored.caseId);
      const updated = { ...fresh, referrals: fresh.referrals.map((r) => (r.id === referralId ? { ...r, withdrawn: { at, reason } } : r)) };
      this.d.cases.save(updated);
      const outcome: OutcomeMessage = {
        operation: 'referral-withdraw',
        tone: 'success',
        title: `Referral withdrawn at ${name}`,
        known: `${name} has the referral as withdrawn${result.already ? ' (it was already withdrawn there)' : ''}. Reason given: ${reason}`,
        next: 'No referral stands for this patient at this service now. Send a new one only if the patient still needs it.',
        at,
        ...ids(result.exchange),
      };
      return { case: this.d.cases.view(updated), outcome };
    }
    if (result.kind === 'failed') {
      this.d.logger.warn({ referralId, kind: result.failure.kind, code: result.failure.code }, 'referral not withdrawn');
      const why = WHY[result.failure.kind] ?? 'the service refused the request';
      const outcome: OutcomeMessage = {
        operation: 'referral-withdraw',
        tone: 'failure',
        title: 'Referral not withdrawn',
        known: `The referral to ${name} still stands: ${why}.`,
        next: PASSING.has(result.failure.kind) ? `Try again in a moment, or ${phone} to withdraw it.` : `${capital(phone)} to withdraw it.`,
        at,
        failureKind: result.failure.kind,
        ...ids(result.failure.exchange),
        ...(result.failure.code === undefined ? {} : { providerCode: result.failure.code }),
      };
      return { case: this.d.cases.view(doc), outcome };
    }
    this.d.logger.warn({ referralId, reason: result.reason }, 'referral withdrawal not known');
    const outcome: OutcomeMessage = {
      operation: 'referral-withdraw',
      tone: 'uncertain',
      title: 'Not known whether the referral was withdrawn',
      known: `We asked ${name} to withdraw the referral, but no answer came back and it could not be checked.`,
      notKnown: 'Whether the referral still stands.',
      next: `${capital(phone)} to check, then try again if it still stands.`,
      at,
      ...ids(result.exchange),
    };
    return { case: this.d.cases.view(doc), outcome };
  }

  private audit(stored: StoredReferral, result: WithdrawOutcome): void {
    const base = { type: AUDIT_EVENTS.referralWithdrawOutcome, caseId: stored.caseId, dosServiceId: stored.serviceId };
    const exchange = result.kind === 'failed' ? result.failure.exchange : result.exchange;
    const detail =
      result.kind === 'withdrawn'
        ? { referralId: stored.id, already: result.already }
        : result.kind === 'failed'
          ? { referralId: stored.id, errorCode: result.failure.kind, ...(result.failure.code === undefined ? {} : { providerCode: result.failure.code }), error: result.failure.detail }
          : { referralId: stored.id, error: result.reason };
    this.d.audit.append({ ...base, ...auditIds(exchange), outcome: result.kind, detail });
  }
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function ids(e: ExchangeIds): { requestId?: string; httpStatus?: number } {
  return { ...(e.requestId === '' ? {} : { requestId: e.requestId }), ...(e.httpStatus === undefined ? {} : { httpStatus: e.httpStatus }) };
}

function auditIds(e: ExchangeIds): { requestId?: string; correlationId?: string; httpStatus?: number } {
  return { ...ids(e), ...(e.correlationId === undefined ? {} : { correlationId: e.correlationId }) };
}
