import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../main/sandbox';
import { UTC, appointmentFor, call, firstFreeSlot, providerRoot, slotQuery, slotsOf, SCOPE } from './fixtures';

let sandbox: SandboxHandle;
let root: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  root = providerRoot(sandbox, 'riverside');
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

const spineCode = (json: Record<string, unknown>): string | undefined =>
  (json.issue as { details: { coding: { code: string }[] } }[] | undefined)?.[0]?.details.coding[0]?.code;

async function freeSlotIds(): Promise<string[]> {
  return slotsOf((await call(root, slotQuery(UTC, 24, ''))).json).map((s) => s.id);
}

async function book(slot?: Record<string, unknown>, requestId = randomUUID()) {
  const chosen = slot ?? (await firstFreeSlot(root, UTC));
  return { slot: chosen, res: await call(root, '/Appointment', { method: 'POST', body: appointmentFor(chosen), requestId }) };
}

describe('booking', () => {
  it('books: 201, Location with version, ETag, the stored Appointment; the slot is then busy', async () => {
    const { slot, res } = await book();
    expect(res.status).toBe(201);
    const id = String(res.json.id);
    expect(res.headers.get('location')).toBe(`${root}/Appointment/${id}/_history/1`);
    expect(res.headers.get('etag')).toBe('W/"1"');
    expect(res.json).toMatchObject({ resourceType: 'Appointment', status: 'booked', meta: { versionId: '1' } });
    expect(await freeSlotIds()).not.toContain(slot.id);
    const busy = slotsOf((await call(root, slotQuery(UTC, 24, '').replace('status=free', 'status=busy'))).json);
    expect(busy.map((s) => s.id)).toContain(slot.id);
  });

  it('a repeated POST with the same X-Request-ID returns the first Appointment, never a second booking', async () => {
    const requestId = randomUUID();
    const first = await book(undefined, requestId);
    const again = await book(first.slot, requestId);
    expect(again.res.status).toBe(201);
    expect(again.res.json.id).toBe(first.res.json.id);
    expect(again.res.headers.get('location')).toBe(first.res.headers.get('location'));
  });

  it('rejects the same X-Request-ID for a different slot with 409 DUPLICATE_REJECTED', async () => {
    const requestId = randomUUID();
    await book(undefined, requestId);
    const other = slotsOf((await call(root, slotQuery(UTC, 24, ''))).json)[1];
    const res = await book(other, requestId);
    expect(res.res.status).toBe(409);
    expect(spineCode(res.res.json)).toBe('DUPLICATE_REJECTED');
  });

  it('a second booking of a taken slot is 422: the slot is no longer available', async () => {
    const { slot } = await book();
    const second = await book(slot);
    expect(second.res.status).toBe(422);
    expect(second.res.json).toMatchObject({ issue: [{ code: 'business-rule' }] });
    expect(String((second.res.json.issue as { diagnostics: string }[])[0]?.diagnostics)).toMatch(/no longer available/);
  });

  it('two clients racing for the last slot get exactly one booking', async () => {
    const slot = await firstFreeSlot(root, UTC);
    const results = await Promise.all(Array.from({ length: 8 }, () => book(slot)));
    const statuses = results.map((r) => r.res.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 422)).toHaveLength(7);
  });

  it('reads the Appointment and each version; unknown ids are 404', async () => {
    const { res } = await book();
    const id = String(res.json.id);
    const read = await call(root, `/Appointment/${id}`, { scope: SCOPE.read });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('W/"1"');
    expect((await call(root, `/Appointment/${id}/_history/1`, { scope: SCOPE.read })).json.id).toBe(id);
    expect((await call(root, `/Appointment/${id}/_history/2`, { scope: SCOPE.read })).status).toBe(404);
    expect((await call(root, `/Appointment/${randomUUID()}`, { scope: SCOPE.read })).status).toBe(404);
    expect((await call(root, `/Appointment/${id}`, { scope: SCOPE.write })).status).toBe(403);
  });

  it('cancels with If-Match: 412 without it, 409 on a stale version, 422 for other changes, then frees the slot', async () => {
    const { slot, res } = await book();
    const id = String(res.json.id);
    const cancelled = { ...res.json, status: 'cancelled' };
    const put = (body: unknown, ifMatch?: string) =>
      call(root, `/Appointment/${id}`, { method: 'PUT', body, ...(ifMatch ? { headers: { 'If-Match': ifMatch } } : {}) });

    expect((await put(cancelled)).status).toBe(412);
    const stale = await put(cancelled, 'W/"7"');
    expect(stale.status).toBe(409);
    expect(stale.json.resourceType).toBe('OperationOutcome');
    expect((await put({ ...res.json, status: 'noshow' }, 'W/"1"')).status).toBe(422);
    expect((await put({ ...cancelled, description: 'changed' }, 'W/"1"')).status).toBe(422);

    const ok = await put(cancelled, 'W/"1"');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('W/"2"');
    expect(ok.json).toMatchObject({ status: 'cancelled', meta: { versionId: '2' } });
    expect(await freeSlotIds()).toContain(slot.id);
    // Both versions are kept.
    expect((await call(root, `/Appointment/${id}/_history/1`, { scope: SCOPE.read })).json.status).toBe('booked');
    // Cancelling the old version again is a conflict.
    expect((await put(cancelled, 'W/"1"')).status).toBe(409);
  });

  it('a cancelled slot can be booked again', async () => {
    const { slot, res } = await book();
    await call(root, `/Appointment/${String(res.json.id)}`, { method: 'PUT', body: { ...res.json, status: 'cancelled' }, headers: { 'If-Match': 'W/"1"' } });
    expect((await book(slot)).res.status).toBe(201);
  });
});

describe('booking validation', () => {
  const post = async (mutate: (a: Record<string, unknown>) => unknown, options: { requestId?: string | null; headers?: Record<string, string> } = {}) => {
    const slot = await firstFreeSlot(root, UTC);
    return call(root, '/Appointment', { method: 'POST', body: mutate(appointmentFor(slot)), ...options });
  };
  const containedAt = (a: Record<string, unknown>, i: number): Record<string, unknown> => (a.contained as Record<string, unknown>[])[i] ?? {};
  const patientOf = (a: Record<string, unknown>) => containedAt(a, 1);

  it('400 for a body that is not JSON or not an Appointment, and without X-Request-ID', async () => {
    expect((await post(() => '{not json')).status).toBe(400);
    expect((await post(() => ({ resourceType: 'Patient' }))).status).toBe(400);
    const noId = await post((a) => a, { requestId: null });
    expect(noId.status).toBe(400);
    expect(spineCode(noId.json)).toBe('BAD_REQUEST');
  });

  it('415 for an XML body', async () => {
    expect((await post((a) => a, { headers: { 'Content-Type': 'application/fhir+xml' } })).status).toBe(415);
  });

  it.each([
    ['an id', (a: Record<string, unknown>) => ({ ...a, id: 'abc' })],
    ['status other than booked', (a: Record<string, unknown>) => ({ ...a, status: 'proposed' })],
    ['start not equal to the slot', (a: Record<string, unknown>) => ({ ...a, start: new Date(Date.parse(String(a.start)) + 60_000).toISOString() })],
    ['no contained DocumentReference', (a: Record<string, unknown>) => ({ ...a, contained: (a.contained as { resourceType: string }[]).filter((r) => r.resourceType !== 'DocumentReference') })],
    ['a DocumentReference identifier that is not a UUID', (a: Record<string, unknown>) => {
      containedAt(a, 0).identifier = [{ system: 'https://tools.ietf.org/html/rfc4122', value: 'nope' }];
      return a;
    }],
    ['a wrong attachment contentType', (a: Record<string, unknown>) => {
      containedAt(a, 0).content = [{ attachment: { contentType: 'application/pdf' } }];
      return a;
    }],
    ['no Patient address', (a: Record<string, unknown>) => { delete patientOf(a).address; return a; }],
    ['no Patient birthDate', (a: Record<string, unknown>) => { delete patientOf(a).birthDate; return a; }],
    ['two rank-1 telecoms', (a: Record<string, unknown>) => {
      patientOf(a).telecom = [{ system: 'phone', value: '1', rank: 1 }, { system: 'phone', value: '2', rank: 1 }];
      return a;
    }],
    ['a telecom without rank', (a: Record<string, unknown>) => { patientOf(a).telecom = [{ system: 'phone', value: '1' }]; return a; }],
    ['an NHS number without the verification extension', (a: Record<string, unknown>) => {
      patientOf(a).identifier = [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }];
      return a;
    }],
    ['participant not pointing at the Patient', (a: Record<string, unknown>) => ({ ...a, participant: [{ actor: { reference: 'Patient/1' } }] })],
    ['slot reference not to the contained Slot', (a: Record<string, unknown>) => ({ ...a, slot: [{ reference: 'Slot/x' }] })],
  ])('422 INVALID_RESOURCE for %s', async (_name, mutate) => {
    const res = await post(mutate);
    expect(res.status).toBe(422);
    expect(spineCode(res.json)).toBe('INVALID_RESOURCE');
  });

  it('422 INVALID_NHS_NUMBER for a bad check digit', async () => {
    const res = await post((a) => {
      (patientOf(a).identifier as { value: string }[]).forEach((i) => (i.value = '9434765918'));
      return a;
    });
    expect(res.status).toBe(422);
    expect(spineCode(res.json)).toBe('INVALID_NHS_NUMBER');
  });

  it('books a patient with no NHS number at all', async () => {
    const res = await post((a) => { delete patientOf(a).identifier; return a; });
    expect(res.status).toBe(201);
  });

  it('422 REFERENCE_NOT_FOUND for a slot the Provider does not have', async () => {
    const res = await post((a) => {
      containedAt(a, 2).id = 'no-such-slot';
      return { ...a, slot: [{ reference: '#no-such-slot' }] };
    });
    expect(res.status).toBe(422);
    expect(spineCode(res.json)).toBe('REFERENCE_NOT_FOUND');
  });
});
