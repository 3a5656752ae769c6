import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Patient } from '../../../preload/contract';
import { BarsAdapter, BarsClient, MemorySentMessages, Negotiator, SENDER_USE_CASES, TokenSource, type BarsAdapterOptions, type ReferralFacts } from '../../../main/protocols/bars';
import { startSandbox, type SandboxHandle } from '../../../main/sandbox';
import type { BookingTarget } from '../../../main/workflow/booking-protocol';

export const ED = '2000071001';
export const SDEC = '2000071002';
export const KINGSWAY = '2000071003';

export const patient: Patient = {
  given: 'Ada',
  family: 'Lovelace',
  birthDate: '1990-12-10',
  gender: 'female',
  address: { lines: ['1 High Street'], postcode: 'LS1 1AA' },
  nhsNumber: '9434765919',
  nhsNumberVerified: true,
  telecom: [{ system: 'phone', value: '07700 900123', use: 'mobile', rank: 1 }],
  contacts: [{ relationship: 'N', relationshipText: 'Mother', name: { given: 'Anne', family: 'Lovelace' }, telecom: [{ system: 'phone', value: '07700 900456', use: 'mobile', rank: 2 }] }],
};

export const facts: ReferralFacts = {
  patient,
  disposition: { code: 'Dx02', text: 'Attend Emergency Treatment Centre within 1 hour' },
  clinician: { name: 'Dr Grace Hopper', sdsUserId: '555000111222', sdsRoleProfileId: '555000111333', role: 'Clinical Advisor' },
  journeyId: 'c1a2b3c4-0000-4000-8000-000000000001',
  serviceName: 'Harbourside Emergency Department',
};

export const sender = { odsCode: 'NHS111', name: 'Yorkshire 111', sourceEndpoint: 'https://fhir.nhs.uk/Id/dos-service-id|2000099001', software: { name: 'Booking Workstation', version: '0.1.0' } };

export interface Harness {
  sandbox: SandboxHandle;
  adapter: BarsAdapter;
  client: BarsClient;
  tokens: TokenSource;
  target: (dosServiceId: string, caseId?: string) => BookingTarget;
  /** Every call the client made: `GET /Appointment?patient%3Aidentifier=…`, in order. */
  calls: string[];
  close: () => Promise<void>;
}

export async function harness(useCases: readonly string[] = SENDER_USE_CASES['111'], options: Partial<BarsAdapterOptions> = {}): Promise<Harness> {
  const sandbox = await startSandbox();
  const bars = sandbox.bars;
  const logger = pino({ level: 'silent' });
  const tokens = new TokenSource({ tokenUrl: bars.tokenUrl, apiKey: bars.apiKey, kid: bars.kid, privateKey: () => Promise.resolve(bars.privateKey) });
  const calls: string[] = [];
  const recording: typeof fetch = (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    calls.push(`${init?.method ?? 'GET'} ${url.pathname.replace(/^.*\/FHIR\/R4/, '')}${url.search}`);
    return fetch(input, init);
  };
  const client = new BarsClient({ proxyBaseUrl: bars.baseUrl, tokens, logger, backoffMs: 5, fetch: recording, identity: { organisation: { odsCode: 'NHS111', name: 'Yorkshire 111' }, software: sender.software, practitioner: { sdsRoleProfileId: '555000111333', roleCode: '309294001' } } });
  const negotiator = new Negotiator(client, useCases, randomUUID);
  const adapter = new BarsAdapter({ client, negotiator, sender, proxyBaseUrl: bars.baseUrl, sent: new MemorySentMessages(), referralFacts: () => Promise.resolve(facts), logger, ...options });
  const target = (dosServiceId: string, caseId = 'case-1'): BookingTarget => ({ dosServiceId, asid: '', endpoints: { search: '', book: '', read: '', cancel: '' }, interactions: [], caseId });
  return { sandbox, adapter, client, tokens, target, calls, close: () => sandbox.close() };
}

export const soon = (ms = 10_000): Date => new Date(Date.now() + ms);
export const hoursAhead = (h: number): Date => new Date(Date.now() + h * 3_600_000);
export const newRequestId = (): string => randomUUID();
