import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingResult, Case, SlotSearchResult } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import { silentLogger } from '../../main/log/logger';
import { dispatcher } from '../support/dispatch';
import { patientWithNhsNumber } from '../support/patients';

let app: App;
const { call, ok } = dispatcher(() => app);

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bw-approver-'));
  // A call handler: not a clinician.
  writeFileSync(join(dataDir, 'profile.json'), JSON.stringify({ displayName: 'Sam Okafor', title: 'Mr', clinician: false, role: 'Health advisor' }));
  app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger() });
});
afterAll(async () => {
  await app.close();
});

async function lateSlot(): Promise<{ caseId: string; slotId: string }> {
  const opened = await ok<Case>('case:start', { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' });
  await ok<Case>('case:chooseService', { caseId: opened.id, serviceId: '2000012345' });
  const search = await ok<SlotSearchResult>('slots:search', { caseId: opened.id });
  const late = search.slots.find((s) => s.outsideTimeframe);
  if (late === undefined) throw new Error('no slot after the deadline');
  return { caseId: opened.id, slotId: late.slotId };
}

const approval = (approverName: string) => ({ approverName, approverRole: 'GP', registrationBody: 'GMC', registrationNumber: '1234567', reason: 'Patient cannot travel before this evening' });

describe('who may approve booking after the deadline (enforced in main)', () => {
  it('refuses a user who is not a clinician naming themselves as the approver, whatever the title or case', async () => {
    const { caseId, slotId } = await lateSlot();
    for (const name of ['Sam Okafor', 'Dr Sam OKAFOR', 'mr sam okafor']) {
      const r = await call('booking:book', { caseId, slotId, approval: approval(name) });
      expect(r).toMatchObject({ ok: false, error: { code: 'approval-required', message: expect.stringContaining('cannot approve this yourself') as unknown } });
    }
    expect((await ok<Case>('case:get', { caseId })).bookings).toHaveLength(0);
  });

  it('books when a clinician is named as the approver', async () => {
    const { caseId, slotId } = await lateSlot();
    const result = await ok<BookingResult>('booking:book', { caseId, slotId, approval: approval('Dr Priya Nair') });
    const booked = result.case.bookings.find((b) => b.id === result.bookingId);
    expect(booked).toMatchObject({ status: 'booked', approval: { approverName: 'Dr Priya Nair', registrationNumber: '1234567' } });
  });

  it('refuses a malformed registration number before anything is sent', async () => {
    const { caseId, slotId } = await lateSlot();
    const r = await call('booking:book', { caseId, slotId, approval: { ...approval('Dr Priya Nair'), registrationBody: 'NMC', registrationNumber: '1234567' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
