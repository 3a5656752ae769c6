/** `/_sandbox/…`: fault and reset controls for demos and end-to-end tests, loopback callers only. */
import { z } from 'zod';
import type { IncomingMessage } from 'node:http';
import { Fault, slotKey, type FaultRegistry } from '../faults/fault-control';
import { FhirError, forbidden } from '../fhir/operation-outcome';
import { parseJson, readBody, sendJson, type Handler } from '../http/respond';
import type { Router } from '../http/router';

/** A fault for a whole service (`serviceId`) or for bookings of one slot (`slotId`). */
const SetFault = z
  .object({ serviceId: z.string().min(1).optional(), slotId: z.string().min(1).optional(), fault: Fault })
  .refine((f) => (f.serviceId === undefined) !== (f.slotId === undefined), 'give either serviceId or slotId');

function loopbackOnly(req: IncomingMessage): void {
  const remote = req.socket.remoteAddress ?? '';
  if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(remote)) throw forbidden('The sandbox admin API answers loopback callers only');
}

export function mountAdmin(router: Router, faults: FaultRegistry, reset: () => void): void {
  const guarded = (handler: Handler): Handler => (req, res) => {
    loopbackOnly(req);
    return handler(req, res);
  };
  router.add('GET', '/_sandbox/faults', guarded((_req, res) => sendJson(res, 200, faults.snapshot())));
  router.add('POST', '/_sandbox/faults', guarded(async (req, res) => {
    const parsed = SetFault.safeParse(parseJson(await readBody(req)));
    if (!parsed.success) {
      throw new FhirError(400, 'invalid', 'BAD_REQUEST', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    }
    faults.set(parsed.data.slotId === undefined ? (parsed.data.serviceId ?? '') : slotKey(parsed.data.slotId), parsed.data.fault);
    sendJson(res, 200, faults.snapshot());
  }));
  router.add('DELETE', '/_sandbox/faults', guarded((req, res) => {
    const params = new URL(req.url ?? '/', 'http://sandbox.invalid').searchParams;
    const slotId = params.get('slotId');
    faults.clear(slotId === null ? (params.get('serviceId') ?? undefined) : slotKey(slotId));
    sendJson(res, 200, faults.snapshot());
  }));
  router.add('POST', '/_sandbox/reset', guarded((_req, res) => {
    reset();
    sendJson(res, 200, { reset: true });
  }));
}
