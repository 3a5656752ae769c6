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

/** In Electron the preload has put `window.workstation` there; in a browser it is built over the local bridge. */
export const workstation: WorkstationApi = window.workstation ?? httpClient();
