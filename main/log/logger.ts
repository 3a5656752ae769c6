import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import pinoRoll from 'pino-roll';

export type { Logger } from 'pino';

/**
 * Patient identifiers belong in the audit store only; these paths are censored in case one
 * slips into a log call. Secrets likewise.
 */
export const REDACTED_PATHS = [
  'patient',
  '*.patient',
  'nhsNumber',
  '*.nhsNumber',
  'birthDate',
  '*.birthDate',
  'given',
  '*.given',
  'family',
  '*.family',
  'telecom',
  '*.telecom',
  'authorization',
  '*.authorization',
  'headers.Authorization',
  'password',
  '*.password',
  'passphrase',
  '*.passphrase',
  'token',
  '*.token',
];

/** Structured logs to a daily-rotating file under the data folder; rotation runs in-process (no worker thread). */
export async function createFileLogger(dataDir: string, level: string): Promise<Logger> {
  const stream = await pinoRoll({
    file: join(dataDir, 'logs', 'workstation'),
    extension: '.log',
    frequency: 'daily',
    size: '20m',
    mkdir: true,
    limit: { count: 14 },
  });
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { app: 'booking-workstation' } }, stream);
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
