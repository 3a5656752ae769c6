import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../main/api/app-error';
import { AuditStore, verifyAuditChain } from '../../main/audit';
import { CaseStore } from '../../main/cases';
import { DEFAULT_SETTINGS } from '../../main/config';
import { openDatabase } from '../../main/db/database';
import { BOOKED_SECTION_TITLE, ItkClient, ReferralService, ReferralStore } from '../../main/referral';
import type { BookingTarget, ReferOutcome, ReferralInput } from '../../main/workflow/booking-protocol';
import type { DosService, ServiceDirectory } from '../../main/workflow/ports';
import { CaseService } from '../../main/workflow/case-service';
import { booking, chosenService, DOCUMENT_ID, PATIENT, APPOINTMENT_URL } from './fixtures';

type Answer = 'ack' | 'fault' | 'http-500';

/** A stand-in ITK endpoint: answers as told and keeps every message. */
async function itkEndpoint(): Promise<{ url: string; server: Server; received: string[]; answer: { next: Answer } }> {
  const received: string[] = [];
  const answer = { next: 'ack' as Answer };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push(body);
      if (answer.next === 'http-500') return void res.writeHead(500).end('oops');
      const inner =
        answer.next === 'fault'
          ? '<soap:Fault><faultcode>soap:Server</faultcode><faultstring>Service unavailable</faultstring><detail><itk:ToolkitErrorInfo><itk:ErrorCode>2500</itk:ErrorCode><itk:ErrorText>Down for maintenance</itk:ErrorText></itk:ToolkitErrorInfo></detail></soap:Fault>'
          : '<itk:SimpleMessageResponse>OK</itk:SimpleMessageResponse>';
      res.writeHead(answer.next === 'fault' ? 500 : 200, { 'Content-Type': 'text/xml' });
      res.end(`<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:itk="urn:nhs-itk:ns:201005"><soap:Body>${inner}</soap:Body></soap:Envelope>`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/itk/2000012345`, server, received, answer };
}

function dosService(itkAddress: string | undefined): DosService {
  return {
    id: '2000012345',
    name: 'Riverside Urgent Treatment Centre',
    odsCode: 'RX8AA',
    rank: 1,
    requireBooking: 'absent',
    endpoints: itkAddress === undefined ? [] : [{ transport: 'itk', format: 'CDA', interaction: 'urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0', businessScenario: 'Primary', address: itkAddress }],
  };
}

let endpoint: Awaited<ReturnType<typeof itkEndpoint>>;
let logLines: string[];

/** A booking protocol that refers by itself: keeps every call and answers as told. */
function protocolPort() {
  const calls: { target: BookingTarget; input: ReferralInput }[] = [];
  const answer: { next: ReferOutcome['kind'] } = { next: 'sent' };
  const port = {
    refer: (target: BookingTarget, input: ReferralInput): Promise<ReferOutcome> => {
      calls.push({ target, input });
      const exchange = { requestId: input.documentId, correlationId: 'corr-of-the-case', attempts: 1, httpStatus: answer.next === 'sent' ? 200 : 503 };
      const document = JSON.stringify({ resourceType: 'Bundle', request: input.documentId, appointment: input.appointmentUrl ?? null });
      return Promise.resolve(answer.next === 'sent' ? { kind: 'sent', exchange, document } : { kind: 'failed', document, failure: { kind: 'provider-unavailable', detail: '503 from the receiver', exchange } });
    },
  };
  return { port, calls, answer };
}

function setup(options: { itkAddress?: string | null; bookingOnly?: boolean; booked?: boolean; protocol?: ReturnType<typeof protocolPort> } = {}) {
  const db = openDatabase(':memory:');
  const clock = () => new Date('2026-06-10T09:30:00.000Z');
  const audit = new AuditStore(db, { userId: 'user-7f3a', workstation: 'ws-test' }, clock);
  const caseStore = new CaseStore(db);
  const cases = new CaseService(caseStore, audit, DEFAULT_SETTINGS, clock);
  const opened = cases.start({ patient: PATIENT, dispositionCode: 'Dx05', registeredPractice: { odsCode: 'B82002' }, startedAt: '2026-06-10T09:00:00.000Z' });
  cases.save({ ...cases.load(opened.id), service: chosenService({ bookingOnly: options.bookingOnly ?? false }) });
  if (options.booked === true) caseStore.saveBooking(booking({ caseId: opened.id }));
  const address = options.itkAddress === null ? undefined : (options.itkAddress ?? endpoint.url);
  const directory: ServiceDirectory = { findServices: () => Promise.resolve([]), getService: () => Promise.resolve(dosService(address)) };
  logLines = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
  const referrals = new ReferralStore(db);
  const service = new ReferralService({
    cases,
    referrals,
    directory,
    itk: new ItkClient({ timeoutMs: 2000, allowInsecureLoopback: true }),
    audit,
    logger,
    clock,
    sender: {
      organisation: { odsCode: 'X99999', name: 'Sandbox NHS 111 Service' },
      user: { displayName: 'Hannah Clarke', sdsUserId: '687227875014', sdsRoleProfileId: 'UNK', localUserId: 'user-7f3a' },
      itkFromAddress: 'urn:nhs-uk:addressing:ods:X99999',
    },
    ...(options.protocol === undefined
      ? {}
      : { protocol: { port: options.protocol.port, targetFor: (caseId: string, serviceId: string) => Promise.resolve({ dosServiceId: serviceId, asid: '', endpoints: { search: '', book: '', read: '', cancel: '' }, interactions: [], caseId }) } }),
  });
  const referralEvents = () => audit.eventsForCase(opened.id).filter((e) => e.type.startsWith('referral.'));
  return { db, cases, service, referrals, caseId: opened.id, referralEvents };
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

beforeEach(async () => {
  endpoint = await itkEndpoint();
});
afterEach(async () => {
  await new Promise<void>((resolve) => endpoint.server.close(() => resolve()));
});

describe('sending the referral', () => {
  it('after a booking: the CDA carries the booking’s UUID and Appointment URL, is sent, kept and audited', async () => {
    const s = setup({ booked: true });
    const { case: c, referral } = await s.service.send(s.caseId);
    expect(referral).toMatchObject({ status: 'sent', documentId: DOCUMENT_ID, serviceId: '2000012345' });
    expect(c.referrals).toEqual([referral]);
    expect(endpoint.received).toHaveLength(1);
    expect(endpoint.received[0]).toContain(`<id root="${DOCUMENT_ID.toUpperCase()}"/>`);
    const { xml, ...kept } = s.service.document(referral.id);
    expect(kept).toEqual({ referralId: referral.id, documentId: DOCUMENT_ID, status: 'sent', attempts: 1, sentAt: '2026-06-10T09:30:00.000Z', endpoint: endpoint.url, appointmentUrl: APPOINTMENT_URL });
    expect(xml).toContain(BOOKED_SECTION_TITLE);
    expect(xml).toContain(APPOINTMENT_URL);
    const events = s.referralEvents();
    expect(events.map((e) => [e.type, e.outcome])).toEqual([['referral.outcome', 'sent']]);
    expect(events[0]?.detail).toMatchObject({ referralId: referral.id, documentId: DOCUMENT_ID, booked: true, appointmentUrl: APPOINTMENT_URL, attempt: 1 });
    expect(verifyAuditChain(s.db).ok).toBe(true);
  });

  it('without a booking: a fresh document id and no booked section', async () => {
    const s = setup();
    const { referral } = await s.service.send(s.caseId);
    expect(referral.status).toBe('sent');
    expect(referral.documentId).not.toBe(DOCUMENT_ID);
    expect(s.service.document(referral.id).xml).not.toContain(BOOKED_SECTION_TITLE);
    expect(s.referralEvents()[0]?.detail).toMatchObject({ booked: false });
  });

  it('a second send of a delivered referral does not send it twice', async () => {
    const s = setup({ booked: true });
    const first = await s.service.send(s.caseId);
    const again = await s.service.send(s.caseId);
    expect(again.referral.id).toBe(first.referral.id);
    expect(endpoint.received).toHaveLength(1);
    expect(s.referralEvents()).toHaveLength(1);
  });
});

describe('the booking-only gate', () => {
  it('refuses before a booking with referral-blocked, audited, nothing sent or kept', async () => {
    const s = setup({ bookingOnly: true });
    const error = await failure(s.service.send(s.caseId));
    expect(error.code).toBe('referral-blocked');
    expect(error.message).toContain('only accepts patients with a booked appointment');
    expect(endpoint.received).toHaveLength(0);
    expect(s.referrals.forCase(s.caseId)).toEqual([]);
    expect(s.referralEvents().map((e) => [e.type, e.outcome, e.detail])).toEqual([['referral.blocked', 'refused', { reason: 'booking-only' }]]);
  });

  it('lets the referral go once booked', async () => {
    const s = setup({ bookingOnly: true, booked: true });
    expect((await s.service.send(s.caseId)).referral.status).toBe('sent');
  });
});

describe('when the referral cannot be delivered', () => {
  it('endpoint down: a clear message, the referral kept and audited; the retry sends the same document', async () => {
    const s = setup({ booked: true, itkAddress: 'http://127.0.0.1:9/itk/2000012345' });
    const error = await failure(s.service.send(s.caseId));
    expect(error.code).toBe('referral-failed');
    expect(error.message).toBe('The service’s referral system could not be reached.');
    expect(error.extras.action).toContain('The referral is saved');
    const kept = s.referrals.forCase(s.caseId);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ status: 'failed', attempts: 1, documentId: DOCUMENT_ID, endpoint: 'http://127.0.0.1:9/itk/2000012345' });
    expect(kept[0]?.xml).toContain(APPOINTMENT_URL);
    const caseAfter = s.cases.get(s.caseId);
    expect(caseAfter.referrals.map((r) => r.status)).toEqual(['failed']);
    expect(s.referralEvents()[0]).toMatchObject({ outcome: 'failed', detail: { errorCode: 'unreachable', attempt: 1 } });
    expect(logLines.join('\n')).not.toMatch(/9434765919|Smith|Jane/);
  });

  it('a SOAP fault is kept and audited with the fault; the retry succeeds with the same referral and document id', async () => {
    const s = setup({ booked: true });
    endpoint.answer.next = 'fault';
    const error = await failure(s.service.send(s.caseId));
    expect(error.message).toBe('The service’s referral system rejected the referral.');
    expect(s.referralEvents()[0]).toMatchObject({ outcome: 'failed', httpStatus: 500, detail: { errorCode: 'soap-fault', faultCode: 'soap:Server' } });
    const failed = s.referrals.forCase(s.caseId)[0];
    endpoint.answer.next = 'ack';
    const retried = await s.service.send(s.caseId);
    expect(retried.referral).toMatchObject({ id: failed?.id, status: 'sent', documentId: DOCUMENT_ID });
    expect(s.referrals.get(retried.referral.id)?.attempts).toBe(2);
    expect(s.referralEvents().map((e) => e.outcome)).toEqual(['failed', 'sent']);
    expect(retried.case.referrals).toHaveLength(1);
  });

  it('an HTTP error is a failure kept for retry', async () => {
    const s = setup();
    endpoint.answer.next = 'http-500';
    expect((await failure(s.service.send(s.caseId))).code).toBe('referral-failed');
    expect(s.referralEvents()[0]).toMatchObject({ outcome: 'failed', httpStatus: 500, detail: { errorCode: 'http-error' } });
  });

  it('a directory entry without an ITK endpoint: a clear message, the document kept, the attempt audited', async () => {
    const s = setup({ itkAddress: null });
    const error = await failure(s.service.send(s.caseId));
    expect(error.message).toContain('no referral (ITK) address');
    expect(s.referrals.forCase(s.caseId)[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(s.referralEvents()[0]).toMatchObject({ outcome: 'failed', detail: { errorCode: 'no-endpoint' } });
    expect(endpoint.received).toHaveLength(0);
  });

  it('the document of an unknown referral is not-found', () => {
    const s = setup();
    expect(() => s.service.document('00000000-0000-4000-8000-000000000000')).toThrow(AppError);
  });
});

describe('a service whose booking protocol carries the referral', () => {
  it('sends it through the protocol with the booking, not over ITK, and keeps and audits it like a CDA referral', async () => {
    const protocol = protocolPort();
    const s = setup({ booked: true, itkAddress: null, protocol });
    const { case: c, referral } = await s.service.send(s.caseId);
    expect(endpoint.received).toHaveLength(0);
    expect(protocol.calls).toHaveLength(1);
    expect(protocol.calls[0]?.input).toMatchObject({ caseId: s.caseId, documentId: DOCUMENT_ID, appointmentUrl: APPOINTMENT_URL });
    expect(referral).toMatchObject({ status: 'sent', documentId: DOCUMENT_ID, serviceId: '2000012345' });
    expect(c.referrals).toEqual([referral]);
    const kept = s.service.document(referral.id);
    expect(kept).toMatchObject({ status: 'sent', attempts: 1, appointmentUrl: APPOINTMENT_URL });
    expect(kept.xml).toContain(APPOINTMENT_URL);
    const events = s.referralEvents();
    expect(events.map((e) => [e.type, e.outcome])).toEqual([['referral.outcome', 'sent']]);
    expect(events[0]).toMatchObject({ requestId: DOCUMENT_ID, correlationId: 'corr-of-the-case', httpStatus: 200 });
    expect(events[0]?.detail).toMatchObject({ referralId: referral.id, documentId: DOCUMENT_ID, booked: true, appointmentUrl: APPOINTMENT_URL, attempt: 1 });
    expect(verifyAuditChain(s.db).ok).toBe(true);
  });

  it('never sends a delivered referral twice', async () => {
    const protocol = protocolPort();
    const s = setup({ booked: true, protocol });
    const first = await s.service.send(s.caseId);
    const again = await s.service.send(s.caseId);
    expect(again.referral).toMatchObject({ id: first.referral.id, status: 'sent', message: 'Already sent.' });
    expect(protocol.calls).toHaveLength(1);
    expect(s.referralEvents().filter((e) => e.outcome === 'sent')).toHaveLength(1);
  });

  it('a failed send is kept, audited and told plainly; the retry is the same referral (same id, same creation time)', async () => {
    const protocol = protocolPort();
    protocol.answer.next = 'failed';
    const s = setup({ booked: true, protocol });
    const error = await failure(s.service.send(s.caseId));
    expect(error.code).toBe('referral-failed');
    expect(error.message).toMatch(/could not be reached/);
    const failed = s.referrals.forCase(s.caseId);
    expect(failed).toMatchObject([{ status: 'failed', attempts: 1 }]);
    protocol.answer.next = 'sent';
    const { referral } = await s.service.send(s.caseId);
    expect(referral).toMatchObject({ id: failed[0]?.id, status: 'sent' });
    expect(protocol.calls.map((c) => c.input.documentId)).toEqual([DOCUMENT_ID, DOCUMENT_ID]);
    expect(protocol.calls[1]?.input.created).toEqual(protocol.calls[0]?.input.created);
    expect(s.referralEvents().map((e) => e.outcome)).toEqual(['failed', 'sent']);
  });
});
