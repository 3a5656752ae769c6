import { fullName, type Cis2TestUser } from './test-users';

/** The stand-in's sign-in page: one button per test user, the first (the default) focused, so one click or Enter signs in. */
export function signInPage(uid: string, users: readonly Cis2TestUser[]): string {
  const buttons = users
    .map((u, i) => {
      const name = escapeHtml([u.title, fullName(u)].filter((s) => s !== undefined).join(' '));
      return `<form method="post" action="/interaction/${escapeHtml(uid)}/login">
  <input type="hidden" name="user" value="${escapeHtml(u.key)}">
  <button type="submit" data-user="${escapeHtml(u.key)}"${i === 0 ? ' autofocus' : ''}>Sign in as ${name}</button>
  <span>${escapeHtml(u.summary)}</span>
</form>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Sandbox CIS2 sign-in</title>
<style>body{font-family:Arial,sans-serif;margin:2rem;max-width:40rem}form{margin:0 0 1rem}button{font-size:1.1rem;padding:.5rem 1rem;margin-right:.5rem}</style>
</head><body>
<h1>Sandbox CIS2 sign-in</h1>
<p>This is the sandbox's stand-in for NHS CIS2 Authentication. Choose a test user.</p>
${buttons}
<form method="post" action="/interaction/${escapeHtml(uid)}/login"><button type="submit" data-user="cancel">Cancel</button></form>
</body></html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
}
