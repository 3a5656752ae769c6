/** `/_sandbox/…`: fault and reset controls for demos and end-to-end tests, loopback callers only. */
import { z } from 'zod';
import type { IncomingMessage } from 'node:http';
import { Fault, type FaultRegistry } from '../faults/fault-control';
import { FhirError, forbidden } from '../fhir/operation-outcome';
import { parseJson, readBody, sendJson, type Handler } from '../http/respond';
import type { Router } from '../http/router';

const SetFault = z.object({ serviceId: z.string().min(1), fault: Fault });

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
    faults.set(parsed.data.serviceId, parsed.data.fault);
    sendJson(res, 200, faults.snapshot());
  }));
  router.add('DELETE', '/_sandbox/faults', guarded((req, res) => {
    const serviceId = new URL(req.url ?? '/', 'http://sandbox.invalid').searchParams.get('serviceId') ?? undefined;
    faults.clear(serviceId);
    sendJson(res, 200, faults.snapshot());
  }));
  router.add('POST', '/_sandbox/reset', guarded((_req, res) => {
    reset();
    sendJson(res, 200, { reset: true });
  }));
}
