/**
 * `npm run sandbox`: runs the sandbox alone and prints its URLs and seed services.
 * `--db <file>` keeps state in a file; `--reset` restores that file's seed state first;
 * `--port <n>` fixes the port; `--now <ISO instant>` starts the diaries' clock there (it runs on),
 * e.g. to show a weekday evening's clinics on a Sunday night.
 */
import pino from 'pino';
import { startSandbox } from './index';
import { SEED_SERVICES, PROVIDER_SYSTEMS } from './seed/catalogue';
import { clockStartingAt } from '../workflow/clock';

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dbPath = argument('--db') ?? (process.argv.includes('--reset') ? 'sandbox-state.sqlite' : ':memory:');
  const startAt = argument('--now');
  const start = startAt === undefined ? undefined : new Date(startAt);
  if (start !== undefined && Number.isNaN(start.getTime())) throw new Error(`--now must be an ISO date and time, e.g. 2026-06-09T13:30:00Z (got ${startAt})`);
  const sandbox = await startSandbox({
    ...(start === undefined ? {} : { now: clockStartingAt(start) }),
    dbPath,
    port: Number(argument('--port') ?? 4011),
    logger: pino({ level: process.env.LOG_LEVEL ?? 'info' }),
  });
  if (process.argv.includes('--reset')) sandbox.reset();
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  out(`Sandbox      ${sandbox.baseUrl}   (state: ${dbPath})`);
  out(`SSP         ${sandbox.sspBaseUrl}   (Ssp-From must be ${sandbox.ourAsid})`);
  out(`Admin        POST ${sandbox.baseUrl}/_sandbox/faults · DELETE ${sandbox.baseUrl}/_sandbox/faults · POST ${sandbox.baseUrl}/_sandbox/reset`);
  out('Providers:');
  for (const p of sandbox.providers) {
    const sds = PROVIDER_SYSTEMS.find((s) => s.key === p.key)?.sds ?? 'ok';
    out(`  ASID ${p.asid}  ${p.serviceRoot}  ${p.name}${sds === 'ok' ? '' : `  [SDS: ${sds}]`}`);
  }
  out('DoS services:');
  for (const s of SEED_SERVICES) {
    const asid = PROVIDER_SYSTEMS.find((p) => p.key === s.provider)?.asid ?? 'no booking endpoint';
    out(`  ${s.id}  ${s.name}  (${asid}${s.requireBooking === 'true' ? ', booking only' : ''})`);
  }
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
