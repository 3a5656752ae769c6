/**
 * The Pathways symptom group (SG) and discriminator (SD) on a case: checked by main at the
 * boundary, kept with the case's outcome, read back from a database written before they existed,
 * searched by in the DoS, and sent in the BaRS referral's CarePlan as REFREQ01 codes them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Case, ServiceOffer } from '../../preload/contract';
import type { ReferralDocument } from '../../preload/contract/referral';
import { createApp, type App } from '../../main/app/create-app';
import { CaseStore, StoredCase } from '../../main/cases';
import { closeDatabase, openDatabase } from '../../main/db/database';
import { silentLogger } from '../../main/log/logger';
import type { CapacityQuery } from '../../main/workflow/ports';
import { dispatcher } from '../support/dispatch';
import { patientWithNhsNumber } from '../support/patients';
import { startCase } from '../support/start-case';

const SG = { code: '1011', text: 'Bites and Stings' };
const SD = { code: '4052', text: 'Severe pain' };

let app: App;
let dataDir: string;
const { call, ok } = dispatcher(() => app);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bw-pathways-'));
  app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger() });
});
afterAll(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('starting a case with the Pathways SG and SD', () => {
  it('keeps both, code and text, with the assessment outcome, and reads them back', async () => {
    const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx02', symptomGroup: SG, symptomDiscriminator: SD });
    expect(opened.outcome).toMatchObject({ dispositionCode: 'Dx02', symptomGroup: SG, symptomDiscriminator: SD });
    expect((await ok<Case>('case:get', { caseId: opened.id })).outcome).toMatchObject({ symptomGroup: SG, symptomDiscriminator: SD });
  });

  it('leaves them out when the caller had no Pathways assessment', async () => {
    const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx02' });
    expect(opened.outcome.symptomGroup).toBeUndefined();
    expect(opened.outcome.symptomDiscriminator).toBeUndefined();
  });

  it.each([
    ['an SG code of 3 digits', { symptomGroup: { code: '101', text: 'x' } }, 'symptomGroup.code'],
    ['an SG code that is not a number', { symptomGroup: { code: 'SG10', text: 'x' } }, 'symptomGroup.code'],
    ['an SD code of 0000', { symptomGroup: SG, symptomDiscriminator: { code: '0000', text: 'x' } }, 'symptomDiscriminator.code'],
    ['an SD code of 5 digits', { symptomGroup: SG, symptomDiscriminator: { code: '40521', text: 'x' } }, 'symptomDiscriminator.code'],
    ['a code without its text', { symptomGroup: { code: '1011', text: ' ' } }, 'symptomGroup.text'],
    ['an SD without an SG', { symptomDiscriminator: SD }, 'symptomGroup'],
  ])('refuses %s in main, naming the field', async (_what, pathways, field) => {
    const result = await call<Case>('case:start', { patient: patientWithNhsNumber(), dispositionCode: 'Dx02', ...pathways });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(`${result.error.message} ${result.error.detail ?? ''}`).toContain(field);
  });
});

describe('a case kept before SG and SD were captured', () => {
  it('still opens from an existing database, without them', () => {
    const folder = mkdtempSync(join(tmpdir(), 'bw-pathways-old-'));
    try {
      const file = join(folder, 'cases.db');
      const db = openDatabase(file);
      // The row as an earlier version wrote it: the outcome has no symptomGroup or symptomDiscriminator.
      const old = { id: '0f0e0d0c-0b0a-4908-8706-050403020100', startedAt: '2026-06-09T13:20:00.000Z', status: 'open', patient: patientWithNhsNumber(), outcome: { dispositionCode: 'Dx02', dispositionText: 'Attend ED within 1 hour', timeframeMinutes: 60, deadline: '2026-06-09T14:20:00.000Z', deadlineSetByHand: false }, referrals: [] };
      db.prepare('INSERT INTO cases (id, started_at, updated_at, status, family_upper, birth_date, doc) VALUES (?, ?, ?, ?, ?, ?, ?)').run(old.id, old.startedAt, old.startedAt, 'open', 'X', '1990-01-01', JSON.stringify(old));
      closeDatabase(db);
      const reopened = openDatabase(file);
      try {
        const loaded = new CaseStore(reopened).getCase(old.id);
        expect(loaded?.outcome.dispositionCode).toBe('Dx02');
        expect(loaded?.outcome.symptomGroup).toBeUndefined();
        expect(StoredCase.safeParse(loaded).success).toBe(true);
      } finally {
        closeDatabase(reopened);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the case\'s SG and SD at work', () => {
  it('the DoS search for the case uses its SG and SD instead of the deployment\'s defaults', async () => {
    const directory = app.spine?.directory;
    if (directory === undefined) throw new Error('no directory');
    const asked = vi.spyOn(directory, 'findServices');
    try {
      const withCodes = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx02', symptomGroup: SG, symptomDiscriminator: SD });
      const without = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx02' });
      await ok('directory:services', { caseId: withCodes.id });
      await ok('directory:services', { caseId: without.id });
      const queries = asked.mock.calls.map(([q]) => q);
      expect(queries[0]).toMatchObject({ symptomGroup: 1011, symptomDiscriminators: [4052] } satisfies Partial<CapacityQuery>);
      expect(queries[1]?.symptomGroup).toBeUndefined();
    } finally {
      asked.mockRestore();
    }
  });

  it('the BaRS referral\'s CarePlan carries SD, DX and SG as REFREQ01 codes them', async () => {
    const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx02', symptomGroup: SG, symptomDiscriminator: SD });
    const { services } = await ok<{ services: ServiceOffer[] }>('directory:services', { caseId: opened.id });
    const ed = services.find((s) => s.name === 'Harbourside Emergency Department');
    if (ed === undefined) throw new Error('no BaRS ED offered');
    await ok<Case>('case:chooseService', { caseId: opened.id, serviceId: ed.serviceId });
    const sent = await ok<{ referral: { id: string } }>('referral:send', { caseId: opened.id });
    const document = await ok<ReferralDocument>('referral:document', { referralId: sent.referral.id });
    const bundle = JSON.parse(document.xml) as { entry: { resource: { resourceType: string; activity?: { outcomeCodeableConcept: { coding?: unknown[]; text: string }[] }[] } }[] };
    const plan = bundle.entry.find((e) => e.resource.resourceType === 'CarePlan')?.resource;
    const coded = plan?.activity?.[0]?.outcomeCodeableConcept.filter((c) => c.coding !== undefined);
    expect(coded).toEqual([
      { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/pathways-sd-codes', code: '4052', display: 'Severe pain' }], text: 'Pathways Assessment SD Code' },
      { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/pathways-dx-codes', code: 'DX02', display: opened.outcome.dispositionText }], text: 'Pathways Assessment DX Code' },
      { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/pathways-sg-codes', code: '1011', display: 'Bites and Stings' }], text: 'Pathways Assessment SG Code - Chief Complaint' },
    ]);
  });
});
