import type { App } from '../../main/app/create-app';
import type { SignInOutcome, SignInStarted } from '../../preload/contract';
import { dispatcher } from './dispatch';

/**
 * A browser's part in a CIS2 sign-in, over plain HTTP: follow the authorisation request to the
 * stand-in's sign-in page, press one test user's button, and stop at the redirect back to the
 * app (returned, not followed, so a test can tamper with it or deliver it twice).
 */
export async function pressSignIn(authorizationUrl: string, userKey: string): Promise<URL> {
  const cookies = new Map<string, string>();
  const jar = (): string => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Response): void => {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';', 1);
      const eq = pair.indexOf('=');
      if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  };
  let url = new URL(authorizationUrl);
  let method = 'GET';
  let body: string | undefined;
  for (let hop = 0; hop < 12; hop++) {
    if (url.pathname === '/cis2/callback') return url;
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { cookie: jar(), ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(body !== undefined ? { body } : {}),
    });
    keep(res);
    const location = res.headers.get('location');
    if (location !== null) {
      url = new URL(location, url);
      method = 'GET';
      body = undefined;
      continue;
    }
    const page = await res.text();
    const action = /<form method="post" action="([^"]+)">\s*<input type="hidden" name="user" value="([^"]+)">/g;
    const forms = [...page.matchAll(action)];
    const form = forms.find((m) => m[2] === userKey) ?? (userKey === 'cancel' ? forms[0] : undefined);
    if (form?.[1] === undefined) throw new Error(`no sign-in button for ${userKey} at ${url.href} (${String(res.status)}): ${page.slice(0, 300)}`);
    url = new URL(form[1], url);
    method = 'POST';
    body = userKey === 'cancel' ? '' : `user=${encodeURIComponent(userKey)}`;
  }
  throw new Error('the sign-in never came back to the app');
}

/** Signs one of the stand-in's test users in to `app` through the app's own calls, as the browser build does. */
export async function signInDesk(app: App, userKey: string): Promise<void> {
  const { ok } = dispatcher(() => app);
  const started = await ok<SignInStarted>('session:beginSignIn', { purpose: 'session' });
  await fetch(await pressSignIn(started.url, userKey));
  const outcome = await ok<SignInOutcome>('session:completeSignIn', { flowId: started.flowId });
  if (outcome.state !== 'done') throw new Error('sign-in still waiting');
}
