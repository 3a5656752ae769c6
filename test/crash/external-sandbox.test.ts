/**
 * `sandbox.externalBaseUrl`: sandbox mode books with a sandbox that is already running (the crash
 * runner's Provider, which outlives every app it kills) instead of starting its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { BookingResult, Case, ServiceOffer, SlotSearchResult } from '../../preload/contract';
import { createApp } from '../../main/app/create-app';
import { loadSettings } from '../../main/config';
import { silentLogger } from '../../main/log/logger';
import { startSandbox } from '../../main/sandbox';
import { testClock } from '../support/clock';
import { dispatcher } from '../support/dispatch';
import { patientWithNhsNumber } from '../support/patients';
import { startCase } from '../support/start-case';

const dir = mkdtempSync(join(tmpdir(), 'bw-external-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function settingsWith(sandbox: unknown): string {
  const path = join(dir, `settings-${Math.random()}.json`);
  writeFileSync(path, JSON.stringify({ mode: 'sandbox', sandbox }));
  return path;
}

describe('sandbox.externalBaseUrl', () => {
  it('takes a sandbox on this machine and refuses anything else, naming the field', () => {
    expect(loadSettings(settingsWith({ externalBaseUrl: 'http://127.0.0.1:4011' })).ok).toBe(true);
    for (const url of ['https://127.0.0.1:4011', 'http://sandbox.example.org:4011', 'http://localhost:4011', 'http://127.0.0.1:4011/ssp', 'http://127.0.0.1']) {
      const loaded = loadSettings(settingsWith({ externalBaseUrl: url }));
      expect(loaded.ok, url).toBe(false);
      if (!loaded.ok) expect(loaded.problems.map((p) => p.field)).toContain('sandbox.externalBaseUrl');
    }
  });

  it('books with the running sandbox: the appointment is in its database, none is started inside the app', async () => {
    const clock = testClock();
    const providerPath = join(dir, 'provider.sqlite');
    const sandbox = await startSandbox({ dbPath: providerPath, now: clock });
    const dataDir = join(dir, 'app');
    const app = await createApp({ dataDir, settingsFile: settingsWith({ externalBaseUrl: sandbox.baseUrl }), logger: silentLogger(), clock, reconciler: { tickMs: 0 } });
    try {
      expect(app.spine?.sandbox).toBeUndefined();
      const { ok } = dispatcher(() => app);
      const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' });
      const { services } = await ok<{ services: ServiceOffer[] }>('directory:services', { caseId: opened.id });
      const utc = services.find((s) => s.name === 'Riverside Urgent Treatment Centre');
      await ok<Case>('case:chooseService', { caseId: opened.id, serviceId: utc?.serviceId });
      const [slot] = (await ok<SlotSearchResult>('slots:search', { caseId: opened.id })).slots;
      const approval = { approverName: 'Dr Sam Okafor', approverRole: 'GP', registrationBody: 'GMC', registrationNumber: '7654321', reason: 'Patient agreed to the later time' };
      const result = await ok<BookingResult>('booking:book', { caseId: opened.id, slotId: slot?.slotId, approval });
      const booked = result.case.bookings.find((b) => b.id === result.bookingId);
      expect(booked?.status).toBe('booked');
      const db = new Database(providerPath, { readonly: true });
      try {
        expect(db.prepare('SELECT id, status FROM appointment WHERE request_id = ?').all(booked?.requestId)).toEqual([{ id: booked?.appointmentId, status: 'booked' }]);
      } finally {
        db.close();
      }
    } finally {
      await app.close();
      await sandbox.close();
    }
  });
});
