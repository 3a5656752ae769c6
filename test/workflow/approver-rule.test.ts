import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingResult, Case, SlotSearchResult } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import { silentLogger } from '../../main/log/logger';
import { testClock } from '../support/clock';
import { dispatcher } from '../support/dispatch';
import { patientWithNhsNumber } from '../support/patients';
import { startCase } from '../support/start-case';

let app: App;
let dataDir: string;
const { call, ok } = dispatcher(() => app);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bw-approver-'));
  // A call handler: not a clinician.
  writeFileSync(join(dataDir, 'profile.json'), JSON.stringify({ displayName: 'Sam Okafor', title: 'Mr', clinician: false, role: 'Health advisor' }));
  // A fixed weekday afternoon: the late slots are there whatever the machine's clock says.
  app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger(), clock: testClock() });
});
afterAll(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Riverside UTC (Care Connect) unless another service is named, e.g. Harbourside ED (BaRS). */
async function lateSlot(serviceId = '2000012345'): Promise<{ caseId: string; slotId: string }> {
  const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' });
  await ok<Case>('case:chooseService', { caseId: opened.id, serviceId });
  const search = await ok<SlotSearchResult>('slots:search', { caseId: opened.id });
  const late = search.slots.find((s) => s.outsideTimeframe);
  if (late === undefined) throw new Error('no slot after the deadline');
  return { caseId: opened.id, slotId: late.slotId };
}

const auditOf = (caseId: string): { type: string; outcome: string | null; dos_service_id: string | null; detail: string }[] => {
  if (app.db === undefined) throw new Error('sandbox app expected');
  return app.db.prepare('SELECT type, outcome, dos_service_id, detail FROM audit_events WHERE case_id = ? ORDER BY seq').all(caseId) as never;
};

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

  it('puts each refused self-approval on the audit trail, with nothing sent to the Provider', async () => {
    const { caseId, slotId } = await lateSlot();
    const r = await call('booking:book', { caseId, slotId, approval: approval('Mr Sam Okafor') });
    expect(r).toMatchObject({ ok: false, error: { code: 'approval-required' } });
    const events = auditOf(caseId);
    const refused = events.filter((e) => e.type === 'booking.self-approval-refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ outcome: 'refused', dos_service_id: '2000012345' });
    expect(JSON.parse(refused[0]?.detail ?? '{}')).toMatchObject({ slotId, approverRole: 'GP', registrationBody: 'GMC' });
    expect(events.map((e) => e.type)).not.toContain('booking.attempt');
  });

  it('audits no refusal when a clinician is named', async () => {
    const { caseId, slotId } = await lateSlot();
    await ok<BookingResult>('booking:book', { caseId, slotId, approval: approval('Dr Priya Nair') });
    expect(auditOf(caseId).map((e) => e.type)).not.toContain('booking.self-approval-refused');
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

  it('a non-clinical user booking a BaRS service after the deadline is told to seek a clinician’s approval, cannot give it, and books with it', async () => {
    const { caseId, slotId } = await lateSlot('2000071001');
    const unapproved = await call('booking:book', { caseId, slotId });
    expect(unapproved).toMatchObject({ ok: false, error: { code: 'approval-required', message: expect.stringMatching(/approv/i) as unknown } });
    const self = await call('booking:book', { caseId, slotId, approval: approval('Sam Okafor') });
    expect(self).toMatchObject({ ok: false, error: { code: 'approval-required', message: expect.stringContaining('cannot approve this yourself') as unknown } });
    expect(auditOf(caseId).map((e) => e.type)).toEqual(expect.arrayContaining(['booking.out-of-timeframe-refused', 'booking.self-approval-refused']));
    const result = await ok<BookingResult>('booking:book', { caseId, slotId, approval: approval('Dr Priya Nair') });
    expect(result.case.bookings.find((b) => b.id === result.bookingId)).toMatchObject({ status: 'booked', serviceId: '2000071001', outsideTimeframe: true, approval: { approverName: 'Dr Priya Nair' } });
  });
});
