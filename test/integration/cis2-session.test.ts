import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingResult, Case, SessionInfo, SignInOutcome, SignInStarted, SlotSearchResult } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import { silentLogger } from '../../main/log/logger';
import type { JwtFactory } from '../../main/spine/jwt';
import { clockStartingAt } from '../../main/workflow/clock';
import { pressSignIn } from '../support/cis2-browser';
import { WEEKDAY_AFTERNOON } from '../support/clock';
import { dispatcher } from '../support/dispatch';
import { patientWithNhsNumber } from '../support/patients';
import { startCase } from '../support/start-case';

/** The app's clock, moved by the test (session expiry follows it, never the wall clock). */
let offsetMs = 0;
const clock = (): Date => new Date(clockStartingAt(WEEKDAY_AFTERNOON)().getTime() + offsetMs);

let app: App;
let dataDir: string;
const { call, ok } = dispatcher(() => app);

/** A clinician's whole sign-in through the app: main starts it, the "browser" presses a test user, the loopback redirect takes it back. */
async function signIn(userKey: string, purpose: 'session' | 'unlock' | 'approval' = 'session'): Promise<Extract<SignInOutcome, { state: 'done' }>> {
  const started = await ok<SignInStarted>('session:beginSignIn', { purpose });
  const back = await pressSignIn(started.url, userKey);
  await fetch(back);
  const outcome = await ok<SignInOutcome>('session:completeSignIn', { flowId: started.flowId });
  if (outcome.state !== 'done') throw new Error('sign-in still waiting');
  return outcome;
}

async function signInRefused(userKey: string, purpose: 'session' | 'unlock' | 'approval' = 'session'): Promise<unknown> {
  const started = await ok<SignInStarted>('session:beginSignIn', { purpose });
  await fetch(await pressSignIn(started.url, userKey));
  return call('session:completeSignIn', { flowId: started.flowId });
}

async function lateSlot(): Promise<{ caseId: string; slotId: string }> {
  const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' });
  await ok<Case>('case:chooseService', { caseId: opened.id, serviceId: '2000012345' });
  const search = await ok<SlotSearchResult>('slots:search', { caseId: opened.id });
  const late = search.slots.find((s) => s.outsideTimeframe);
  if (late === undefined) throw new Error('no slot after the deadline');
  return { caseId: opened.id, slotId: late.slotId };
}

const audit = (type: string): { user_id: string; outcome: string | null; detail: Record<string, unknown> }[] =>
  (app.db?.prepare('SELECT user_id, outcome, detail FROM audit_events WHERE type = ? ORDER BY seq').all(type) as { user_id: string; outcome: string | null; detail: string }[]).map((r) => ({
    ...r,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bw-cis2-'));
  // A typed profile that must never be used once CIS2 names the user.
  writeFileSync(join(dataDir, 'profile.json'), JSON.stringify({ displayName: 'Typed Name', sdsUserId: '111111111111', sdsRoleProfileId: '222222222222', clinician: true, role: 'Typed role' }));
  app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger(), clock, cis2SignIn: true, sandboxAccessTokenTtl: 600 });
});
afterAll(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('NHS CIS2 sign-in in the app (sandbox stand-in)', () => {
  it('runs nothing before sign-in, and names nobody from typed text', async () => {
    const session = await ok<SessionInfo>('session:get', {});
    expect(session.signIn).toMatchObject({ state: 'signed-out', provider: 'sandbox CIS2' });
    expect(session.needsProfile).toBeUndefined();
    expect(session.user.displayName).not.toBe('Typed Name');
    expect(await call('case:list', {})).toMatchObject({ ok: false, error: { code: 'signed-out' } });
  });

  it('refuses a session below the required assurance level, and stays signed out', async () => {
    expect(await signInRefused('low-assurance')).toMatchObject({ ok: false, error: { code: 'sign-in-failed', message: expect.stringContaining('smartcard') as unknown } });
    expect((await ok<SessionInfo>('session:get', {})).signIn?.state).toBe('signed-out');
    expect(audit('session.sign-in-refused').at(-1)).toMatchObject({ outcome: 'refused', detail: { kind: 'low-assurance' } });
  });

  it('refuses a redirect whose state it did not issue, and a replayed one', async () => {
    const started = await ok<SignInStarted>('session:beginSignIn', { purpose: 'session' });
    const back = await pressSignIn(started.url, 'clinician');
    const forged = new URL(back);
    forged.searchParams.set('state', 'not-the-state-we-sent');
    expect((await fetch(forged)).status).toBe(400);
    expect((await fetch(back)).status).toBe(200);
    // The same redirect again: its state is spent.
    expect((await fetch(back)).status).toBe(400);
    await ok<SignInOutcome>('session:completeSignIn', { flowId: started.flowId });
    await ok<SessionInfo>('session:signOut', {});
  });

  it('signs in with one click: the shell, the audit trail and the Care Connect JWT name the CIS2 user and role', async () => {
    const { session } = await signIn('clinician');
    expect(session.signIn?.state).toBe('signed-in');
    expect(session.user).toMatchObject({ displayName: 'Alex Morgan', title: 'Dr', sdsUserId: '555123456789', sdsRoleProfileId: '555987654321', role: 'Clinical Practitioner Access Role', clinician: true, mayBook: true, registration: 'GMC 1234567' });
    const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' });
    const events = app.db?.prepare("SELECT user_id, detail FROM audit_events WHERE type = 'case.opened' AND case_id = ?").get(opened.id) as { user_id: string; detail: string };
    expect(events.user_id).toBe('555123456789');
    expect(JSON.parse(events.detail)).toMatchObject({ userRole: 'Clinical Practitioner Access Role (555987654321)' });
    // The JWT factory the Provider client uses: its requesting_practitioner is the session's, never the typed profile's.
    const jwt = (app.spine?.provider as unknown as { options: { jwt: JwtFactory } }).options.jwt;
    const claims = decodeJwt(await jwt.create('https://provider.example/STU3', 'book'));
    const practitioner = JSON.stringify(claims.requesting_practitioner);
    expect(practitioner).toContain('555123456789');
    expect(practitioner).toContain('555987654321');
    expect(practitioner).not.toContain('111111111111');
    expect(practitioner).not.toContain('Typed');
  });

  it('an approving clinician approves a late booking themselves; the booking shows their name, role and GMC number from the session', async () => {
    const { caseId, slotId } = await lateSlot();
    const typed = await call('booking:book', { caseId, slotId, approval: { approverName: 'Someone Else', approverRole: 'GP', registrationBody: 'GMC', registrationNumber: '7654321', reason: 'Patient cannot travel before this evening' } });
    expect(typed).toMatchObject({ ok: false, error: { code: 'not-permitted' } });
    const booked = await ok<BookingResult>('booking:book', { caseId, slotId, approval: { approvedBy: 'self', reason: 'Patient cannot travel before this evening' } });
    const approval = booked.case.bookings.find((b) => b.id === booked.bookingId)?.approval;
    expect(approval).toMatchObject({ approverName: 'Dr Alex Morgan', approverRole: 'Clinical Practitioner Access Role', registrationBody: 'GMC', registrationNumber: '1234567', approverUid: '555123456789' });
  });

  it('a call handler may book but not approve: self-approval and a second sign-in without the role are refused in main', async () => {
    await ok<SessionInfo>('session:signOut', {});
    const { session } = await signIn('call-handler');
    expect(session.user).toMatchObject({ displayName: 'Sam Taylor', clinician: false, mayBook: true });
    const { caseId, slotId } = await lateSlot();
    expect(await call('booking:book', { caseId, slotId, approval: { approvedBy: 'self', reason: 'Patient cannot travel before this evening' } })).toMatchObject({
      ok: false,
      error: { code: 'not-permitted', message: 'Your role does not allow you to approve booking after the deadline.' },
    });
    // A second user without the approval role cannot approve either.
    expect(await signInRefused('call-handler', 'approval')).toMatchObject({ ok: false, error: { code: 'not-permitted' } });
    expect(audit('session.role-refused').length).toBeGreaterThanOrEqual(1);
    expect((await ok<Case>('case:get', { caseId })).bookings).toHaveLength(0);
  });

  it('a second clinician signs in for one approval (not replacing the session); their approval is stored with the booking, once', async () => {
    const { caseId, slotId } = await lateSlot();
    const { approver, session } = await signIn('second-clinician', 'approval');
    expect(session.user.displayName).toBe('Sam Taylor');
    expect(approver).toMatchObject({ displayName: 'Dr Priya Nair', role: 'Clinical Practitioner Access Role', registration: 'GMC 7654321' });
    const approverId = approver?.approverId;
    const booked = await ok<BookingResult>('booking:book', { caseId, slotId, approval: { approvedBy: approverId, reason: 'Patient cannot travel before this evening' } });
    expect(booked.case.bookings.find((b) => b.id === booked.bookingId)?.approval).toMatchObject({ approverName: 'Dr Priya Nair', registrationNumber: '7654321', approverUid: '555123456792' });
    const again = await lateSlot();
    expect(await call('booking:book', { ...again, approval: { approvedBy: approverId, reason: 'Patient cannot travel before this evening' } })).toMatchObject({ ok: false, error: { code: 'not-permitted' } });
  });

  it('an expired session runs nothing until the user signs in again (nothing lost)', async () => {
    expect(await app.identity?.session.accessToken()).toEqual(expect.any(String));
    offsetMs += 601_000;
    expect((await ok<SessionInfo>('session:get', {})).signIn?.state).toBe('expired');
    expect(await call('case:list', {})).toMatchObject({ ok: false, error: { code: 'signed-out', message: expect.stringContaining('session has ended') as unknown } });
    await expect(app.identity?.session.accessToken()).rejects.toThrow(/expired/);
    await signIn('call-handler', 'unlock');
    expect((await ok<{ cases: unknown[] }>('case:list', {})).cases.length).toBeGreaterThan(0);
  });

  it('after the lock, the same user gets their session back; a different user starts clean, with the previous user’s draft out of reach', async () => {
    await ok('case:saveDraft', { form: JSON.stringify({ family: 'Draft' }) });
    await ok<SessionInfo>('session:lock', {});
    expect(await call('case:list', {})).toMatchObject({ ok: false, error: { code: 'signed-out' } });
    const same = await signIn('call-handler', 'unlock');
    expect(same.sameUser).toBe(true);
    expect(await ok('case:loadDraft', {})).toMatchObject({ draft: { form: JSON.stringify({ family: 'Draft' }) } });
    await ok<SessionInfo>('session:lock', {});
    const other = await signIn('clinician', 'unlock');
    expect(other.sameUser).toBe(false);
    expect(other.session.user.displayName).toBe('Alex Morgan');
    expect(await ok('case:loadDraft', {})).toEqual({});
    expect(audit('session.signed-in').at(-1)).toMatchObject({ user_id: '555123456789', detail: { purpose: 'unlock', sameUser: false } });
  });
});
