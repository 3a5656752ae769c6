import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Case, ServiceComparisonResult, ServiceOffer } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import type { DosService } from '../../main/workflow/ports';
import { dispatcher } from '../support/dispatch';
import { testClock } from '../support/clock';
import { patientWithNhsNumber } from '../support/patients';
import { startCase } from '../support/start-case';

let app: App;
let dataDir: string;
const logLines: string[] = [];
const { call, ok } = dispatcher(() => app);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bw-odd-dos-'));
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: pino({ level: 'warn' }, sink), clock: testClock() });
});
afterEach(() => {
  vi.restoreAllMocks();
  logLines.length = 0;
});
afterAll(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function directory() {
  const d = app.spine?.directory;
  if (d === undefined) throw new Error('the sandbox directory is not reachable');
  return d;
}

const ODD_NAME = `Riverside\u202e UTC\u0000 ${'x'.repeat(5000)}`;

/** The real ranked list with one record as a careless hand might type it: every display field odd. */
function withOneOddRecord(oddId: (list: DosService[]) => string, extra: DosService[] = []): void {
  const real = directory().findServices.bind(directory());
  vi.spyOn(directory(), 'findServices').mockImplementation(async (query) => {
    const list = await real(query);
    return [
      ...list.map((s) =>
        s.id !== oddId(list)
          ? s
          : {
              ...s,
              name: ODD_NAME,
              phone: '0113 496 0000 ext 1234 (ask for the duty manager, not reception)',
              openingStatus: 'Open '.repeat(100),
              typeName: 'Urgent\nTreatment\nCentre'.repeat(20),
              address: 'a'.repeat(10_000),
              odsCode: 'RR8'.repeat(20),
              distanceMiles: -3,
            },
      ),
      ...extra,
    ];
  });
}

async function servicesFor(caseId: string): Promise<ServiceOffer[]> {
  return (await ok<{ services: ServiceOffer[] }>('directory:services', { caseId })).services;
}

describe('one odd directory record', () => {
  it('costs that record its odd fields, never the list: the good services come back as they were', async () => {
    const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' });
    const before = await servicesFor(opened.id);
    const target = before.find((s) => s.name === 'Riverside Urgent Treatment Centre');
    if (target === undefined) throw new Error('no UTC in the sandbox directory');
    withOneOddRecord(() => target.serviceId);

    const after = await servicesFor(opened.id);
    expect(after.map((s) => s.serviceId)).toEqual(before.map((s) => s.serviceId));
    expect(after.filter((s) => s.serviceId !== target.serviceId)).toEqual(before.filter((s) => s.serviceId !== target.serviceId));
    const odd = after.find((s) => s.serviceId === target.serviceId);
    expect(odd?.phone).toBeUndefined();
    expect(odd?.openingStatus).toBeUndefined();
    expect(odd?.kind).toBeUndefined();
    expect(odd?.odsCode).toBeUndefined();
    expect(odd?.distanceMiles).toBeUndefined();
    // The name still says which service, without hidden characters that reorder what is read.
    expect(odd?.name.startsWith('Riverside UTC x')).toBe(true);
    expect(odd?.name.length).toBeLessThanOrEqual(200);
    expect(odd?.name).not.toContain('\u0000');
    expect(odd?.name).not.toContain('\u202e');
    expect(odd?.address?.length).toBeLessThanOrEqual(300);
    // Still bookable, and can be chosen.
    expect(odd?.booking).toEqual(target.booking);
    const chosen = await ok<Case>('case:chooseService', { caseId: opened.id, serviceId: target.serviceId });
    expect(chosen.service?.serviceId).toBe(target.serviceId);
    // The dropped fields are in the log, for the directory team.
    const logged = logLines.join('');
    expect(logged).toContain('odd fields left out');
    expect(logged).toContain('"phone"');
    expect(logged).toContain(target.serviceId);
  });

  it('leaves out only a record whose id cannot be used', async () => {
    const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' });
    const before = await servicesFor(opened.id);
    const badId: DosService = { id: '9'.repeat(500), name: 'Long id', rank: before.length + 1, requireBooking: 'absent', endpoints: [] };
    withOneOddRecord(() => '', [badId]);
    const after = await servicesFor(opened.id);
    expect(after).toEqual(before);
    expect(logLines.join('')).toContain('service id is not usable');
  });

  it('compare services still compares the good ones and the odd one', async () => {
    const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' });
    const before = await servicesFor(opened.id);
    const target = before.find((s) => s.name === 'Riverside Urgent Treatment Centre');
    if (target === undefined) throw new Error('no UTC in the sandbox directory');
    withOneOddRecord(() => target.serviceId);
    const result = await call<ServiceComparisonResult>('slots:compare', { caseId: opened.id });
    if (!result.ok) throw new Error(`compare failed: ${result.error.message}`);
    const bookable = before.filter((s) => s.booking.status === 'bookable').slice(0, 5);
    expect(result.value.services.map((c) => c.service.serviceId)).toEqual(bookable.map((s) => s.serviceId));
    const odd = result.value.services.find((c) => c.service.serviceId === target.serviceId);
    expect(odd?.service.phone).toBeUndefined();
    expect(odd?.result.status).toBe('ok');
  });
});
