/**
 * A safeguarding concern recorded in the assessment (BaRS App1: it must be in the referral):
 * checked by main, kept with the case's outcome with when it was recorded, audited without its
 * words, and sent both ways a referral goes: the CDA over ITK and the BaRS Flag.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case, ServiceOffer } from '../../preload/contract';
import type { ReferralDocument } from '../../preload/contract/referral';
import { createApp, type App } from '../../main/app/create-app';
import { testClock, WEEKDAY_AFTERNOON } from '../support/clock';
import { dispatcher } from '../support/dispatch';
import { patientWithNhsNumber } from '../support/patients';
import { startCase } from '../support/start-case';

const CONCERN = { about: 'child', detail: 'Caller says her son (6) has unexplained burns on his hands.' } as const;

let app: App;
let dataDir: string;
const logLines: string[] = [];
const { call, ok } = dispatcher(() => app);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bw-safeguarding-'));
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: pino({ level: 'trace' }, sink), clock: testClock() });
});
afterAll(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const opened = (caseId: string): Record<string, unknown> | undefined => {
  if (app.db === undefined) throw new Error('sandbox app expected');
  const row = app.db.prepare("SELECT detail FROM audit_events WHERE case_id = ? AND type = 'case.opened'").get(caseId) as { detail: string } | undefined;
  return row === undefined ? undefined : (JSON.parse(row.detail) as Record<string, unknown>);
};

describe('a safeguarding concern on the case', () => {
  it('is kept with the assessment outcome with when it was recorded, and read back', async () => {
    const c = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx02', safeguarding: { ...CONCERN, detail: `  ${CONCERN.detail} ` } });
    const recordedAt = c.outcome.safeguarding?.recordedAt ?? '';
    expect(c.outcome.safeguarding).toEqual({ ...CONCERN, recordedAt });
    // The app's clock (a fixed test hour), not the machine's: when the case was opened.
    expect(Math.abs(new Date(recordedAt).getTime() - WEEKDAY_AFTERNOON.getTime())).toBeLessThan(60 * 60_000);
    expect((await ok<Case>('case:get', { caseId: c.id })).outcome.safeguarding).toEqual({ ...CONCERN, recordedAt });
  });

  it('is absent when none was recorded: never defaulted', async () => {
    const c = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx02' });
    expect(c.outcome.safeguarding).toBeUndefined();
    expect(opened(c.id)).not.toHaveProperty('safeguarding');
  });

  it.each([
    ['no words', { about: 'child', detail: '   ' }, 'safeguarding.detail'],
    ['whom it is about left out', { detail: 'Unexplained burns.' }, 'safeguarding.about'],
    ['an unknown kind', { about: 'pet', detail: 'Unexplained burns.' }, 'safeguarding.about'],
    ['over 1,000 characters', { about: 'adult', detail: 'x'.repeat(1001) }, 'safeguarding.detail'],
  ])('is refused in main with %s, naming the field', async (_what, safeguarding, field) => {
    const result = await call<Case>('case:start', { patient: patientWithNhsNumber(), dispositionCode: 'Dx02', safeguarding });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(`${result.error.message} ${result.error.detail ?? ''}`).toContain(field);
  });

  it('is audited as whom it is about and its length; its words stay out of the audit detail and the log', async () => {
    const c = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx02', safeguarding: CONCERN });
    expect(opened(c.id)).toMatchObject({ safeguarding: { about: 'child', detailLength: CONCERN.detail.length } });
    expect(JSON.stringify(opened(c.id))).not.toContain('burns');
    expect(logLines.join('')).not.toContain('unexplained burns');
  });
});

describe('a safeguarding concern in the referral', () => {
  it('the CDA referral over ITK has the "Safeguarding concern" section in the clinician\'s words', async () => {
    const c = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx05', safeguarding: CONCERN });
    await ok<Case>('case:chooseService', { caseId: c.id, serviceId: '2000012345' });
    const sent = await ok<{ referral: { id: string } }>('referral:send', { caseId: c.id });
    const doc = await ok<{ xml: string }>('referral:document', { referralId: sent.referral.id });
    expect(doc.xml).toContain('<title>Safeguarding concern</title>');
    expect(doc.xml).toContain('A child is a cause for safeguarding concern.');
    expect(doc.xml).toContain(`Concern: ${CONCERN.detail}`);
  });

  it('the BaRS referral carries the Flag, about the case\'s Patient, from when it was recorded', async () => {
    const c = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx02', safeguarding: { about: 'adult', detail: 'Patient fears going home to her partner.' } });
    const { services } = await ok<{ services: ServiceOffer[] }>('directory:services', { caseId: c.id });
    const ed = services.find((s) => s.name === 'Harbourside Emergency Department');
    if (ed === undefined) throw new Error('no BaRS ED offered');
    await ok<Case>('case:chooseService', { caseId: c.id, serviceId: ed.serviceId });
    const sent = await ok<{ referral: { id: string } }>('referral:send', { caseId: c.id });
    const document = await ok<ReferralDocument>('referral:document', { referralId: sent.referral.id });
    type Entry = { fullUrl: string; resource: Record<string, unknown> & { resourceType: string } };
    const entries = (JSON.parse(document.xml) as { entry: Entry[] }).entry;
    const flags = entries.filter((e) => e.resource.resourceType === 'Flag');
    expect(flags).toHaveLength(1);
    expect(flags[0]?.resource).toMatchObject({
      status: 'active',
      category: [{ coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/flag-categories-bars', code: 'SG' }] }],
      code: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/safeguarding-codes-bars', code: 'U' }], text: 'Safeguarding concern about an adult: Patient fears going home to her partner.' },
      subject: { reference: entries.find((e) => e.resource.resourceType === 'Patient')?.fullUrl },
      period: { start: c.outcome.safeguarding?.recordedAt },
    });
  });
});

describe('a safeguarding concern raised after the case was started', () => {
  const updated = (caseId: string): Record<string, unknown>[] => {
    if (app.db === undefined) throw new Error('sandbox app expected');
    return (app.db.prepare("SELECT detail FROM audit_events WHERE case_id = ? AND type = 'case.safeguarding-updated' ORDER BY seq").all(caseId) as { detail: string }[]).map((r) => JSON.parse(r.detail) as Record<string, unknown>);
  };

  it('is recorded, changed and cleared on the case, each change audited without its words; an unchanged save is not', async () => {
    const c = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx02' });
    const recorded = await ok<Case>('case:updateSafeguarding', { caseId: c.id, safeguarding: CONCERN });
    expect(recorded.outcome.safeguarding).toMatchObject(CONCERN);
    await ok<Case>('case:updateSafeguarding', { caseId: c.id, safeguarding: CONCERN });
    const cleared = await ok<Case>('case:updateSafeguarding', { caseId: c.id });
    expect(cleared.outcome.safeguarding).toBeUndefined();
    expect((await ok<Case>('case:get', { caseId: c.id })).outcome.safeguarding).toBeUndefined();
    expect(updated(c.id)).toEqual([{ about: 'child', detailLength: CONCERN.detail.length }, { cleared: true }]);
    expect(await call('case:updateSafeguarding', { caseId: c.id, safeguarding: { about: 'child', detail: '' } })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('after the referral went, offers it again as an update that carries the concern', async () => {
    const c = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx05', notes: 'Wrist pain.' });
    await ok<Case>('case:chooseService', { caseId: c.id, serviceId: '2000012345' });
    const first = await ok<{ case: Case }>('referral:send', { caseId: c.id });
    expect(first.case.bookingView.referral.status).toBe('sent');
    const changed = await ok<Case>('case:updateSafeguarding', { caseId: c.id, safeguarding: CONCERN });
    expect(changed.bookingView.referral).toMatchObject({ status: 'update-offered', message: 'The referral was sent before the latest safeguarding concern was saved. Send an update with the new safeguarding concern.' });
    const update = await ok<{ case: Case; referral: { id: string; kind?: string } }>('referral:send', { caseId: c.id });
    expect(update.referral.kind).toBe('update');
    expect((await ok<{ xml: string }>('referral:document', { referralId: update.referral.id })).xml).toContain(`Concern: ${CONCERN.detail}`);
    expect(update.case.bookingView.referral.status).toBe('sent');
  });
});
