/**
 * BaRS slot search through the client (token, headers, negotiation cached, R4 bundle → slot
 * rows with each slot's received resources kept) against a bare fetch + JSON.parse of the same
 * request to the same sandbox receiver, side by side in one run. Aim: ≤ 1.3×.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { BarsAdapter, BarsClient, MemorySentMessages, Negotiator, SENDER_USE_CASES, TokenSource } from '../main/protocols/bars';
import { startSandbox } from '../main/sandbox';
import { percentile, fmt } from './support';

const ED = '2000071001';
const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64');

export async function run(): Promise<{ name: string; lines: string[] }> {
  const sandbox = await startSandbox();
  const lines: string[] = [];
  try {
    const bars = sandbox.bars;
    const logger = pino({ level: 'silent' });
    const tokens = new TokenSource({ tokenUrl: bars.tokenUrl, apiKey: bars.apiKey, kid: bars.kid, privateKey: () => Promise.resolve(bars.privateKey) });
    const identity = { organisation: { odsCode: 'NHS111', name: 'Bench 111' }, software: { name: 'Booking Workstation', version: 'bench' } };
    const client = new BarsClient({ proxyBaseUrl: bars.baseUrl, tokens, logger, identity, maxResponseBytes: 64_000_000 });
    const adapter = new BarsAdapter({
      client,
      negotiator: new Negotiator(client, SENDER_USE_CASES['111'], randomUUID),
      sender: { odsCode: 'NHS111', name: 'Bench 111', sourceEndpoint: 'https://fhir.nhs.uk/Id/dos-service-id|1', software: identity.software },
      proxyBaseUrl: bars.baseUrl,
      sent: new MemorySentMessages(),
      referralFacts: () => Promise.resolve(undefined),
      logger,
    });
    const target = { dosServiceId: ED, asid: '', endpoints: { search: '', book: '', read: '', cancel: '' }, interactions: [], caseId: 'bench' };
    const end = new Date(Date.now() + 7 * 86_400_000);
    const token = await tokens.token();
    const headers = {
      Authorization: `Bearer ${token}`,
      Accept: 'application/fhir+json; version=1.0.0',
      'NHSD-Target-Identifier': b64({ system: 'https://fhir.nhs.uk/Id/dos-service-id', value: ED }),
      'X-Correlation-Id': randomUUID(),
      'NHSD-End-User-Organisation': b64({ resourceType: 'Organization', identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'NHS111' }], name: 'Bench 111' }),
      'NHSD-Requesting-Software': b64({ resourceType: 'Device', deviceName: [{ name: 'Booking Workstation', type: 'manufacturer-name' }], version: [{ value: 'bench' }] }),
    };
    const query = new URLSearchParams([
      ['status', 'free'], ['start', `ge${new Date().toISOString()}`], ['start', `le${end.toISOString()}`], ['Schedule.actor:HealthcareService', ED],
      ['_include', 'Slot:schedule'], ['_include', 'Schedule:actor:HealthcareService'], ['_include:iterate', 'Schedule:actor:Practitioner'],
      ['_include:iterate', 'Schedule:actor:PractitionerRole'], ['_include:iterate', 'HealthcareService:location'], ['_include:iterate', 'HealthcareService:providedBy'],
    ]);
    for (const count of [1_000, 5_000]) {
      const iterations = count >= 5_000 ? 10 : 30;
      const viaClient: number[] = [];
      const bare: number[] = [];
      // CPU time of this process (the sandbox receiver runs in it too): what other agents' load on a shared machine changes least.
      const clientCpu: number[] = [];
      const bareCpu: number[] = [];
      const cpuMs = (since: NodeJS.CpuUsage): number => {
        const used = process.cpuUsage(since);
        return (used.user + used.system) / 1000;
      };
      let rows = 0;
      for (let i = 0; i < iterations + 2; i += 1) {
        sandbox.faults.set(ED, { kind: 'many-slots', count, operation: 'search', times: 1 });
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const found = await adapter.searchSlots(target, { end, deadline: new Date(Date.now() + 60_000) });
        const t1 = performance.now();
        const clientCpuMs = cpuMs(c0);
        sandbox.faults.set(ED, { kind: 'many-slots', count, operation: 'search', times: 1 });
        const c2 = process.cpuUsage();
        const t2 = performance.now();
        const res = await fetch(`${bars.baseUrl}/Slot?${query.toString()}`, { headers: { ...headers, 'X-Request-Id': randomUUID() } });
        const parsed = JSON.parse(await res.text()) as { entry?: unknown[] };
        const t3 = performance.now();
        const bareCpuMs = cpuMs(c2);
        if (found.kind !== 'slots' || (parsed.entry?.length ?? 0) < count) throw new Error('the search did not return the slots');
        rows = found.rows.length;
        if (i < 2) continue; // warm-up
        viaClient.push(t1 - t0);
        bare.push(t3 - t2);
        clientCpu.push(clientCpuMs);
        bareCpu.push(bareCpuMs);
      }
      const ratio = percentile(viaClient, 50) / percentile(bare, 50);
      // Each client search against the bare fetch right after it: a shared machine's load drifts less within a pair than across the run.
      const paired = percentile(viaClient.map((t, i) => t / (bare[i] ?? t)), 50);
      const cpuRatio = percentile(clientCpu, 50) / percentile(bareCpu, 50);
      lines.push(
        `${count} slots (${rows} rows): client p50 ${fmt(percentile(viaClient, 50))} ms, p95 ${fmt(percentile(viaClient, 95))} ms; bare fetch+JSON.parse p50 ${fmt(percentile(bare, 50))} ms; ratio ${fmt(ratio, 2)}×, paired p50 ${fmt(paired, 2)}×; CPU p50 ${fmt(percentile(clientCpu, 50))} vs ${fmt(percentile(bareCpu, 50))} ms, ${fmt(cpuRatio, 2)}× (aim ≤ 1.3×)`,
      );
    }
  } finally {
    await sandbox.close();
  }
  return { name: 'BaRS slot search: client vs bare fetch + JSON.parse', lines };
}
