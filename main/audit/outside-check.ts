import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Db } from '../db/database';
import type { HeadLog } from './head-log';
import { isInside, OutsideAnchor, type OutsideAnchorConfig } from './outside-anchor';

/** The audit event recorded at a start that could not verify the chain against any outside anchor. */
export const OUTSIDE_ANCHOR_MISSING = 'audit.outside-anchor-missing';

/**
 * When the chain last matched an outside anchor at start, kept in the data folder: only for
 * the "not verified since" message when the anchor is gone, so it needs no protection of its own.
 */
export const OUTSIDE_CHECK_FILE = 'workstation.audit-outside-check';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The per-user anchor for this data folder, or none when not configured or (misconfigured) inside the data folder. */
export function outsideAnchorFor(
  config: OutsideAnchorConfig | undefined,
  dataDir: string,
  key: Buffer,
  headLog: HeadLog,
  logger: Logger | undefined,
): OutsideAnchor | undefined {
  if (config === undefined) return undefined;
  if (isInside(config.dir, dataDir)) {
    // Inside the data folder it would be copied and rolled back with the store: it would prove nothing.
    logger?.error({ dir: config.dir, dataDir }, 'the outside anchor folder is inside the data folder: not used');
    return undefined;
  }
  return new OutsideAnchor(config.dir, { dataDir, key, sealer: config.sealer, beforeWrite: () => headLog.flush() });
}

/** When the chain last matched an outside anchor; else when the trail began (it never has). */
export function lastOutsideCheck(db: Db, dataDir: string): string | undefined {
  try {
    const text = readFileSync(join(dataDir, OUTSIDE_CHECK_FILE), 'utf8').trim();
    if (ISO.test(text)) return text;
  } catch {
    // Never recorded: fall back to the trail's start.
  }
  return (db.prepare('SELECT at FROM audit_events ORDER BY seq LIMIT 1').get() as { at: string } | undefined)?.at;
}

export function recordOutsideCheck(dataDir: string, at: Date): void {
  try {
    writeFileSync(join(dataDir, OUTSIDE_CHECK_FILE), `${at.toISOString()}\n`, { mode: 0o600 });
  } catch {
    // Only a message depends on it.
  }
}

const UK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** e.g. "9 Jun 2026, 14:30" in UK time (as the screens show times), whatever the machine's zone or locale. */
export function ukDateTime(iso: string): string {
  const parts = Object.fromEntries(UK.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.day ?? ''} ${parts.month ?? ''} ${parts.year ?? ''}, ${parts.hour ?? ''}:${parts.minute ?? ''}`;
}
