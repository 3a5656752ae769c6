import { createClient } from '../../../preload/contract/client';
import type { Result, WorkstationApi } from '../../../preload/contract';

declare global {
  interface Window {
    workstation?: WorkstationApi;
  }
}

function httpClient(): WorkstationApi {
  // The session is an HttpOnly cookie set by the one-time sign-in link: this page never sees it.
  return createClient(async (channel, request) => {
    try {
      const response = await fetch(`/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(request),
      });
      return (await response.json()) as Result<unknown>;
    } catch (error) {
      return {
        ok: false,
        error: {
          code: 'internal',
          message: 'The workstation service is not running.',
          action: 'Restart Booking Workstation. If it happens again, call the IT service desk.',
          detail: (error as Error).message,
        },
      };
    }
  });
}

/** Raised on the window when main says the CIS2 session is gone (expired, signed out elsewhere): the shell shows the sign-in screen. */
export const SIGNED_OUT_EVENT = 'workstation:signed-out';

/** Every call's answer is watched for `signed-out`, so a session that ends mid-task brings up sign-in instead of an error on one screen. */
function watchSession(api: WorkstationApi): WorkstationApi {
  const services = Object.fromEntries(
    Object.entries(api as unknown as Record<string, Record<string, (req: unknown) => Promise<Result<unknown>>>>).map(([namespace, calls]) => [
      namespace,
      Object.fromEntries(
        Object.entries(calls).map(([method, fn]) => [
          method,
          async (req: unknown) => {
            const result = await fn(req);
            if (!result.ok && result.error.code === 'signed-out') window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
            return result;
          },
        ]),
      ),
    ]),
  );
  return services as unknown as WorkstationApi;
}

/** In Electron the preload has put `window.workstation` there; in a browser it is built over the local bridge. */
export const workstation: WorkstationApi = watchSession(window.workstation ?? httpClient());
