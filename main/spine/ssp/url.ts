/** Why an SDS service root (untrusted text) was refused. */
export class UnsafeServiceRootError extends Error {
  override readonly name = 'UnsafeServiceRootError';
}

export interface ServiceRootPolicy {
  /** Sandbox only: accept http://127.0.0.1 service roots. Never set in live mode. */
  allowInsecureLoopback?: boolean;
}

// Only what a URL's host and path can legitimately hold; anything else in SDS text is refused.
// `?` and `#` pass here only so the checks below can name them.
const SAFE_TEXT = /^[A-Za-z0-9\-._~:/%@!$&'()*+,;=?#]+$/;

/** Parses the Provider's service root from SDS (digest §1.3: the SDS URL is untrusted text). */
export function parseServiceRoot(raw: string, policy: ServiceRootPolicy = {}): URL {
  const text = raw.trim();
  if (text.length === 0 || text.length > 2048) throw new UnsafeServiceRootError('the service root is empty or too long');
  if (!SAFE_TEXT.test(text)) throw new UnsafeServiceRootError('the service root holds characters a URL may not');
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
  // URL() silently resolves dot segments, so look at the text as SDS holds it.
  if (text.split('/').some((segment) => segment === '..' || segment === '.' || /^%2e/i.test(segment))) {
    throw new UnsafeServiceRootError('the service root must not hold dot segments');
  }
  return url;
}

/** The root without a trailing slash, in canonical form: what goes after the SSP prefix and into `aud`. */
export function canonicalServiceRoot(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
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
