import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { AuditSink } from '../audit';
import { resolveSecret, type LiveSettings, type SafeSecretReader, type Settings, type UserProfile } from '../config';
import { ProviderClient, type ProviderClientOptions } from '../protocols/care-connect/provider';
import { startSandbox, type SandboxHandle } from '../sandbox';
import { SandboxEndpointDirectory } from '../sandbox/directory/endpoint-directory';
import { buildSdsRecords } from '../sandbox/directory/sds-records';
import { SandboxServiceDirectory } from '../sandbox/directory/service-directory';
import { DosClient } from '../spine/dos';
import { JwtFactory } from '../spine/jwt';
import { sspAgent } from '../spine/ssp';
import { createSdsDirectory } from './sds-connection';
import type { EndpointDirectory, ServiceDirectory } from '../workflow/ports';
import { systemClock, type Clock } from '../workflow/clock';

export interface SpineOptions {
  settings: Settings;
  profile: UserProfile;
  audit: AuditSink;
  logger: Logger;
  safeSecrets?: SafeSecretReader;
  /** Sandbox mode: the embedded Provider keeps its appointments here, so it remembers them across a restart. */
  sandboxDbPath?: string;
  /** The app's clock: JWT times and, in sandbox mode, the embedded Provider's diaries follow it. */
  clock?: Clock;
  /** Sandbox mode: how the embedded PDS stand-in checks a Bearer token (the CIS2 stand-in's check); absent, it refuses all. */
  pdsAcceptToken?: (token: string) => boolean | Promise<boolean>;
}

/** The DoS, SDS and Provider connections of this mode; the workflow uses only these ports. */
export interface SpineConnection {
  mode: Settings['mode'];
  directory: ServiceDirectory;
  endpoints: EndpointDirectory;
  provider: ProviderClient;
  /** Sandbox mode only: the embedded Provider, directory and fault switches. */
  sandbox?: SandboxHandle;
  close(): Promise<void>;
}

function jwtFactory(settings: Settings, profile: UserProfile, clock: Clock): JwtFactory {
  return new JwtFactory({
    now: () => clock().getTime(),
    system: {
      issuer: settings.jwt.issuer,
      device: settings.device,
      organisation: settings.organisation,
      localUserSystem: `${settings.jwt.issuer.replace(/\/$/, '')}/Id/local-user-id`,
    },
    // The token names the real logged-on user; the SDS user id when the smartcard gave one.
    user: () => ({
      id: profile.sdsUserId !== 'UNK' ? profile.sdsUserId : profile.localUserId,
      displayName: profile.displayName,
      sdsUserId: profile.sdsUserId,
      sdsRoleProfileId: profile.sdsRoleProfileId,
      localUserId: profile.localUserId,
    }),
  });
}

function providerOptions(settings: Settings, base: Pick<ProviderClientOptions, 'sspBaseUrl' | 'jwt' | 'audit' | 'logger'>): ProviderClientOptions {
  return {
    ...base,
    ourAsid: settings.asid,
    interactions: settings.interactions,
    maxResponseBytes: settings.maxResponseBytes,
    timeouts: { search: settings.timeouts.slotSearchMs, book: settings.timeouts.bookMs, read: settings.timeouts.readMs, cancel: settings.timeouts.bookMs },
  };
}

/** Sandbox mode starts the embedded Provider and directory; live mode connects to DoS, SDS and the SSP. */
export async function connectSpine(options: SpineOptions): Promise<SpineConnection> {
  const { settings, profile, audit, logger } = options;
  const clock = options.clock ?? systemClock;
  const jwt = jwtFactory(settings, profile, clock);
  if (settings.mode === 'sandbox') {
    const external = settings.sandbox?.externalBaseUrl;
    if (external !== undefined) return connectExternalSandbox(external, settings, options, jwt);
    const sandbox = await startSandbox({
      ourAsid: settings.asid,
      now: clock,
      logger: logger.child({ component: 'sandbox' }),
      ...(options.sandboxDbPath === undefined ? {} : { dbPath: options.sandboxDbPath }),
      ...(options.pdsAcceptToken === undefined ? {} : { pdsAcceptToken: options.pdsAcceptToken }),
    });
    const provider = new ProviderClient({
      ...providerOptions(settings, { sspBaseUrl: sandbox.sspBaseUrl, jwt, audit, logger }),
      allowInsecureLoopback: true,
      // The sandbox's slow-answer faults are meant to be noticed, not retried into silence.
      retryDelayMs: 100,
    });
    logger.info({ baseUrl: sandbox.baseUrl }, 'sandbox started');
    return { mode: 'sandbox', directory: sandbox.directory, endpoints: sandbox.endpoints, provider, sandbox, close: () => sandbox.close() };
  }
  return connectLive(settings, options, jwt);
}

/**
 * A sandbox already running on loopback: the same directory and SDS records startSandbox serves
 * (its Provider roots are `<base>/provider/<key>/STU3`), reached over HTTP. Its fault switches and
 * BaRS registration stay with whoever started it, so `sandbox` is absent here.
 */
function connectExternalSandbox(baseUrl: string, settings: Settings, options: SpineOptions, jwt: JwtFactory): SpineConnection {
  const { audit, logger } = options;
  const provider = new ProviderClient({
    ...providerOptions(settings, { sspBaseUrl: `${baseUrl}/ssp`, jwt, audit, logger }),
    allowInsecureLoopback: true,
    retryDelayMs: 100,
  });
  logger.info({ baseUrl }, 'using the sandbox already running');
  return {
    mode: 'sandbox',
    directory: new SandboxServiceDirectory(baseUrl),
    endpoints: new SandboxEndpointDirectory(buildSdsRecords((key) => `${baseUrl}/provider/${key}/STU3`)),
    provider,
    close: () => Promise.resolve(),
  };
}

async function connectLive(settings: LiveSettings, options: SpineOptions, jwt: JwtFactory): Promise<SpineConnection> {
  const { audit, logger, safeSecrets } = options;
  const passphrase = settings.tls.keyPassphraseRef === undefined ? undefined : await resolveSecret(settings.tls.keyPassphraseRef, safeSecrets);
  const tls = {
    cert: readFileSync(settings.tls.certPath),
    key: readFileSync(settings.tls.keyPath),
    ca: readFileSync(settings.tls.caPath),
    ...(passphrase !== undefined ? { passphrase } : {}),
  };
  const directory = new DosClient({
    url: settings.dos.url,
    username: settings.dos.username,
    password: () => resolveSecret(settings.dos.passwordRef, safeSecrets),
    capacity: { symptomGroup: settings.dos.symptomGroup, symptomDiscriminators: settings.dos.symptomDiscriminators, searchDistanceKm: settings.dos.searchDistanceKm },
    timeoutMs: settings.timeouts.directoryMs,
    httpsAgent: sspAgent(tls),
    logger,
  });
  const clock = options.clock ?? systemClock;
  const endpoints = createSdsDirectory(settings, tls, logger, () => clock().getTime());
  const provider = new ProviderClient({ ...providerOptions(settings, { sspBaseUrl: settings.ssp.baseUrl, jwt, audit, logger }), tls });
  logger.info({ sds: settings.sds.url, ssp: settings.ssp.baseUrl }, 'live Spine connections configured');
  return { mode: 'live', directory, endpoints, provider, close: () => Promise.resolve() };
}
