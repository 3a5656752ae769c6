import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { CALLBACK_PATH, type RedirectReceiver } from './sign-in-flows';

/** What the browser tab shows after the redirect: plain words, no markup from outside. */
export function callbackPage(result: { ok: boolean; message: string }): string {
  const text = result.message.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Booking Workstation sign-in</title></head><body><h1>${result.ok ? 'Signed in' : 'Not signed in'}</h1><p>${text}</p></body></html>`;
}

/**
 * The native app's redirect (RFC 8252 §7.3): a listener on 127.0.0.1, on the first free port
 * of the settings' range (CIS2 registers each redirect URI), open only while a sign-in waits.
 * It answers the callback path and nothing else.
 */
export class LoopbackRedirect implements RedirectReceiver {
  private server: Server | undefined;
  private uri: string | undefined;

  constructor(
    private readonly ports: { from: number; to: number },
    private readonly onCallback: (url: URL) => Promise<{ ok: boolean; message: string }>,
    private readonly logger: Logger,
  ) {}

  async redirectUri(): Promise<string> {
    if (this.uri !== undefined) return this.uri;
    for (let port = this.ports.from; port <= this.ports.to; port++) {
      const server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', `http://127.0.0.1:${String(port)}`);
        if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
          res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
          return void res.end('Not found');
        }
        void this.onCallback(url).then((result) => {
          res.writeHead(result.ok ? 200 : 400, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'" });
          res.end(callbackPage(result));
        });
      });
      if (await listen(server, port)) {
        this.server = server;
        this.uri = `http://127.0.0.1:${String(port)}${CALLBACK_PATH}`;
        return this.uri;
      }
    }
    this.logger.error({ ports: this.ports }, 'no port in cis2.redirectPorts is free for the sign-in redirect');
    throw new Error(`no free port from ${String(this.ports.from)} to ${String(this.ports.to)} for the sign-in redirect`);
  }

  idle(): void {
    const server = this.server;
    this.server = undefined;
    this.uri = undefined;
    if (server !== undefined) {
      server.close();
      server.closeAllConnections();
    }
  }
}

function listen(server: Server, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
}
