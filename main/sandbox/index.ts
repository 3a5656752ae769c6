/**
 * The embedded sandbox: Care Connect booking Providers, an SSP-style forwarder, and DoS/SDS
 * data, on one loopback HTTP server, so the app runs end to end without Spine.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { mountAdmin } from './admin/admin-routes';
import { BARS_SERVICES, mountBars } from './bars';
import { mountItkReceiver, sandboxAppointmentIndex } from './itk';
import { SandboxEndpointDirectory } from './directory/endpoint-directory';
import { buildSdsRecords } from './directory/sds-records';
import { SandboxServiceDirectory } from './directory/service-directory';
import { FaultRegistry } from './faults/fault-control';
import { Router } from './http/router';
import type { ProviderContext } from './provider/context';
import { providerHandler } from './provider/provider-handler';
import { PROVIDER_SYSTEMS, SEED_SERVICES } from './seed/catalogue';
import { STANDING_FAULTS } from './seed/fault-services';
import { generateSlots } from './seed/slot-generator';
import { sspHandler } from './ssp/forwarder';
import { pdsStandIn } from './pds/handler';
import { AppointmentStore, clearAll } from './store/appointment-store';
import { closeDatabase, openDatabase } from './store/database';
import { SlotStore } from './store/slot-store';
import type { SandboxHandle, SandboxOptions } from './types';

export type { SandboxHandle, SandboxOptions, ProviderInfo, RouteHandler } from './types';
export type { Fault, FaultControl, Operation } from './faults/fault-control';
export * as seed from './seed/catalogue';

export const DEFAULT_CONSUMER_ASID = '200000000001';
/** Where the PDS stand-in answers, as the API platform's path (…/personal-demographics/FHIR/R4). */
export const PDS_PATH = '/personal-demographics/FHIR/R4';
/** Diaries are re-expanded at most this often, so the rolling window never goes stale. */
const TOP_UP_EVERY_MS = 5 * 60_000;

/** Starts the sandbox on loopback; resolves once it is listening. */
export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const now = options.now ?? ((): Date => new Date());
  const logger = options.logger ?? pino({ level: 'silent' });
  const ourAsid = options.ourAsid ?? DEFAULT_CONSUMER_ASID;
  const db = openDatabase(options.dbPath ?? ':memory:');
  const slots = new SlotStore(db);
  const appointments = new AppointmentStore(db, slots);
  const faults = new FaultRegistry();
  const router = new Router();
  const closing = new AbortController();

  let lastTopUp = -Infinity;
  const topUp = (force = false): void => {
    const nowMs = now().getTime();
    if (!force && nowMs - lastTopUp < TOP_UP_EVERY_MS && nowMs >= lastTopUp) return;
    lastTopUp = nowMs;
    slots.topUp([...SEED_SERVICES, ...BARS_SERVICES].flatMap((s) => generateSlots(s, nowMs)), nowMs);
  };

  const server = createServer((req, res) => void router.dispatch(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const rootPathFor = (key: string): string => `/provider/${key}/STU3`;

  const contexts = PROVIDER_SYSTEMS.map((system): ProviderContext => ({ system, root: `${baseUrl}${rootPathFor(system.key)}`, slots, appointments, now }));
  const host = { faults, signal: closing.signal, logger, topUp: () => topUp() };
  for (const ctx of contexts) router.add('*', rootPathFor(ctx.system.key), providerHandler(ctx, rootPathFor(ctx.system.key), host));

  router.add('*', '/ssp', sspHandler({
    prefix: '/ssp',
    ourAsid,
    faults,
    logger,
    timeoutMs: options.sspTimeoutMs ?? 25_000,
    resolve: (target) => {
      const path = `${target.origin}${target.pathname}`;
      const ctx = contexts.find((c) => path === c.root || path.startsWith(`${c.root}/`));
      return ctx ? { ctx, rootPath: rootPathFor(ctx.system.key) } : undefined;
    },
  }));

  const bars = await mountBars(router, { origin: baseUrl, slots, faults, signal: closing.signal, logger: logger.child({ component: 'bars-proxy' }), now, topUp: () => topUp() });

  const pds = pdsStandIn(PDS_PATH, { signal: closing.signal, ...(options.pdsAcceptToken !== undefined ? { acceptToken: options.pdsAcceptToken } : {}) });
  router.add('*', PDS_PATH, pds.handler);

  const standing = (): void => {
    for (const { serviceId, fault } of STANDING_FAULTS) faults.set(serviceId, fault);
  };
  const reset = (): void => {
    clearAll(db);
    bars.store.clear();
    faults.clear();
    pds.setFault(undefined);
    standing();
    topUp(true);
  };
  standing();
  mountAdmin(router, faults, reset);
  topUp(true);

  const sds = buildSdsRecords((key) => `${baseUrl}${rootPathFor(key)}`);
  // The ITK receiver links a referral to its appointment through this Provider's own store.
  const itk = mountItkReceiver(
    { route: (method, prefix, handler) => router.add(method, prefix, handler) },
    { logger: logger.child({ component: 'itk-receiver' }), appointments: sandboxAppointmentIndex(db, (key) => `${baseUrl}${rootPathFor(key)}`) },
  );
  logger.info({ baseUrl }, 'sandbox listening');
  return {
    baseUrl,
    sspBaseUrl: `${baseUrl}/ssp`,
    ourAsid,
    directory: new SandboxServiceDirectory(baseUrl),
    endpoints: new SandboxEndpointDirectory(sds),
    faults,
    providers: contexts.map((c) => ({ key: c.system.key, name: c.system.name, asid: c.system.asid, serviceRoot: c.root })),
    sds,
    itk,
    bars,
    pds: { baseUrl: `${baseUrl}${PDS_PATH}`, setFault: (fault) => pds.setFault(fault) },
    route: (method, pathPrefix, handler) => router.add(method, pathPrefix, handler),
    reset,
    close: async () => {
      closing.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      closeDatabase(db);
    },
  };
}
