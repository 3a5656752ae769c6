/** The BaRS adapter against the sandbox's BaRS proxy and receivers, scenario by scenario. */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Fault } from '../../../main/sandbox';
import type { BookOutcome } from '../../../main/workflow/booking-protocol';
import { ED, harness, hoursAhead, KINGSWAY, newRequestId, patient, SDEC, soon, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => h.close());
beforeEach(() => h.sandbox.reset());

async function firstSlot(serviceId = ED, skip = 0): Promise<{ slotId: string; raw: unknown }> {
  const found = await h.adapter.searchSlots(h.target(serviceId), { end: hoursAhead(6), deadline: soon() });
  if (found.kind !== 'slots') throw new Error(`search failed: ${JSON.stringify(found)}`);
  const row = found.rows[skip];
  if (!row) throw new Error('no slot');
  return { slotId: row.slotId, raw: found.raw.get(row.slotId) };
}

async function bookFirst(serviceId = ED, fault?: Fault, skip = 0): Promise<BookOutcome> {
  const slot = await firstSlot(serviceId, skip);
  if (fault) h.sandbox.faults.set(serviceId, fault);
  const request = h.adapter.prepareBook(h.target(serviceId), { rawSlot: slot.raw, patient, reason: 'Chest pain, Dx02', documentId: newRequestId(), requestId: newRequestId(), created: new Date() });
  return h.adapter.book(h.target(serviceId), request, soon());
}

describe('BaRS adapter against the sandbox receiver', () => {
  it('happy path: slots with every diary and display field, book, read, refer linked to the booking, cancel reusing fullUrls', async () => {
    const found = await h.adapter.searchSlots(h.target(ED), { end: hoursAhead(24), deadline: soon() });
    expect(found.kind).toBe('slots');
    if (found.kind !== 'slots') return;
    expect(new Set(found.rows.map((r) => r.scheduleId))).toEqual(new Set(['sch-hbr-ed-1', 'sch-hbr-ed-2']));
    const doctor = found.rows.find((r) => r.scheduleId === 'sch-hbr-ed-1');
    expect(doctor?.practitioner).toEqual({ name: 'Dr Kofi Mensah', gender: 'male' });
    expect(doctor?.practitionerRole).toBe('Consultant');
    expect(doctor?.location?.address?.postcode).toBe('HU3 2JZ');
    expect(doctor?.organisation).toBe('Harbourside Hospitals NHS Foundation Trust');
    // Never defaulted: the receiver leaves every fourth ED slot without a channel.
    expect(found.rows.some((r) => r.deliveryChannel === null)).toBe(true);
    expect(found.rows.some((r) => r.deliveryChannel === 'Telephone')).toBe(true);

    const row = found.rows[0];
    if (!row) throw new Error('no slot');
    const input = { rawSlot: found.raw.get(row.slotId), patient, reason: 'Chest pain', documentId: newRequestId(), requestId: newRequestId(), created: new Date('2026-12-02T01:00:00Z') };
    const prepared = h.adapter.prepareBook(h.target(ED), input);
    expect(h.adapter.prepareBook(h.target(ED), input).body).toBe(prepared.body);
    const booked = await h.adapter.book(h.target(ED), prepared, soon());
    expect(booked.kind).toBe('booked');
    if (booked.kind !== 'booked') return;
    expect(booked.exchange.httpStatus).toBe(200);
    expect(h.sandbox.bars.store.appointments.get(booked.appointment.id)?.slotId).toBe(row.slotId);

    const read = await h.adapter.read(h.target(ED), booked.appointment.id, soon());
    expect(read.kind === 'found' && read.appointment.status).toBe('booked');

    const referred = await h.adapter.refer(h.target(ED), { caseId: 'case-1', documentId: newRequestId(), appointmentUrl: booked.appointment.url });
    expect(referred.kind).toBe('sent');
    const [held] = [...h.sandbox.bars.store.serviceRequests.values()];
    expect(held?.resource.supportingInfo).toEqual([{ reference: `Appointment/${booked.appointment.id}` }]);
    // One correlation id for the case's booking and referral.
    expect(referred.kind === 'sent' && referred.exchange.correlationId).toBe(booked.exchange.correlationId);

    const cancelled = await h.adapter.cancel(h.target(ED), booked.appointment.id, soon());
    expect(cancelled.kind).toBe('cancelled');
    expect(cancelled.kind === 'cancelled' && cancelled.exchange.correlationId).toBe(booked.exchange.correlationId);
    expect(h.sandbox.bars.store.appointments.get(booked.appointment.id)?.resource.status).toBe('cancelled');
    const after = await h.adapter.read(h.target(ED), booked.appointment.id, soon());
    expect(after.kind === 'found' && after.appointment.status).toBe('cancelled');
    // The slot is free again: it comes back in a new search.
    const again = await h.adapter.searchSlots(h.target(ED), { end: hoursAhead(24), deadline: soon() });
    expect(again.kind === 'slots' && again.rows.some((r) => r.slotId === row.slotId)).toBe(true);
    expect(h.sandbox.bars.tokens.issued).toBe(1);
  });

  it('no slots: an empty list with the receiver\'s reason, and resources nobody asked for are ignored', async () => {
    const found = await h.adapter.searchSlots(h.target(KINGSWAY), { end: hoursAhead(24), deadline: soon() });
    expect(found).toMatchObject({ kind: 'slots', rows: [], noSlotsReason: expect.stringContaining('No appointments are free') as unknown });
  });

  it('a service reached only through the probe books under its SDEC use case', async () => {
    const booked = await bookFirst(SDEC);
    expect(booked.kind).toBe('booked');
  });

  it('a cancel meeting 409 conflict once is read again and retried; a persisting conflict stops after one retry', async () => {
    const booked = await bookFirst(ED);
    if (booked.kind !== 'booked') throw new Error('not booked');
    h.sandbox.faults.set(ED, { kind: 'http-status', status: 409, issue: 'conflict', operation: 'cancel', times: 1 });
    expect((await h.adapter.cancel(h.target(ED), booked.appointment.id, soon())).kind).toBe('cancelled');
    expect(h.sandbox.bars.store.appointments.get(booked.appointment.id)?.resource.status).toBe('cancelled');

    const again = await bookFirst(ED, undefined, 1);
    if (again.kind !== 'booked') throw new Error('not booked');
    h.sandbox.faults.set(ED, { kind: 'http-status', status: 409, issue: 'conflict', operation: 'cancel' });
    expect(await h.adapter.cancel(h.target(ED), again.appointment.id, soon())).toMatchObject({ kind: 'failed', failure: { kind: 'version-conflict', code: 'REC_CONFLICT' } });
    expect(h.sandbox.bars.store.appointments.get(again.appointment.id)?.resource.status).toBe('booked');
  });

  it('a referral that replaces another revokes it first (read, then an update under its original fullUrls), then refers anew', async () => {
    const first = await bookFirst(ED);
    const second = await bookFirst(ED, undefined, 1);
    if (first.kind !== 'booked' || second.kind !== 'booked') throw new Error('not booked');
    const original = await h.adapter.refer(h.target(ED), { caseId: 'case-1', documentId: newRequestId(), appointmentUrl: first.appointment.url });
    if (original.kind !== 'sent' || original.url === undefined || original.document === undefined) throw new Error('the first referral was not sent with its address');
    const replaces = { url: original.url, document: original.document };
    // A revocation the receiver refuses: nothing new is sent, so there are never two active referrals.
    h.sandbox.faults.set(ED, { kind: 'http-status', status: 500, operation: 'cancel', times: 1 });
    const refused = await h.adapter.refer(h.target(ED), { caseId: 'case-1', documentId: newRequestId(), appointmentUrl: second.appointment.url, replaces });
    expect(refused).toMatchObject({ kind: 'failed', failure: { kind: 'provider-unavailable' } });
    expect([...h.sandbox.bars.store.serviceRequests.values()].map((r) => r.resource.status)).toEqual(['active']);

    const update = await h.adapter.refer(h.target(ED), { caseId: 'case-1', documentId: newRequestId(), appointmentUrl: second.appointment.url, replaces });
    expect(update).toMatchObject({ kind: 'sent', replacedWithdrawn: true });
    const held = [...h.sandbox.bars.store.serviceRequests.values()];
    expect(held.map((r) => [r.resource.status, r.resource.supportingInfo])).toEqual([
      ['revoked', [{ reference: `Appointment/${first.appointment.id}` }]],
      ['active', [{ reference: `Appointment/${second.appointment.id}` }]],
    ]);
    // Withdrawn already: a repeat only reads it and sends nothing to revoke.
    expect(await h.adapter.refer(h.target(ED), { caseId: 'case-1', documentId: newRequestId(), replaces })).toMatchObject({ kind: 'sent', replacedWithdrawn: true });
  });

  it('App1 L142: a withdrawal reads the ServiceRequest first, then revokes it with the reason, a new X-Request-ID and the case\'s X-Correlation-ID', async () => {
    const referred = await h.adapter.refer(h.target(ED), { caseId: 'case-1', documentId: newRequestId() });
    if (referred.kind !== 'sent' || referred.url === undefined || referred.document === undefined) throw new Error('not referred');
    const send = vi.spyOn(h.client, 'send');
    try {
      const out = await h.adapter.withdrawReferral(h.target(ED), { caseId: 'case-1', url: referred.url, document: referred.document, reason: 'Patient has recovered' });
      expect(out).toMatchObject({ kind: 'withdrawn', already: false });
      const [read, revoke] = send.mock.calls.map(([r]) => r);
      expect([read?.method, read?.path, revoke?.method, revoke?.path]).toEqual(['GET', `/ServiceRequest/${referred.url.split('/').at(-1) ?? ''}`, 'POST', '/$process-message']);
      expect(revoke?.requestId).not.toBe(referred.exchange.requestId);
      expect(revoke?.correlationId).toBe(referred.exchange.correlationId);
      const focus = (JSON.parse(revoke?.body ?? '{}') as { entry: { resource: { resourceType: string; status?: string; reasonCode?: { text: string }[] } }[] }).entry.find((e) => e.resource.resourceType === 'ServiceRequest')?.resource;
      expect(focus).toMatchObject({ status: 'revoked', reasonCode: [{ text: 'Patient has recovered' }] });
      expect([...h.sandbox.bars.store.serviceRequests.values()].map((r) => r.resource.status)).toEqual(['revoked']);
      // Withdrawn already: read, and nothing sent.
      send.mockClear();
      expect(await h.adapter.withdrawReferral(h.target(ED), { caseId: 'case-1', url: referred.url, document: referred.document, reason: 'again' })).toMatchObject({ kind: 'withdrawn', already: true });
      expect(send.mock.calls.map(([r]) => r.method)).toEqual(['GET']);
    } finally {
      send.mockRestore();
    }
  });

  it('409 conflict: a slot someone else booked is slot-unavailable', async () => {
    const slot = await firstSlot();
    const prepare = (): ReturnType<typeof h.adapter.prepareBook> => h.adapter.prepareBook(h.target(ED), { rawSlot: slot.raw, patient, reason: 'x', documentId: newRequestId(), requestId: newRequestId(), created: new Date() });
    expect((await h.adapter.book(h.target(ED), prepare(), soon())).kind).toBe('booked');
    const second = await h.adapter.book(h.target(ED), prepare(), soon());
    expect(second).toMatchObject({ kind: 'failed', failure: { kind: 'slot-unavailable', code: 'REC_CONFLICT' } });
  });

  it('drop after commit: the retry under the same X-Request-Id gets 409 duplicate and the booking is found', async () => {
    const booked = await bookFirst(ED, { kind: 'drop-after-commit', operation: 'book', times: 1 });
    expect(booked.kind).toBe('booked');
    expect(booked.kind === 'booked' && booked.exchange.attempts).toBe(2);
    expect(h.sandbox.bars.store.appointments.size).toBe(1);
  });

  it('MUST find a 409 duplicate\'s appointment with the search App1 defines: patient:identifier with the NHS number', async () => {
    h.calls.length = 0;
    const booked = await bookFirst(ED, { kind: 'drop-after-commit', operation: 'book', times: 1 });
    expect(booked.kind).toBe('booked');
    const searches = h.calls.filter((c) => c.startsWith('GET /Appointment?')).map((c) => new URLSearchParams(c.slice('GET /Appointment?'.length)));
    expect(searches.map((q) => [...q.entries()])).toEqual([[['patient:identifier', `https://fhir.nhs.uk/Id/nhs-number|${patient.nhsNumber ?? ''}`]]]);
  });

  it('a slot search that returned Slots only: the booking carries a Schedule for the Slot and the receiver books it', async () => {
    const slot = await firstSlot(ED);
    const raw = slot.raw as { entries: { resource: { resourceType: string } }[] };
    const slotsOnly = { ...raw, entries: raw.entries.filter((e) => e.resource.resourceType === 'Slot') };
    const request = h.adapter.prepareBook(h.target(ED), { rawSlot: slotsOnly, patient, reason: 'Chest pain', documentId: newRequestId(), requestId: newRequestId(), created: new Date() });
    const entries = (JSON.parse(request.body) as { entry: { fullUrl: string; resource: { resourceType: string; schedule?: { reference: string } } }[] }).entry;
    const schedule = entries.filter((e) => e.resource.resourceType === 'Schedule');
    expect(schedule).toHaveLength(1);
    expect(entries.find((e) => e.resource.resourceType === 'Slot')?.resource.schedule?.reference).toBe(schedule[0]?.fullUrl);
    expect(await h.adapter.book(h.target(ED), request, soon())).toMatchObject({ kind: 'booked' });
  });

  it('lost answer: nothing was processed, the retry books once', async () => {
    const booked = await bookFirst(ED, { kind: 'lost-answer', operation: 'book', times: 1 });
    expect(booked.kind === 'booked' && booked.exchange.attempts).toBe(2);
    expect(h.sandbox.bars.store.appointments.size).toBe(1);
  });

  it('an answer lost on every attempt is unknown, never failed or booked', async () => {
    const booked = await bookFirst(ED, { kind: 'lost-answer', operation: 'book' });
    expect(booked).toMatchObject({ kind: 'unknown', exchange: { attempts: 3 } });
  });

  it('409 duplicate with no booking behind it stays unknown', async () => {
    const booked = await bookFirst(ED, { kind: 'http-status', status: 409, issue: 'duplicate', operation: 'book', times: 1 });
    expect(booked.kind).toBe('unknown');
  });

  it('drop after commit for a patient without an NHS number: found by our own Appointment identifier', async () => {
    const slot = await firstSlot(ED);
    const { nhsNumber: _n, nhsNumberVerified: _v, ...noNumber } = patient;
    h.sandbox.faults.set(ED, { kind: 'drop-after-commit', operation: 'book', times: 1 });
    const requestId = newRequestId();
    const request = h.adapter.prepareBook(h.target(ED), { rawSlot: slot.raw, patient: noNumber, reason: 'Chest pain', documentId: newRequestId(), requestId, created: new Date() });
    const booked = await h.adapter.book(h.target(ED), request, soon());
    expect(booked).toMatchObject({ kind: 'booked', exchange: { attempts: 2 } });
    const [held] = [...h.sandbox.bars.store.appointments.values()];
    expect(booked.kind === 'booked' && booked.appointment.id).toBe(held?.id);
    expect(held?.resource.identifier).toEqual([{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${requestId}` }]);
  });

  it('a 409 duplicate never adopts another of the patient\'s booked appointments', async () => {
    const other = await bookFirst(ED, undefined, 1);
    expect(other.kind).toBe('booked');
    // Processed elsewhere under this request id, with nothing behind it carrying our identifier.
    const booked = await bookFirst(ED, { kind: 'http-status', status: 409, issue: 'duplicate', operation: 'book', times: 1 });
    expect(booked.kind).toBe('unknown');
  });

  it.each([408, 429, 503] as const)('%i is retried with the same request and then books', async (status) => {
    const booked = await bookFirst(ED, { kind: 'http-status', status, operation: 'book', times: 1 });
    expect(booked.kind === 'booked' && booked.exchange.attempts).toBe(2);
  });

  it.each([
    [400, 'request-rejected', 'REC_BAD_REQUEST'],
    [403, 'not-authorised', 'SEND_FORBIDDEN'],
    [404, 'request-rejected', 'REC_NOT_FOUND'],
    [406, 'unsupported', 'PROXY_NOT_ACCEPTABLE'],
    [422, 'request-rejected', 'REC_UNPROCESSABLE_ENTITY'],
    [500, 'provider-unavailable', 'REC_SERVER_ERROR'],
  ] as const)('%i is not retried and becomes %s', async (status, kind, code) => {
    const booked = await bookFirst(ED, { kind: 'http-status', status, operation: 'book', times: 1 });
    expect(booked).toMatchObject({ kind: 'failed', failure: { kind, code, exchange: { attempts: 1, httpStatus: status } } });
    expect(h.sandbox.bars.store.appointments.size).toBe(0);
  });

  it('a slot search fault is a typed failure, and a 503 on search is retried', async () => {
    h.sandbox.faults.set(ED, { kind: 'http-status', status: 503, operation: 'search', times: 1 });
    const retried = await h.adapter.searchSlots(h.target(ED), { end: hoursAhead(6), deadline: soon() });
    expect(retried.kind === 'slots' && retried.exchange.attempts).toBe(2);
    h.sandbox.faults.set(ED, { kind: 'malformed-json', operation: 'search' });
    const broken = await h.adapter.searchSlots(h.target(ED), { end: hoursAhead(6), deadline: soon() });
    expect(broken.kind).toBe('failed');
  });
});

describe('BaRS adapter: a referral sent before the booking', () => {
  it('the booking is basedOn the referral\'s ServiceRequest, and the receiver links them', async () => {
    const standing: { id?: string } = {};
    const linked = await harness(undefined, { activeReferral: (caseId, dosServiceId) => (caseId === 'case-2' && dosServiceId === ED ? standing.id : undefined) });
    try {
      const referred = await linked.adapter.refer(linked.target(ED, 'case-2'), { caseId: 'case-2', documentId: newRequestId() });
      standing.id = referred.kind === 'sent' ? /ServiceRequest\/([^/]+)$/.exec(referred.url ?? '')?.[1] : undefined;
      expect(standing.id).toEqual(expect.any(String));
      const found = await linked.adapter.searchSlots(linked.target(ED, 'case-2'), { end: hoursAhead(6), deadline: soon() });
      const row = found.kind === 'slots' ? found.rows[0] : undefined;
      if (found.kind !== 'slots' || row === undefined) throw new Error('no slot');
      const request = linked.adapter.prepareBook(linked.target(ED, 'case-2'), { rawSlot: found.raw.get(row.slotId), patient, reason: 'Chest pain', documentId: newRequestId(), requestId: newRequestId(), created: new Date() });
      const booked = await linked.adapter.book(linked.target(ED, 'case-2'), request, soon());
      expect(booked.kind).toBe('booked');
      const held = booked.kind === 'booked' ? linked.sandbox.bars.store.appointments.get(booked.appointment.id) : undefined;
      expect(held?.resource.basedOn).toEqual([{ reference: `ServiceRequest/${standing.id ?? ''}` }]);
      // Another case's booking is not linked to this case's referral.
      const other = linked.adapter.prepareBook(linked.target(ED, 'case-3'), { rawSlot: found.raw.get(row.slotId), patient, reason: 'x', documentId: newRequestId(), requestId: newRequestId(), created: new Date() });
      expect(other.body).not.toContain('basedOn');
    } finally {
      await linked.close();
    }
  });
});
