import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_NOTES_MAX_LENGTH, notesProblem, type Case } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import { dispatcher } from '../support/dispatch';
import { patientWithNhsNumber } from '../support/patients';
import { startCase } from '../support/start-case';

/** The call's clinical notes: kept with the case, changed only through main's contract, audited without their text, sent in the referral. */
let app: App;
const logLines: string[] = [];
const { call, ok } = dispatcher(() => app);

const NOTES = 'Fell from a step ladder at 14:00; left wrist swollen, pain 7/10.\nNo head injury. Takes warfarin.';

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bw-notes-'));
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: pino({ level: 'trace' }, sink) });
});
afterAll(async () => {
  await app.close();
});

const events = (caseId: string, type: string): { detail: Record<string, unknown> }[] => {
  if (app.db === undefined) throw new Error('sandbox app expected');
  return (app.db.prepare('SELECT detail FROM audit_events WHERE case_id = ? AND type = ? ORDER BY seq').all(caseId, type) as { detail: string }[]).map((r) => ({
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }));
};

describe('the notes of the call', () => {
  it('are kept with the case from the new-case form and read back after a reload of the case', async () => {
    const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx05', notes: `  ${NOTES}  ` });
    expect(opened.notes).toBe(NOTES);
    expect((await ok<Case>('case:get', { caseId: opened.id })).notes).toBe(NOTES);
    expect(events(opened.id, 'case.opened')[0]?.detail).toMatchObject({ notesLength: NOTES.length });
  });

  it('can be changed and cleared on the case; each change is audited by length, an unchanged save is not', async () => {
    const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' });
    expect(opened.notes).toBeUndefined();
    const written = await ok<Case>('case:updateNotes', { caseId: opened.id, notes: NOTES });
    expect(written.notes).toBe(NOTES);
    await ok<Case>('case:updateNotes', { caseId: opened.id, notes: NOTES });
    const cleared = await ok<Case>('case:updateNotes', { caseId: opened.id, notes: '   ' });
    expect(cleared.notes).toBeUndefined();
    expect(events(opened.id, 'case.notes-updated').map((e) => e.detail)).toEqual([
      { notesLength: NOTES.length, previousLength: 0 },
      { notesLength: 0, previousLength: NOTES.length },
    ]);
  });

  it('refuses notes over the limit in main, with the case unchanged', async () => {
    const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx05', notes: 'First note' });
    const tooLong = 'x'.repeat(CASE_NOTES_MAX_LENGTH + 1);
    expect(await call('case:updateNotes', { caseId: opened.id, notes: tooLong })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await call('case:start', { patient: patientWithNhsNumber(), dispositionCode: 'Dx05', notes: tooLong })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await call('case:updateNotes', { caseId: opened.id, notes: 'bell\u0007' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect((await ok<Case>('case:get', { caseId: opened.id })).notes).toBe('First note');
    expect(notesProblem(tooLong)).toContain('4,000 characters or fewer');
    expect(notesProblem('x'.repeat(CASE_NOTES_MAX_LENGTH))).toBeUndefined();
  });

  it('go into the referral document sent for the case', async () => {
    const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx05', notes: NOTES });
    await ok<Case>('case:chooseService', { caseId: opened.id, serviceId: '2000012345' });
    const sent = await ok<{ case: Case; referral: { id: string } }>('referral:send', { caseId: opened.id });
    const doc = await ok<{ xml: string }>('referral:document', { referralId: sent.referral.id });
    expect(doc.xml).toContain('<title>Clinical notes of the call</title>');
    expect(doc.xml).toContain('No head injury. Takes warfarin.');
  });

  it('never appear in the log, whatever is refused or saved', () => {
    const log = logLines.join('');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain('step ladder');
    expect(log).not.toContain('warfarin');
    expect(log).not.toContain('First note');
  });
});
