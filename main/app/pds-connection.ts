/**
 * The PDS trace of this mode: the embedded stand-in in sandbox mode (or `pds.baseUrl`), the
 * configured PDS over the deployment's TLS settings in live mode, or none (cases say "not traced").
 */
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Settings, UserProfile } from '../config';
import { PdsClient, PdsTracer } from '../identity/pds';
import { barsAgent, tlsFetch } from '../protocols/bars/tls-fetch';
import { PDS_PATH } from '../sandbox';
import type { Clock } from '../workflow/clock';
import type { PatientTracer } from '../workflow/patient-trace-port';
import type { SpineConnection } from './spine-connection';

/** Who PDS is asked as: the signed-in user's access token and selected role (NHSD-Session-URID). */
export interface PdsSession {
  accessToken: () => Promise<string>;
  sessionUrid: () => string | undefined;
}

export class NoSessionError extends Error {
  override name = 'NoSessionError';
}

/** What an in-process harness without CIS2 sends PDS; the embedded stand-in accepts it only if that harness says so (AppOptions.sandboxPdsAcceptToken). */
export const SANDBOX_PLACEHOLDER_TOKEN = 'sandbox-placeholder-token';

/**
 * The token of a desk without CIS2 sign-in (an in-process test harness with a typed profile): the
 * sandbox's placeholder, which its PDS stand-in refuses unless the harness passes a check that
 * accepts it; live mode has none (a trace then says the user must sign in, and the case goes on untraced).
 */
export function placeholderPdsSession(settings: Settings, profile: UserProfile): PdsSession {
  if (settings.mode === 'sandbox') return { accessToken: () => Promise.resolve(SANDBOX_PLACEHOLDER_TOKEN), sessionUrid: () => '555254242106' };
  return {
    accessToken: () => Promise.reject(new NoSessionError('no CIS2 session: PDS is user-restricted')),
    sessionUrid: () => (profile.sdsRoleProfileId !== 'UNK' ? profile.sdsRoleProfileId : undefined),
  };
}

export function connectPds(settings: Settings, spine: SpineConnection, session: PdsSession, logger: Logger, clock: Clock): PatientTracer | undefined {
  const log = logger.child({ component: 'pds' });
  if (settings.mode === 'sandbox') {
    const external = settings.sandbox?.externalBaseUrl;
    const baseUrl = settings.pds.baseUrl ?? spine.sandbox?.pds.baseUrl ?? (external !== undefined ? `${external}${PDS_PATH}` : undefined);
    if (baseUrl === undefined) return undefined;
    return new PdsTracer(new PdsClient({ baseUrl, ...session, timeoutMs: settings.pds.timeoutMs, logger: log }), clock);
  }
  if (settings.pds === undefined) return undefined;
  // The API platform presents a public certificate; the deployment's CA (e.g. a TLS-inspecting gateway's) is trusted too.
  const agent = barsAgent({ ca: readFileSync(settings.tls.caPath) });
  return new PdsTracer(
    new PdsClient({ baseUrl: settings.pds.baseUrl, ...session, timeoutMs: settings.pds.timeoutMs, fetch: tlsFetch(() => Promise.resolve(agent)), logger: log }),
    clock,
  );
}
