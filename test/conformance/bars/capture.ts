/**
 * Every message the app builds, captured as it leaves the BaRS client: the adapter drives the
 * sandbox receiver through refer → book (based on the referral) → cancel → rebook → re-refer
 * (revoke, then refer linked to the new booking), for each kind of patient, with and without a
 * safeguarding concern; plus bookings built
 * from the official slot searchset, with and without its includes. The sandbox only makes the
 * flow run: the tests judge the captured messages against official/ alone.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Patient } from '../../../preload/contract';
import { BarsAdapter, BarsClient, MemorySentMessages, Negotiator, parseSlotBundle, SENDER_USE_CASES, TokenSource, type ReferralFacts } from '../../../main/protocols/bars';
import { startSandbox } from '../../../main/sandbox';
import type { BookingTarget } from '../../../main/workflow/booking-protocol';
import { testClock } from '../../support/clock';
import { entriesOf, official, type Json } from './artefacts';

export const ED = '2000071001';
export type Kind = 'book' | 'cancel' | 'rebook' | 'refer' | 're-refer' | 'revoke';

export interface Captured {
  /** e.g. "book, NHS number, patient's own number first". */
  name: string;
  kind: Kind;
  variant: Variant;
  body: Json;
  headers: Record<string, string>;
  /** The calls made since the previous message (`GET /Appointment/123`, `GET /Slot?…`), in order. */
  before: string[];
}

export interface Variant {
  name: string;
  patient: Patient;
  /** The Pathways SG and SD the case records; absent for a call without a Pathways assessment (CAS). */
  pathways?: Pick<ReferralFacts, 'symptomGroup' | 'symptomDiscriminator'>;
  /** A safeguarding concern the assessment recorded; absent: none recorded. */
  safeguarding?: NonNullable<ReferralFacts['safeguarding']>;
}

/** A concern about a child (REFREQ01's own code) and one about an adult (the CodeSystem's unspecified code). */
export const CONCERNS = {
  child: { about: 'child', detail: 'Caller says the younger brother (4) is often left alone at night.', recordedAt: '2026-06-09T13:25:00.000Z' },
  adult: { about: 'adult', detail: 'Patient fears her partner; bruises to both forearms.', recordedAt: '2026-06-09T13:26:00.000Z' },
} as const satisfies Record<string, NonNullable<ReferralFacts['safeguarding']>>;

/** REFREQ01's own SG and SD, so a referral can be held against the example's codings. */
export const PATHWAYS_CASE = { symptomGroup: { code: '1010', text: 'Allergic Reaction' }, symptomDiscriminator: { code: '4389', text: 'ED post tonsillectomy bleeding' } };

const phone = (value: string, rank: number): Patient['telecom'][number] => ({ system: 'phone', value, use: 'mobile', rank });
const base: Omit<Patient, 'telecom' | 'contacts'> = { given: 'Ada', family: 'Lovelace', title: 'Ms', birthDate: '1990-12-10', gender: 'female', address: { lines: ['1 High Street'], city: 'Leeds', postcode: 'LS1 1AA' } };
const mother: Patient['contacts'][number] = { relationship: 'N', relationshipText: 'Mother', name: { given: 'Anne', family: 'Lovelace' }, telecom: [phone('07700 900456', 2)] };

export const VARIANTS: Variant[] = [
  { name: 'NHS number, patient\'s own number and a third party; Pathways SG and SD; a concern about a child', patient: { ...base, nhsNumber: '9434765919', nhsNumberVerified: true, telecom: [phone('07700 900123', 1)], contacts: [mother] }, pathways: PATHWAYS_CASE, safeguarding: CONCERNS.child },
  { name: 'NHS number given, not traced; own numbers only; no Pathways assessment', patient: { ...base, nhsNumber: '9434765919', nhsNumberVerified: false, telecom: [phone('07700 900123', 2), { system: 'phone', value: '0113 496 0000', use: 'home', rank: 1 }], contacts: [] } },
  { name: 'no NHS number, the third party\'s number first; Pathways SG and SD', patient: { ...base, telecom: [phone('07700 900123', 2)], contacts: [{ ...mother, telecom: [phone('07700 900456', 1)] }] }, pathways: PATHWAYS_CASE },
  { name: 'no NHS number, only a third party to call; Pathways SG only; a concern about an adult', patient: { ...base, telecom: [], contacts: [{ ...mother, relationship: 'C', telecom: [phone('07700 900456', 1)] }] }, pathways: { symptomGroup: PATHWAYS_CASE.symptomGroup }, safeguarding: CONCERNS.adult },
];

export const sender = { odsCode: 'NHS111', name: 'Yorkshire 111', sourceEndpoint: 'https://fhir.nhs.uk/Id/dos-service-id|2000099001', software: { name: 'Booking Workstation', version: '0.1.0' } };

export const DISPOSITION = { code: 'Dx02', text: 'Attend Emergency Treatment Centre within 1 hour' };

const factsFor = ({ patient, pathways, safeguarding }: Variant): ReferralFacts => ({
  patient,
  ...pathways,
  ...(safeguarding === undefined ? {} : { safeguarding }),
  disposition: DISPOSITION,
  clinician: { name: 'Dr Grace Hopper', sdsUserId: '555000111222', sdsRoleProfileId: '555000111333', role: 'Clinical Advisor' },
  journeyId: 'c1a2b3c4-0000-4000-8000-000000000001',
  serviceName: 'Harbourside Emergency Department',
  notes: 'Chest pain since noon, worse on exertion.',
  startedAt: '2026-06-09T13:20:00Z',
  attendBy: '2026-06-09T14:20:00Z',
  registeredPractice: { odsCode: 'B82005', name: 'Leeds Road Surgery' },
});

const useContextKind: Record<string, Kind> = { booked: 'book', referral: 'refer' };

/**
 * Runs every flow once and returns the messages in the order they were sent. With `failures`, a
 * flow the receiver refuses is recorded there and the next one runs; without, the first refusal throws.
 */
export async function captureMessages(failures?: string[]): Promise<Captured[]> {
  const clock = testClock();
  const sandbox = await startSandbox({ now: clock });
  const captured: Captured[] = [];
  let current: { variant: Variant; next?: Kind } | undefined;
  let calls: string[] = [];
  const recording: typeof fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const where = new URL(url);
    if (where.pathname.includes('/FHIR/R4/')) calls.push(`${init?.method ?? 'GET'} ${where.pathname.replace(/^.*\/FHIR\/R4/, '')}${where.search}`);
    if (init?.method === 'POST' && url.endsWith('/$process-message') && current !== undefined && typeof init.body === 'string') {
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const [, category] = (headers['use-context'] ?? '').split('|');
      const kind = current.next ?? useContextKind[category ?? ''] ?? 'cancel';
      current.next = undefined;
      captured.push({ name: `${kind}, ${current.variant.name}`, kind, variant: current.variant, body: JSON.parse(init.body) as Json, headers, before: calls.slice(0, -1) });
      calls = [];
    }
    return fetch(input, init);
  };
  try {
    const logger = pino({ level: 'silent' });
    const bars = sandbox.bars;
    const tokens = new TokenSource({ tokenUrl: bars.tokenUrl, apiKey: bars.apiKey, kid: bars.kid, privateKey: () => Promise.resolve(bars.privateKey), now: clock });
    const client = new BarsClient({ proxyBaseUrl: bars.baseUrl, tokens, logger, backoffMs: 5, fetch: recording, identity: { organisation: { odsCode: sender.odsCode, name: sender.name }, software: sender.software } });
    for (const [n, variant] of VARIANTS.entries()) {
      current = { variant };
      try {
        const caseId = `conformance-${n}`;
        const standing: { referral?: string } = {};
        const adapter = new BarsAdapter({
          client, negotiator: new Negotiator(client, SENDER_USE_CASES['111'], randomUUID), sender, proxyBaseUrl: bars.baseUrl, sent: new MemorySentMessages(),
          referralFacts: () => Promise.resolve(factsFor(variant)), activeReferral: () => standing.referral, logger, now: clock,
        });
        const target: BookingTarget = { dosServiceId: ED, asid: '', endpoints: { search: '', book: '', read: '', cancel: '' }, interactions: [], caseId };
        const deadline = (): Date => new Date(Date.now() + 20_000);
        const ok = <T extends { kind: string }>(what: string, outcome: T, kind: string): T => {
          if (outcome.kind !== kind) throw new Error(`${what} for "${variant.name}": ${JSON.stringify(outcome)}`);
          return outcome;
        };

        const first = ok('refer', await adapter.refer(target, { caseId, documentId: randomUUID(), created: clock() }), 'sent');
        if (first.kind !== 'sent' || first.url === undefined || first.document === undefined) throw new Error('the referral has no address');
        standing.referral = /ServiceRequest\/([^/]+)$/.exec(first.url)?.[1];
        const book = async (slotIndex: number, kind: Kind): Promise<string> => {
          const found = await adapter.searchSlots(target, { end: new Date(clock().getTime() + 24 * 3_600_000), deadline: deadline() });
          if (found.kind !== 'slots') throw new Error(`no slots: ${JSON.stringify(found)}`);
          const row = found.rows[slotIndex];
          if (row === undefined) throw new Error('too few slots');
          if (current) current.next = kind;
          const prepared = adapter.prepareBook(target, { rawSlot: found.raw.get(row.slotId), patient: variant.patient, reason: 'Attend Emergency Treatment Centre within 1 hour', documentId: randomUUID(), requestId: randomUUID(), created: clock() });
          const booked = ok(kind, await adapter.book(target, prepared, deadline()), 'booked');
          return booked.kind === 'booked' ? booked.appointment.id : '';
        };
        const appointmentId = await book(0, 'book');
        if (current) current.next = 'cancel';
        ok('cancel', await adapter.cancel(target, appointmentId, deadline()), 'cancelled');
        // As the app does: the referral the cancelled booking was based on is not linked again (App1, Rebook).
        standing.referral = undefined;
        const rebookedId = await book(1, 'rebook');
        // Re-refer: the revocation goes first, then the new referral linked to the rebooked appointment.
        const revokeThenRefer = captured.length;
        ok('re-refer', await adapter.refer(target, { caseId, documentId: randomUUID(), created: clock(), appointmentUrl: `${bars.baseUrl}/Appointment/${rebookedId}`, replaces: { url: first.url, document: first.document } }), 'sent');
        const [revoke, rerefer] = captured.slice(revokeThenRefer);
        if (revoke === undefined || rerefer === undefined) throw new Error('re-referral did not send two messages');
        Object.assign(revoke, { kind: 'revoke', name: `revoke, ${variant.name}` });
        Object.assign(rerefer, { kind: 're-refer', name: `re-refer, ${variant.name}` });
      } catch (error) {
        // A receiver that refuses a message stops that flow; what was sent so far is still judged, MUST by MUST.
        if (failures === undefined) throw error;
        failures.push(`${variant.name}: ${(error as Error).message.slice(0, 400)}`);
      }
    }
    return captured;
  } finally {
    await sandbox.close();
  }
}

/**
 * Bookings built from the official slot searchset (slots-GET-success.json): as returned, and as a
 * receiver that ignores `_include` returns it (Slots only: defect 4).
 */
export function officialSearchBookings(): Captured[] {
  const searchset = official('slots-GET-success.json');
  const slotsOnly = { ...searchset, entry: entriesOf(searchset).filter((e) => e.resource.resourceType === 'Slot') };
  const adapter = new BarsAdapter({
    client: undefined as unknown as BarsClient, negotiator: undefined as unknown as Negotiator, sender, proxyBaseUrl: 'https://sandbox.api.service.nhs.uk/booking-and-referral/FHIR/R4',
    sent: new MemorySentMessages(), referralFacts: () => Promise.resolve(undefined), logger: pino({ level: 'silent' }),
  });
  const target: BookingTarget = { dosServiceId: '2000099999', asid: '', endpoints: { search: '', book: '', read: '', cancel: '' }, interactions: [] };
  const variant = VARIANTS[0] as Variant;
  return ([['the official searchset', searchset], ['the official searchset without its includes', slotsOnly]] as const).map(([what, bundle]) => {
    const raw = parseSlotBundle(bundle, { useCase: 'a1t1', version: '1.0.0' }).raw.get('slot002');
    const prepared = adapter.prepareBook(target, { rawSlot: raw, patient: variant.patient, reason: 'Chest pain', documentId: randomUUID(), requestId: randomUUID(), created: new Date('2026-06-09T13:30:00Z') });
    return { name: `book from ${what}`, kind: 'book' as const, variant, body: JSON.parse(prepared.body) as Json, headers: { ...prepared.headers }, before: [] };
  });
}
