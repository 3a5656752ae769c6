/**
 * Issue 21: the client reads NHS England's own example answers, not only our sandbox's — the
 * receiver's CapabilityStatement and MessageDefinitions for negotiation, the slot searchsets, the
 * synchronous `$process-message` answer to a booking and the Appointment read. Each official file
 * (official/, unchanged) is what a scripted proxy returns for its call.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { BarsAdapter, MemorySentMessages } from '../../../main/protocols/bars/adapter';
import type { BarsCall, BarsClient, BarsReply } from '../../../main/protocols/bars/client';
import { Negotiator } from '../../../main/protocols/bars/negotiation';
import type { BookingTarget } from '../../../main/workflow/booking-protocol';
import { entriesOf, official, type Json } from './artefacts';
import { sender, VARIANTS, type Variant } from './capture';

const SERVICE = '2000099999';
const target: BookingTarget = { dosServiceId: SERVICE, asid: '', endpoints: { search: '', book: '', read: '', cancel: '' }, interactions: [], caseId: 'official-answers' };
const deadline = (): Date => new Date(Date.now() + 10_000);
/** The morning of the official examples' slots (6 October 2021, 09:00–11:00): a client shows no slot that has already started. */
const NOW = new Date('2021-10-06T08:00:00Z');

/** The receiver's MessageDefinitions, as a searchset of the official definitions. */
const definitions: Json = {
  resourceType: 'Bundle',
  type: 'searchset',
  entry: ['MD-booking-request.json', 'MD-booking-request-cancelled.json', 'MD-servicerequest-request-referral.json', 'MD-servicerequest-request-cancelled.json'].map((f) => ({ resource: official(f) })),
};

/** A proxy that answers each call with an official file; every call is kept for the assertions. */
function scripted(answers: { match: (call: BarsCall) => boolean; json: Json }[]): { client: BarsClient; calls: BarsCall[] } {
  const calls: BarsCall[] = [];
  const send = (call: BarsCall): Promise<BarsReply> => {
    calls.push(call);
    const answer = answers.find((a) => a.match(call));
    const exchange = { requestId: call.requestId, correlationId: call.correlationId, attempts: 1, httpStatus: answer === undefined ? 404 : 200 };
    return Promise.resolve(answer === undefined ? { kind: 'answer', status: 404, json: { resourceType: 'OperationOutcome', issue: [] }, exchange } : { kind: 'answer', status: 200, json: answer.json, exchange });
  };
  return { client: { send } as unknown as BarsClient, calls };
}

const get = (path: string) => (c: BarsCall): boolean => c.method === 'GET' && c.path === path;

function adapterOver(client: BarsClient): BarsAdapter {
  return new BarsAdapter({
    client, negotiator: new Negotiator(client, ['a1t1', 'a1t2'], randomUUID, () => NOW), sender, proxyBaseUrl: 'https://sandbox.api.service.nhs.uk/booking-and-referral/FHIR/R4',
    sent: new MemorySentMessages(), referralFacts: () => Promise.resolve(undefined), logger: pino({ level: 'silent' }), now: () => NOW,
  });
}

const freeSlots = (bundle: Json): string[] => entriesOf(bundle).filter((e) => e.resource.resourceType === 'Slot' && e.resource.status === 'free').map((e) => String(e.resource.id));
const appointmentIn = (bundle: Json): Json | undefined => entriesOf(bundle).find((e) => e.resource.resourceType === 'Appointment')?.resource;

describe('the client reads the official example answers', () => {
  for (const file of ['slots-GET-success.json', 'BOOKREQRESP01.json']) {
    it(`negotiates with the official receiver CapabilityStatement and definitions, and lists every free slot of ${file}`, async () => {
      const searchset = official(file);
      const { client, calls } = scripted([
        { match: get('/metadata'), json: official('CapabilityStatement-receiver.json') },
        { match: get('/MessageDefinition'), json: definitions },
        { match: get('/Slot'), json: searchset },
      ]);
      const found = await adapterOver(client).searchSlots(target, { end: new Date(NOW.getTime() + 24 * 3_600_000), deadline: deadline() });
      expect(found.kind).toBe('slots');
      if (found.kind !== 'slots') return;
      expect(found.rows.map((r) => r.slotId).sort()).toEqual(freeSlots(searchset).sort());
      expect(found.rows.every((r) => r.start !== '' && r.end !== '')).toBe(true);
      expect(calls.map((c) => c.path)).toEqual(['/metadata', '/MessageDefinition', '/Slot']);
    });
  }

  it('takes the official $process-message answer to a booking as booked, with the receiver\'s Appointment id', async () => {
    const answer = official('process_message-POST-success.json');
    const appointment = appointmentIn(answer);
    const { client } = scripted([
      { match: get('/metadata'), json: official('CapabilityStatement-receiver.json') },
      { match: get('/MessageDefinition'), json: definitions },
      { match: get('/Slot'), json: official('slots-GET-success.json') },
      { match: (c) => c.method === 'POST' && c.path === '/$process-message', json: answer },
    ]);
    const adapter = adapterOver(client);
    const found = await adapter.searchSlots(target, { end: new Date(NOW.getTime() + 24 * 3_600_000), deadline: deadline() });
    if (found.kind !== 'slots' || found.rows[0] === undefined) throw new Error('no slot');
    const variant = VARIANTS[0] as Variant;
    const prepared = adapter.prepareBook(target, { rawSlot: found.raw.get(found.rows[0].slotId), patient: variant.patient, reason: 'Chest pain', documentId: randomUUID(), requestId: randomUUID(), created: NOW });
    const booked = await adapter.book(target, prepared, deadline());
    expect(booked).toMatchObject({ kind: 'booked', detailsRead: true, appointment: { id: appointment?.id, status: 'booked' } });
  });

  it('reads the official Appointment answer: booked, with its id and times', async () => {
    const appointment = official('appointment-id-GET-success.json');
    const { client } = scripted([{ match: (c) => c.method === 'GET' && c.path === `/Appointment/${String(appointment.id)}`, json: appointment }]);
    const read = await adapterOver(client).read(target, String(appointment.id), deadline());
    expect(read).toMatchObject({ kind: 'found', appointment: { id: appointment.id, status: 'booked', start: appointment.start, end: appointment.end } });
  });

  it('the official proxy CapabilityStatement shares our API major version', () => {
    const cs = official('CapabilityStatement-proxy.json');
    expect(cs.resourceType).toBe('CapabilityStatement');
    expect(String(cs.version).split('.')[0]).toBe('1');
  });
});
