import type { Route } from './navigation';

const KEY = 'workstation-route';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The screen the user was on, for this tab only: a reload comes back to it (with its kept
 * form or its case) instead of the case list. Holds a screen name and at most a case id,
 * never anything about the patient.
 */
export function rememberedRoute(): Route {
  try {
    const r = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { screen?: unknown; caseId?: unknown } | null;
    if (r?.screen === 'case' && typeof r.caseId === 'string' && UUID.test(r.caseId)) return { screen: 'case', caseId: r.caseId };
    if (r?.screen === 'new-case' || r?.screen === 'find' || r?.screen === 'reports') return { screen: r.screen };
  } catch {
    // A damaged entry just means starting from the case list.
  }
  return { screen: 'home' };
}

export function rememberRoute(route: Route): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(route.screen === 'case' ? { screen: 'case', caseId: route.caseId } : { screen: route.screen }));
  } catch {
    // Storage refused (private mode, quota): a reload then starts from the case list.
  }
}
