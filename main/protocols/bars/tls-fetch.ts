/**
 * A `fetch` over node:https with the deployment's TLS settings, for the BaRS proxy and its token
 * endpoint: the global fetch trusts only the system store and can present no client certificate.
 */
import { Agent, request } from 'node:https';
import { rootCertificates } from 'node:tls';

export interface BarsTls {
  /** PEM CA bundle of the settings' `tls.caPath`. */
  ca: string | Buffer;
  /** The client certificate and key, when configured (the proxy does not ask for one; a gateway in between may). */
  cert?: string | Buffer;
  key?: string | Buffer;
  passphrase?: string;
}

const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * The configured CA is trusted alongside the public roots: the proxy presents a public DigiCert
 * certificate (digest §1 TLS), while a deployment's CA (e.g. a TLS-inspecting gateway's) must be honoured too.
 */
export function barsAgent(tls: BarsTls): Agent {
  return new Agent({
    ca: [...rootCertificates, tls.ca.toString()],
    ...(tls.cert !== undefined && tls.key !== undefined ? { cert: tls.cert, key: tls.key } : {}),
    ...(tls.passphrase !== undefined ? { passphrase: tls.passphrase } : {}),
    rejectUnauthorized: true,
    keepAlive: true,
  });
}

/** The subset of fetch the BaRS client and token source use (method, headers, string body, signal). */
export function tlsFetch(agent: () => Promise<Agent>): typeof fetch {
  const run = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    if (url.protocol !== 'https:') return fetch(input, init);
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    if (init?.body !== undefined && init.body !== null && typeof init.body !== 'string') throw new TypeError('Only string bodies are sent to BaRS');
    const body = init?.body ?? undefined;
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body, 'utf8'));
    const via = await agent();
    return new Promise<Response>((resolve, reject) => {
      const outgoing = request(url, { method: init?.method ?? 'GET', headers, agent: via, ...(init?.signal ? { signal: init.signal } : {}) }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (c: Buffer) => chunks.push(c));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const status = incoming.statusCode ?? 0;
          const responseHeaders = new Headers();
          for (const [k, v] of Object.entries(incoming.headers)) if (typeof v === 'string') responseHeaders.set(k, v);
          resolve(new Response(NO_BODY.has(status) ? null : Buffer.concat(chunks), { status, headers: responseHeaders }));
        });
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  };
  return run;
}
