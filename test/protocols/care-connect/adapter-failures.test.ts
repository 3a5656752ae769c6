/**
 * Issue 18, over HTTP: what a Provider answers reaches the workflow and the audit as one reading.
 * Before, a 422 "Slot no longer available" was audited `slot-taken` by the client and `rejected`
 * by the workflow, and a cancel answered 404 read as "still booked".
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CareConnectProtocol } from '../../../main/protocols/care-connect';
import { ProviderClient } from '../../../main/protocols/care-connect/provider';
import type { BookingTarget, PreparedRequest } from '../../../main/workflow/booking-protocol';
import { FakeProvider, fhir, MemoryAudit, testJwt } from '../../provider/fake-provider';

let fake: FakeProvider;
let audit: MemoryAudit;
let protocol: CareConnectProtocol;
let target: BookingTarget;

beforeAll(async () => {
  fake = await FakeProvider.start();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  audit = new MemoryAudit();
  const client = new ProviderClient({
    sspBaseUrl: fake.sspBaseUrl,
    ourAsid: '200000000359',
    jwt: testJwt,
    audit,
    allowInsecureLoopback: true,
    retryDelayMs: 1,
    retries: { read: 0, bookLostAnswer: 0 },
    timeouts: { search: 2000, book: 2000, read: 2000, cancel: 2000 },
  });
  protocol = new CareConnectProtocol(client, { createAppointment: 'urn:create', updateAppointment: 'urn:update' });
  const root = fake.serviceRoot;
  target = { dosServiceId: '1001234567', asid: '918999198738', endpoints: { search: root, book: root, read: root, cancel: root }, interactions: [] };
});

const request: PreparedRequest = {
  requestId: '6f1c1a4e-5d2b-4e7f-9a0b-1c2d3e4f5a6b',
  method: 'POST',
  interaction: 'book',
  path: 'Appointment',
  body: '{"resourceType":"Appointment"}',
  headers: { 'Ssp-InteractionID': 'urn:create', 'Content-Type': 'application/fhir+json;charset=utf-8' },
};
// Far enough ahead for one attempt; the fake answers at once.
const deadline = (): Date => new Date(Date.now() + 5000);

const p29 = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: 'Slot no longer available' }] };
const msgResourceIdFail = {
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'processing', details: { coding: [{ system: 'https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1', code: 'MSG_RESOURCE_ID_FAIL' }] }, diagnostics: 'Slot no longer available' }],
};

describe('a booking answered "slot no longer available"', () => {
  it.each([
    ['P29: 422 processing, diagnostics only', p29, undefined],
    ['422 processing MSG_RESOURCE_ID_FAIL', msgResourceIdFail, 'MSG_RESOURCE_ID_FAIL'],
  ] as const)('%s: the workflow is told slot-unavailable and the audit says slot-taken, once', async (_name, body, code) => {
    fake.handler = (_req, res) => fhir(res, 422, body);
    const outcome = await protocol.book(target, request, deadline());
    expect(outcome).toMatchObject({ kind: 'failed', failure: { kind: 'slot-unavailable', exchange: { httpStatus: 422 } } });
    if (outcome.kind === 'failed') expect(outcome.failure.code).toBe(code);
    const outcomes = audit.events.filter((e) => e.type === 'provider.book.outcome');
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]?.detail).toMatchObject({ code: 'slot-taken' });
  });

  it('a 422 invalid INVALID_NHS_NUMBER is still a refusal of our request', async () => {
    fake.handler = (_req, res) =>
      fhir(res, 422, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', details: { coding: [{ code: 'INVALID_NHS_NUMBER' }] }, diagnostics: 'NHS number check digit' }] });
    const outcome = await protocol.book(target, request, deadline());
    expect(outcome).toMatchObject({ kind: 'failed', failure: { kind: 'request-rejected', code: 'INVALID_NHS_NUMBER' } });
    expect(audit.events.find((e) => e.type === 'provider.book.outcome')?.detail).toMatchObject({ code: 'provider-rejected' });
  });
});

describe('a cancel of an appointment the Provider does not have', () => {
  it('is a not-found failure (not a version conflict, not "still booked" by a refusal), and nothing is written', async () => {
    fake.handler = (_req, res) => fhir(res, 404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', details: { coding: [{ code: 'NO_RECORD_FOUND' }] }, diagnostics: 'No Appointment a1' }] });
    const outcome = await protocol.cancel(target, 'a1', deadline());
    expect(outcome).toMatchObject({ kind: 'failed', failure: { kind: 'not-found', code: 'NO_RECORD_FOUND' } });
    expect(fake.seen.map((r) => r.method)).toEqual(['GET']);
  });

  it('a read answered 410 Gone is "not found" too', async () => {
    fake.handler = (_req, res) => fhir(res, 410, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'deleted' }] });
    expect(await protocol.read(target, 'a1', deadline())).toMatchObject({ kind: 'not-found' });
  });
});
