/**
 * Slot search at 1,000 and 10,000 slots with every include: the Provider's time per request
 * (building the Bundle and serialising it, as the handler does), the loopback HTTP round trip,
 * and the ratio of the Provider's time to JSON.stringify of the same Bundle alone, measured
 * side by side in one run.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { startSandbox } from '../main/sandbox';
import { UTC_SERVICE_ID } from '../main/sandbox/seed/catalogue';
import { openDatabase, closeDatabase } from '../main/sandbox/store/database';
import { SlotStore } from '../main/sandbox/store/slot-store';
import { searchSlots, SERVICE_PARAM } from '../main/sandbox/provider/slot-search';

const INCLUDES: [string, string][] = [
  ['_include', 'Slot:schedule'],
  ['_include:iterate', 'Schedule:actor:Practitioner'],
  ['_include:iterate', 'Schedule:actor:PractitionerRole'],
  ['_include:iterate', 'Schedule:actor:HealthcareService'],
  ['_include:iterate', 'HealthcareService:location'],
  ['_include:iterate', 'HealthcareService:providedBy'],
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function query(): URLSearchParams {
  const q = new URLSearchParams([[SERVICE_PARAM, UTC_SERVICE_ID], ['status', 'free'], ['start', `le${new Date(Date.now() + 7 * 86_400_000).toISOString()}`]]);
  for (const [k, v] of INCLUDES) q.append(k, v);
  return q;
}

function jwt(aud: string): string {
  const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({
    iss: 'https://bench.invalid',
    sub: 'bench',
    aud,
    iat,
    exp: iat + 300,
    reason_for_request: 'directcare',
    requested_scope: 'organization/slot.read',
    requesting_device: { resourceType: 'Device', identifier: [{ system: 'https://bench.invalid', value: 'bench' }] },
    requesting_organization: { resourceType: 'Organization', identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'RX8' }] },
  })}.`;
}

export async function run(): Promise<{ name: string; lines: string[] }> {
  const lines: string[] = [];
  const db = openDatabase(':memory:');
  const store = new SlotStore(db);
  const sandbox = await startSandbox();
  const root = sandbox.providers.find((p) => p.key === 'riverside')?.serviceRoot ?? '';
  try {
    for (const count of [1_000, 10_000]) {
      const iterations = count >= 10_000 ? 8 : 30;
      const provider: number[] = [];
      const stringifyOnly: number[] = [];
      const http: number[] = [];
      let bytes = 0;
      for (let i = 0; i < iterations + 2; i += 1) {
        const t0 = performance.now();
        const bundle = searchSlots(store, { providerKey: 'riverside', root, query: query(), nowMs: Date.now(), synthetic: { count } });
        const text = JSON.stringify(bundle);
        const t1 = performance.now();
        JSON.stringify(bundle);
        const t2 = performance.now();
        sandbox.faults.set(UTC_SERVICE_ID, { kind: 'many-slots', count, times: 1 });
        const res = await fetch(`${root}/Slot?${query().toString()}`, { headers: { Authorization: `Bearer ${jwt(root)}` } });
        bytes = (await res.arrayBuffer()).byteLength;
        const t3 = performance.now();
        if (i < 2) continue; // warm-up
        provider.push(t1 - t0);
        stringifyOnly.push(t2 - t1);
        http.push(t3 - t2);
        if (text.length === 0) throw new Error('empty bundle');
      }
      const p = median(provider);
      const s = median(stringifyOnly);
      lines.push(
        `${count.toLocaleString('en-GB')} slots + all includes (${(bytes / 1e6).toFixed(1)} MB): provider ${p.toFixed(1)} ms/request, ` +
          `JSON.stringify alone ${s.toFixed(1)} ms, ratio ${(p / s).toFixed(2)}x; loopback HTTP round trip ${median(http).toFixed(1)} ms (median of ${iterations})`,
      );
    }
  } finally {
    await sandbox.close();
    closeDatabase(db);
  }
  return { name: 'sandbox slot search', lines };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void run().then((r) => process.stdout.write(`${r.name}\n${r.lines.map((l) => `  ${l}`).join('\n')}\n`));
}
