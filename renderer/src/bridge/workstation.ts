import { createClient } from '../../../preload/contract/client';
import type { Result, WorkstationApi } from '../../../preload/contract';

declare global {
  interface Window {
    workstation?: WorkstationApi;
  }
}

const TOKEN_KEY = 'workstation-token';

/** The bridge token arrives once in the URL fragment; keep it for reloads and take it out of the address bar. */
function bridgeToken(): string {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match?.[1] !== undefined) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpClient(): WorkstationApi {
  const token = bridgeToken();
  return createClient(async (channel, request) => {
    try {
      const response = await fetch(`/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Workstation-Token': token },
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
