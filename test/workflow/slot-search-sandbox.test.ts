import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInstant, type Case, type ServiceOffer, type SlotSearchResult } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import { silentLogger } from '../../main/log/logger';
import { dispatcher } from '../support/dispatch';
import { patientWithNhsNumber } from '../support/patients';
import { startCase } from '../support/start-case';

let app: App;
const { ok } = dispatcher(() => app);

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bw-slots-'));
  app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger() });
});
afterAll(async () => {
  await app.close();
});

const ms = (text: string) => {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value.epochMs;
};

describe('slot search on the sandbox, through the dispatch', () => {
  it('returns the counts of what was left out, and only future slots in time order, each marked by the deadline', async () => {
    const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' });
    const { services } = await ok<{ services: ServiceOffer[] }>('directory:services', { caseId: opened.id });
    const service = services.find((s) => s.name === 'Riverside Urgent Treatment Centre');
    if (service === undefined) throw new Error('no UTC in the sandbox directory');
    await ok<Case>('case:chooseService', { caseId: opened.id, serviceId: service.serviceId });
    const search = await ok<SlotSearchResult>('slots:search', { caseId: opened.id });
    expect(search.skipped).toEqual({ unreadable: 0, duplicate: 0, 'not-free': 0, 'already-started': 0, 'outside-window': 0, 'ends-before-start': 0 });
    expect(search.slots.length).toBeGreaterThan(0);
    const starts = search.slots.map((s) => ms(s.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    for (const slot of search.slots) {
      expect(ms(slot.start)).toBeGreaterThanOrEqual(ms(search.searchedAt));
      expect(ms(slot.end)).toBeGreaterThan(ms(slot.start));
      expect(slot.outsideTimeframe).toBe(ms(slot.start) > ms(search.deadline));
    }
  });
});
