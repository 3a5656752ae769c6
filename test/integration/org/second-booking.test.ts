/**
 * Issue 19, item 6, across desks: desk B is warned about desk A's live booking and open case for
 * the same person from the organisation record (real PostgreSQL); with the record unreachable it
 * says so, still shows this desk's own, and never blocks the case.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../main/app/create-app';
import { ORG_UNREACHABLE_WARNING } from '../../../main/workflow/existing-cases';
import type { ExistingAnswer } from '../../../preload/contract';
import { bookOnDesk } from '../../support/desk-flow';
import { dispatcher } from '../../support/dispatch';
import { startCase } from '../../support/start-case';
import { prepareOrg, startDesk, uploaded } from '../../support/org';
import { patientWithNhsNumber } from '../../support/patients';
import { shouldRunPostgresTests, startTestPostgres, type TestPostgres } from '../../support/postgres';

describe.runIf(shouldRunPostgresTests())('the existing-booking warning from the organisation record (real PostgreSQL)', () => {
  let pg: TestPostgres;
  let deskA: App;
  let deskB: App;
  const existing = (app: App, q: Record<string, unknown>): Promise<ExistingAnswer> => dispatcher(() => app).ok<ExistingAnswer>('patient:existing', q);

  beforeAll(async () => {
    pg = await startTestPostgres();
    const admin = await prepareOrg(pg);
    await admin.end({ timeout: 2 });
    const sandboxProviderPath = join(mkdtempSync(join(tmpdir(), 'bw-shared-sandbox-')), 'provider.sqlite');
    deskA = await startDesk(pg, { workstation: 'DESK-A', sandboxProviderPath });
    deskB = await startDesk(pg, { workstation: 'DESK-B', sandboxProviderPath });
  });
  afterAll(async () => {
    await deskA.close();
    await deskB.close();
    await pg.destroy();
  });

  it('desk B sees desk A’s live booking and open case for the same person, saying where they were made', async () => {
    const booked = await bookOnDesk(deskA, patientWithNhsNumber({ nhsNumber: '4010001542', family: 'Mensah', birthDate: '1980-08-08' }));
    // The same person without the NHS number: desk A gives the reason for a second case.
    const open = await startCase(dispatcher(() => deskA).ok, { patient: patientWithNhsNumber({ nhsNumber: undefined, nhsNumberVerified: undefined, family: 'Mensah', birthDate: '1980-08-08' }), dispositionCode: 'Dx05' });
    await uploaded(deskA);
    const answer = await existing(deskB, { nhsNumber: '4010001542', family: 'Mensah', given: 'Amelia', birthDate: '1980-08-08' });
    expect(answer.organisation).toBe('searched');
    expect(answer.matches.map((m) => [m.caseId, m.why, m.nhsNumber ?? 'no NHS number', m.madeBy?.workstation, m.onThisDesk])).toEqual([
      [booked.caseId, 'live-booking', '4010001542', 'DESK-A', false],
      [open.id, 'open-case', 'no NHS number', 'DESK-A', false],
    ]);
    // A same-named person with another NHS number is not the same person.
    expect((await existing(deskB, { nhsNumber: '4010001550', family: 'Mensah', given: 'Amelia', birthDate: '1980-08-08' })).matches.map((m) => m.caseId)).toEqual([open.id]);
  });

  it('the organisation record unreachable: this desk’s own are shown, with a plain word, and nothing blocks', async () => {
    const mine = await bookOnDesk(deskB, patientWithNhsNumber({ nhsNumber: '4010001569', family: 'Oduya', birthDate: '1975-05-05' }));
    await pg.stop();
    try {
      const answer = await existing(deskB, { nhsNumber: '4010001569', family: 'Oduya', birthDate: '1975-05-05' });
      expect(answer).toMatchObject({ organisation: 'unreachable', message: ORG_UNREACHABLE_WARNING });
      expect(answer.matches.map((m) => [m.caseId, m.onThisDesk])).toEqual([[mine.caseId, true]]);
    } finally {
      await pg.start();
    }
  });
});
