import type { AuditEventInput, AuditSink } from '../../../main/audit';
import { PdsClient, PdsTracer, type PdsClientOptions } from '../../../main/identity/pds';
import { silentLogger } from '../../../main/log/logger';
import { PatientTraceService } from '../../../main/workflow/patient-trace';
import { testClock } from '../../support/clock';

/** An audit sink that keeps what it is given, for a test to read. */
export function memoryAudit(): AuditSink & { events: AuditEventInput[] } {
  const events: AuditEventInput[] = [];
  return {
    events,
    append: (e) => {
      events.push(e);
      return { ...e, id: String(events.length), seq: events.length, at: '', userId: 'u', workstation: 'w', hash: '', prevHash: '' };
    },
  };
}

/** The trace as the app wires it, pointed at `baseUrl` with the given token and options. */
export function traceService(baseUrl: string, options: Partial<PdsClientOptions> = {}) {
  const clock = testClock();
  const audit = memoryAudit();
  const client = new PdsClient({
    baseUrl,
    accessToken: () => Promise.resolve('test-user-token'),
    sessionUrid: () => '555254242106',
    timeoutMs: 5000,
    logger: silentLogger(),
    ...options,
  });
  return { service: new PatientTraceService(new PdsTracer(client, clock), audit, silentLogger(), clock), audit, client };
}
