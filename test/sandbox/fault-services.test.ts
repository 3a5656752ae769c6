/**
 * Issue 9's sandbox: each booking fault can be tried from the UI through a named service in the
 * sandbox's directory ("Sandbox — booking answer lost", …), each with its standing fault.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import { STANDING_FAULTS } from '../../main/sandbox/seed/fault-services';
import { PROVIDER_SYSTEMS } from '../../main/sandbox/seed/catalogue';

let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

const RIVERSIDE_ASID = PROVIDER_SYSTEMS.find((p) => p.key === 'riverside')?.asid;

describe('the named fault services', () => {
  it.each(['Dx05', 'Dx02', 'Dx115', 'Dx99'])('are listed for %s, below every real service, bookable through Riverside’s Provider', async (dispositionCode) => {
    const listed = await sandbox.directory.findServices({ dispositionCode, postcode: 'LS1 4AP' });
    const named = listed.filter((s) => STANDING_FAULTS.some((f) => f.serviceId === s.id));
    expect(named.map((s) => s.id).sort()).toEqual(STANDING_FAULTS.map((f) => f.serviceId).sort());
    const lowestReal = Math.max(...listed.filter((s) => !named.includes(s)).map((s) => s.rank));
    for (const s of named) {
      expect(s.name).toMatch(/^Sandbox — /);
      expect(s.rank).toBeGreaterThan(lowestReal);
      expect(s.endpoints.some((e) => e.interaction === 'Scheduling' && e.address === `ASID:${RIVERSIDE_ASID ?? 'missing'}`)).toBe(true);
    }
  });

  it('carry the numbers DoS would list, except the one kept without a number to show that advice', async () => {
    const listed = await sandbox.directory.findServices({ dispositionCode: 'Dx05', postcode: 'LS1 4AP' });
    const named = listed.filter((s) => STANDING_FAULTS.some((f) => f.serviceId === s.id));
    expect(named.filter((s) => s.phone === undefined).map((s) => s.name)).toEqual(['Sandbox — slow answers']);
    for (const s of named.filter((x) => x.phone !== undefined)) expect(s.phone).toMatch(/^0113 496 09\d\d$/);
  });

  it('each has its standing fault at start and again after a reset', () => {
    sandbox.faults.clear();
    sandbox.reset();
    for (const { serviceId, fault } of STANDING_FAULTS) expect(sandbox.faults.get(serviceId)).toEqual(fault);
  });
});
