/**
 * `npm run sandbox`: runs the sandbox alone — Provider, SSP, DoS/SDS, PDS and the CIS2 stand-in,
 * as `npm start` runs them in sandbox mode — and prints their URLs and seed services.
 * `--db <file>` keeps state in a file; `--reset` restores that file's seed state first;
 * `--port <n>` fixes the port; `--cis2-port <n>` the CIS2 stand-in's (default 4012);
 * `--cis2-key <file>` the app's CIS2 client key (default sandbox-cis2-client.pem, made if absent);
 * `--now <ISO instant>` starts the diaries' clock there (it runs on), e.g. to show a weekday
 * evening's clinics on a Sunday night.
 */
import { resolve } from 'node:path';
import pino from 'pino';
import { SANDBOX_CIS2_SCOPE } from './cis2/provider';
import { CIS2_TEST_USERS } from './cis2/test-users';
import { startStandaloneSandbox } from './standalone';
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
  const started = await startStandaloneSandbox({
    sandbox: { ...(start === undefined ? {} : { now: clockStartingAt(start) }), dbPath, port: Number(argument('--port') ?? 4011) },
    cis2Port: Number(argument('--cis2-port') ?? 4012),
    clientKeyPath: resolve(argument('--cis2-key') ?? 'sandbox-cis2-client.pem'),
    logger: pino({ level: process.env.LOG_LEVEL ?? 'info' }),
  });
  const { sandbox, cis2 } = started;
  if (process.argv.includes('--reset')) sandbox.reset();
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  out(`Sandbox      ${sandbox.baseUrl}   (state: ${dbPath})`);
  out(`CIS2         ${cis2.issuer}   (client ${started.clientId}, key ${started.clientKeyPath}; one-click test users: ${CIS2_TEST_USERS.map((u) => u.key).join(', ')})`);
  out(`PDS          ${sandbox.pds.baseUrl}   (answers only a live access token of this CIS2)`);
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
  out('The app on this sandbox (settings file):');
  out(
    `  ${JSON.stringify({
      mode: 'sandbox',
      sandbox: { externalBaseUrl: sandbox.baseUrl },
      cis2: { issuer: cis2.issuer, clientId: started.clientId, privateKeyPath: started.clientKeyPath, scope: SANDBOX_CIS2_SCOPE },
    })}`,
  );
  const stop = (): void => {
    void started.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
