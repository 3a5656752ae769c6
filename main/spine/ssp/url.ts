/** Why an SDS service root (untrusted text) was refused. */
export class UnsafeServiceRootError extends Error {
  override readonly name = 'UnsafeServiceRootError';
}

export interface ServiceRootPolicy {
  /** Sandbox only: accept http://127.0.0.1 service roots. Never set in live mode. */
  allowInsecureLoopback?: boolean;
}

// Control characters (C0, DEL, C1) would be silently dropped by the URL parser (a tab or newline
// vanishes), so the text used would not be the text SDS holds; a backslash is read as `/`.
// Neither is something to encode: such a value is refused.
// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\\]/;

/**
 * Parses the Provider's service root from SDS (C19, digest §1.3: the SDS URL is untrusted text and
 * may hold URL-unsafe characters). What a URL must percent-encode (a space, `"`, `<`, `>`, `{`, `}`,
 * non-ASCII) is encoded by the WHATWG URL rules; what is unsafe (not https, credentials, control
 * characters, a query, a fragment, dot segments) is refused.
 */
export function parseServiceRoot(raw: string, policy: ServiceRootPolicy = {}): URL {
  const text = raw.trim();
  if (text.length === 0 || text.length > 2048) throw new UnsafeServiceRootError('the service root is empty or too long');
  if (UNSAFE_TEXT.test(text)) throw new UnsafeServiceRootError('the service root holds control characters or a backslash');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UnsafeServiceRootError('the service root is not a URL');
  }
  const loopback = url.protocol === 'http:' && url.hostname === '127.0.0.1' && policy.allowInsecureLoopback === true;
  if (url.protocol !== 'https:' && !loopback) throw new UnsafeServiceRootError(`the service root must be https, not ${url.protocol}`);
  if (url.username !== '' || url.password !== '') throw new UnsafeServiceRootError('the service root must not carry credentials');
  if (url.hash !== '' || text.includes('#')) throw new UnsafeServiceRootError('the service root must not carry a fragment');
  if (url.search !== '' || text.includes('?')) throw new UnsafeServiceRootError('the service root must not carry a query');
  // URL() silently resolves dot segments (`%2e` too), so look at the text as SDS holds it.
  if (text.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) {
    throw new UnsafeServiceRootError('the service root must not hold dot segments');
  }
  return url;
}

/** The root without a trailing slash, in canonical (percent-encoded) form: what goes after the SSP prefix and into `aud`. */
export function canonicalServiceRoot(url: URL): string {
  return `${url.protocol}//${url.host}${strictPath(url.pathname).replace(/\/+$/, '')}`;
}

/**
 * The URL parser leaves a few characters RFC 3986 does not allow in a path (`|`, `^`, `[`, `]`, a
 * `%` that starts no escape); a strict proxy would refuse them, so they are encoded too.
 */
function strictPath(path: string): string {
  return path.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export type QueryValue = string | readonly string[];

/**
 * Builds `<ssp>/<service root>/<path>?<query>` (digest §1.3: every Provider call goes through the SSP).
 * Path segments and query values are percent-encoded here, so no caller concatenates untrusted text.
 */
export function buildSspUrl(
  sspBaseUrl: string,
  serviceRoot: URL,
  pathSegments: readonly string[],
  query: Record<string, QueryValue> = {},
): string {
  const base = sspBaseUrl.replace(/\/+$/, '');
  const path = pathSegments.map((segment) => encodeURIComponent(segment)).join('/');
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const item of typeof value === 'string' ? [value] : value) params.append(name, item);
  }
  const search = params.toString();
  return `${base}/${canonicalServiceRoot(serviceRoot)}/${path}${search === '' ? '' : `?${search}`}`;
}
