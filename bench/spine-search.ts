/**
 * A slot search end to end through ProviderClient (JWT, SSP headers, URL checks, size cap,
 * bundle → rows, audit) against the local sandbox, beside a bare fetch + JSON.parse of the
 * same URL with the same headers, alternated in one run. Aim: client ≤ 1.3× bare.
 */
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import type { AuditEventInput, AuditEventRecord, AuditSink } from '../main/audit/event';
import { ProviderClient, type ProviderTarget } from '../main/protocols/care-connect/provider';
import { startSandbox } from '../main/sandbox';
import { JwtFactory } from '../main/spine/jwt';
import { buildSspUrl, parseServiceRoot, sspHeaders } from '../main/spine/ssp';
import { fmt, percentile } from './support';

const ROUNDS = 30;
const SERVICE = '2000012345';
const SLOT_SEARCH = 'urn:nhs:names:services:careconnect:fhir:rest:read:slot';

class NullAudit implements AuditSink {
  append(event: AuditEventInput): AuditEventRecord {
    return { ...event, id: '', seq: 0, at: '', userId: '', workstation: '', hash: '', prevHash: '' };
  }
}

export async function run(): Promise<{ name: string; lines: string[] }> {
  const sandbox = await startSandbox();
  try {
    const provider = sandbox.providers.find((p) => p.key === 'riverside');
    if (provider === undefined) throw new Error('the sandbox has no riverside Provider');
    const jwt = new JwtFactory({
      system: {
        issuer: 'https://booking-workstation.bench',
        device: { system: 'https://booking-workstation.bench/device', value: 'WS-B', model: 'Booking Workstation', version: 'bench' },
        organisation: { name: 'NHS 111 Bench', odsCode: 'X99' },
        localUserSystem: 'https://booking-workstation.bench/user',
      },
      user: () => ({ id: 'bench', displayName: 'Bench User', sdsUserId: 'UNK', sdsRoleProfileId: 'UNK', localUserId: 'bench' }),
    });
    const client = new ProviderClient({ sspBaseUrl: sandbox.sspBaseUrl, ourAsid: sandbox.ourAsid, jwt, audit: new NullAudit(), logger: pino({ level: 'silent' }), allowInsecureLoopback: true });
    const target: ProviderTarget = { dosServiceId: SERVICE, asid: provider.asid, serviceRoot: provider.serviceRoot, interactions: [SLOT_SEARCH] };
    const start = new Date();
    const end = new Date(start.getTime() + 24 * 3_600_000);
    const root = parseServiceRoot(provider.serviceRoot, { allowInsecureLoopback: true });
    const url = buildSspUrl(sandbox.sspBaseUrl, root, ['Slot'], {
      'schedule.actor:healthcareservice': SERVICE,
      status: 'free',
      start: [`ge${start.toISOString()}`, `le${end.toISOString()}`],
      _include: 'Slot:schedule',
      '_include:iterate': ['Schedule:actor:Practitioner', 'Schedule:actor:PractitionerRole', 'Schedule:actor:HealthcareService', 'HealthcareService:location', 'HealthcareService:providedBy'],
    });
    const bare = async (): Promise<number> => {
      const headers = sspHeaders({ ourAsid: sandbox.ourAsid, providerAsid: provider.asid, interactionId: SLOT_SEARCH, jwt: await jwt.create(provider.serviceRoot, 'slot-search'), requestId: crypto.randomUUID(), hasBody: false });
      const response = await fetch(url, { headers });
      const bundle = (await response.json()) as { entry?: unknown[] };
      return bundle.entry?.length ?? 0;
    };
    const viaClient: number[] = [];
    const viaFetch: number[] = [];
    let rows = 0;
    let entries = 0;
    for (let i = 0; i < 5; i++) {
      await bare();
      await client.searchSlots(target, { start, end });
    }
    for (let i = 0; i < ROUNDS; i++) {
      let t = performance.now();
      entries = await bare();
      viaFetch.push(performance.now() - t);
      t = performance.now();
      rows = (await client.searchSlots(target, { start, end })).rows.length;
      viaClient.push(performance.now() - t);
    }
    const f = percentile(viaFetch, 50);
    const c = percentile(viaClient, 50);
    return {
      name: 'Slot search end to end via the sandbox SSP',
      lines: [
        `bare fetch + JSON.parse: median ${fmt(f)} ms, p95 ${fmt(percentile(viaFetch, 95))} ms (${entries} entries)`,
        `ProviderClient.searchSlots: median ${fmt(c)} ms, p95 ${fmt(percentile(viaClient, 95))} ms (${rows} rows)`,
        `ratio: ${fmt(c / f, 2)}× (aim ≤ 1.3×) ${c / f <= 1.3 ? 'OK' : 'OVER'}`,
      ],
    };
  } finally {
    await sandbox.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run();
  console.log(`## ${result.name}\n  ${result.lines.join('\n  ')}`);
}
