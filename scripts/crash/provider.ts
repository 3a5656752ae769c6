/**
 * The Provider for a whole crash run: the sandbox on one loopback port with its state in a file,
 * in the runner's own process, so it outlives every kill of the app. Its fault switches are set
 * here directly and its appointments read from its own database.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startSandbox, type Fault, type SandboxHandle } from '../../main/sandbox';
import { FaultRegistry } from '../../main/sandbox/faults/fault-control';
import type { ProviderAppointment } from './checker';

/** The DoS service every sequence books with (Care Connect, open 24/7, Provider "riverside"). */
export const SERVICE_ID = '2000012345';

export interface CrashProvider {
  baseUrl: string;
  /** Adds a fault beside any still pending, e.g. a lost book answer then a slow read. */
  fault(fault: Fault): void;
  clearFaults(): void;
  /** Slots free again, no appointments, no faults: each sequence starts from the seed. */
  reset(): void;
  appointments(): ProviderAppointment[];
  close(): Promise<void>;
}

export async function startProvider(folder: string, now: () => Date): Promise<CrashProvider> {
  const dbPath = join(folder, 'provider.sqlite');
  // A short SSP timeout: a Provider that never answers becomes a 504 inside one step.
  const sandbox: SandboxHandle = await startSandbox({ dbPath, now, sspTimeoutMs: 2_000 });
  const registry = sandbox.faults;
  if (!(registry instanceof FaultRegistry)) throw new Error('the sandbox fault registry is expected');
  const reader = new Database(dbPath, { readonly: true });
  const select = reader.prepare('SELECT id, request_id AS requestId, status FROM appointment ORDER BY rowid');
  return {
    baseUrl: sandbox.baseUrl,
    fault: (fault) => registry.add(SERVICE_ID, fault),
    clearFaults: () => registry.clear(SERVICE_ID),
    reset: () => sandbox.reset(),
    appointments: () => select.all() as ProviderAppointment[],
    close: async () => {
      reader.close();
      await sandbox.close();
    },
  };
}
