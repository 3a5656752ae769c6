/**
 * "Compare services" is parallel: ten directory entries searched at once through the app's
 * dispatch against the sandbox, each Provider service answering after its own delay, timed
 * against the slowest of the same searches run one at a time in the same run. The sandbox
 * has six bookable services, so the ten entries repeat four of them (each keeps its delay).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Case, ServiceComparisonResult } from '../preload/contract';
import { createDispatch, type Dispatch } from '../main/api/dispatch';
import { buildHandlers } from '../main/app/handlers';
import { sessionInfo } from '../main/app/session';
import { connectSpine } from '../main/app/spine-connection';
import { AuditStore } from '../main/audit';
import { CaseStore } from '../main/cases';
import { Settings } from '../main/config';
import { closeDatabase, openDatabase } from '../main/db/database';
import { silentLogger } from '../main/log/logger';
import type { DosService, ServiceDirectory } from '../main/workflow/ports';
import { systemClock } from '../main/workflow/clock';
import { nhsNumberFrom } from '../test/support/patients';

/** Per DoS service id, how late its Provider answers a slot search. */
const DELAYS_MS: Record<string, number> = {
  '2000012345': 200,
  '2000023456': 300,
  '2000034567': 400,
  '2000045678': 500,
  '2000056789': 600,
  '2000001234': 700,
};
const ENTRIES = 10;
const ROUNDS = 5;
const WARM_UP = 1;

/** The sandbox directory, listing the bookable services again until there are ten entries. */
function tenEntries(inner: ServiceDirectory): ServiceDirectory {
  return {
    getService: (id) => inner.getService(id),
    findServices: async (query) => {
      const bookable = (await inner.findServices(query)).filter((s) => s.id in DELAYS_MS);
      return Array.from({ length: ENTRIES }, (_, i): DosService => ({ ...(bookable[i % bookable.length] as DosService), rank: i + 1 }));
    },
  };
}

async function ok<T>(dispatch: Dispatch, channel: string, request: unknown): Promise<T> {
  const result = await dispatch(channel, request, { transport: 'http' });
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

export async function run(): Promise<{ name: string; lines: string[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bw-bench-compare-'));
  const logger = silentLogger();
  const settings = Settings.parse({ mode: 'sandbox', caseScreen: { compareServices: ENTRIES } });
  const profile = { displayName: 'Bench', sdsUserId: 'UNK', sdsRoleProfileId: 'UNK', localUserId: 'bench', clinician: false };
  const db = openDatabase(join(dataDir, 'workstation.sqlite'), { logger });
  const audit = new AuditStore(db, { userId: 'bench', workstation: 'bench' }, systemClock);
  const spine = await connectSpine({ settings, profile, audit, logger });
  const session = sessionInfo(settings, profile, 'bench');
  const dispatch = createDispatch(
    buildHandlers({ settings, profile, session, db, audit, cases: new CaseStore(db), spine: { ...spine, directory: tenEntries(spine.directory) }, logger, clock: systemClock, dataDir }),
    logger,
  );
  const faults = spine.sandbox?.faults;
  if (faults === undefined) throw new Error('the sandbox is not running');
  for (const [id, delayMs] of Object.entries(DELAYS_MS)) faults.set(id, { kind: 'delay', delayMs, operation: 'search' });
  const patient = {
    given: 'Bench',
    family: 'Patient',
    birthDate: '1970-01-01',
    gender: 'unknown',
    address: { lines: ['1 Street'], city: 'Leeds', postcode: 'LS1 1AA' },
    telecom: [{ system: 'phone', use: 'mobile', value: '07700 900000', rank: 1 }],
    contacts: [],
  };
  const lines: string[] = [];
  const ratios: number[] = [];
  try {
    for (let round = -WARM_UP; round < ROUNDS; round += 1) {
      // Each round is another patient (a second case for one person would need a reason).
      const c = await ok<Case>(dispatch, 'case:start', { patient: { ...patient, nhsNumber: nhsNumberFrom(40_400_000 + round + WARM_UP) }, dispositionCode: 'Dx05' });
      const { services } = await ok<{ services: { serviceId: string }[] }>(dispatch, 'directory:services', { caseId: c.id });
      const singles: number[] = [];
      for (const s of services) {
        await ok<Case>(dispatch, 'case:chooseService', { caseId: c.id, serviceId: s.serviceId });
        const t0 = performance.now();
        await ok(dispatch, 'slots:search', { caseId: c.id });
        singles.push(performance.now() - t0);
      }
      const t0 = performance.now();
      const compared = await ok<ServiceComparisonResult>(dispatch, 'slots:compare', { caseId: c.id });
      const together = performance.now() - t0;
      const failed = compared.services.filter((x) => x.result.status !== 'ok').length;
      if (compared.services.length !== ENTRIES || failed > 0) throw new Error(`compared ${compared.services.length} services, ${failed} failed`);
      const slowest = Math.max(...singles);
      if (round < 0) continue;
      ratios.push(together / slowest);
      lines.push(
        `round ${round + 1}: ${ENTRIES} services at once ${together.toFixed(0)} ms vs slowest single search ${slowest.toFixed(0)} ms ` +
          `(sum of singles ${singles.reduce((a, b) => a + b, 0).toFixed(0)} ms): ratio ${(together / slowest).toFixed(2)}x`,
      );
    }
    const sorted = [...ratios].sort((a, b) => a - b);
    lines.push(`median ratio ${(sorted[Math.floor(sorted.length / 2)] ?? NaN).toFixed(2)}x over ${ROUNDS} rounds after ${WARM_UP} warm-up (aim ≤ 1.20x); delays 200–700 ms per service`);
  } finally {
    await spine.close();
    closeDatabase(db);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { name: 'compare services in parallel', lines };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void run().then((r) => process.stdout.write(`${r.name}\n${r.lines.map((l) => `  ${l}`).join('\n')}\n`));
}
