import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
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

/** What the app tells its user (once) when its log file cannot be written. */
export type LogFaultReporter = (message: string) => void;

const toStderr: LogFaultReporter = (message) => process.stderr.write(`${message}\n`);

/**
 * Structured logs to a daily-rotating file under the data folder, readable by its user only;
 * rotation runs in-process (no worker thread). Logging never takes the app down: a full disk or
 * an I/O error on the log file is reported once, the lines it could not keep are dropped, and
 * logging resumes when the file can be written again. A data folder where no log can be opened
 * at all (read-only, full) gives a logger on stderr instead.
 */
export async function createFileLogger(dataDir: string, level: string, report: LogFaultReporter = toStderr): Promise<Logger> {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { app: 'booking-workstation' } };
  const logsDir = join(dataDir, 'logs');
  let stream: Writable;
  try {
    mkdirSync(logsDir, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') chmodSync(logsDir, 0o700);
    // `mode` and `maxLength` go through to sonic-boom, which pino-roll's types do not list.
    const rollOptions = {
      file: join(logsDir, 'workstation'),
      extension: '.log',
      frequency: 'daily',
      size: '20m',
      mkdir: true,
      mode: 0o600,
      // Lines waiting for a disk that is full are dropped beyond this, not kept in memory without bound.
      maxLength: 4 * 1024 * 1024,
      limit: { count: 14 },
    } as Parameters<typeof pinoRoll>[0];
    stream = (await pinoRoll(rollOptions)) as unknown as Writable;
  } catch (error) {
    report(`Booking Workstation: the log folder ${logsDir} cannot be used (${codeOf(error)}); logging to this terminal instead.`);
    // The terminal is read by a person: warnings and errors only, and no stack traces.
    const plainErr = (e: unknown) => ({ message: (e as Error).message, code: codeOf(e) });
    return pino({ ...options, level: 'warn', serializers: { err: plainErr } }, pino.destination({ fd: 2, sync: true }));
  }
  guardLogStream(stream, report);
  return pino(options, stream);
}

/** Swallows write errors on the log stream (reported once per spell of failures) so they never crash the process. */
export function guardLogStream(stream: Writable, report: LogFaultReporter = toStderr): void {
  let failing = false;
  stream.on('error', (error: unknown) => {
    if (failing) return;
    failing = true;
    report(`Booking Workstation: the log file cannot be written (${codeOf(error)}); the app carries on and logging resumes when there is space.`);
  });
  stream.on('write', () => {
    failing = false;
  });
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'error';
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
