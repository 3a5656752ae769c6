import type { AppErrorShape, Result, SignInOutcome, SignInPurpose } from '../../../preload/contract';
import { workstation } from '../bridge/workstation';

type Done = Extract<SignInOutcome, { state: 'done' }>;

/**
 * Runs one CIS2 sign-in from a click: main starts it (and in the desktop app opens the system
 * browser); in the browser build this page opens CIS2's page in a new window. Then it waits
 * for main to say how it went. The verifier, state and tokens never come to the page.
 */
export async function runSignIn(purpose: SignInPurpose): Promise<Result<Done>> {
  // Opened now, inside the click, so the browser does not block it; pointed at CIS2 once main answers.
  const popup = window.workstation === undefined ? window.open('about:blank', 'cis2-sign-in') : null;
  const started = await workstation.session.beginSignIn({ purpose });
  if (!started.ok) {
    popup?.close();
    return started;
  }
  if (!started.value.opened) {
    if (popup !== null) popup.location.href = started.value.url;
    else window.open(started.value.url, 'cis2-sign-in');
  }
  for (;;) {
    const outcome = await workstation.session.completeSignIn({ flowId: started.value.flowId });
    if (!outcome.ok) return outcome;
    if (outcome.value.state === 'done') {
      popup?.close();
      return { ok: true, value: outcome.value };
    }
  }
}

export type SignInFailure = AppErrorShape;
