import { readFileSync } from 'node:fs';
import { unreadableFileReason } from './file-checks';
import { join } from 'node:path';
import type { ConfigProblem } from '../../preload/contract';
import { DEFAULT_SETTINGS, Settings } from './settings-schema';
import { problemsFrom } from './problems';

export const SETTINGS_ENV = 'BOOKING_WORKSTATION_SETTINGS';

export type LoadedSettings =
  | { ok: true; settings: Settings; source: string }
  /** `declaredMode`: what the unusable file says it is for, so a live file is never shown as SANDBOX. */
  | { ok: false; problems: ConfigProblem[]; source: string; declaredMode?: 'sandbox' | 'live' };

/** Where IT admins put the machine-wide settings: the env var overrides %ProgramData% and /etc. */
export function settingsPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env[SETTINGS_ENV];
  if (override !== undefined && override !== '') return override;
  if (platform === 'win32') return join(env.ProgramData ?? 'C:\\ProgramData', 'BookingWorkstation', 'settings.json');
  return '/etc/booking-workstation/settings.json';
}

/** Reads and validates the settings; a missing file means sandbox mode, a bad one is reported field by field. */
export function loadSettings(path: string = settingsPath()): LoadedSettings {
  let text: string;
  try {
    // A FIFO or a device here would block the read, and start-up, for ever.
    const reason = unreadableFileReason(path, { what: 'a settings file' });
    if (reason !== undefined && !reason.endsWith('does not exist')) {
      return { ok: false, source: path, problems: [{ field: '(whole file)', message: `cannot be read: ${reason}` }] };
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { ok: true, settings: DEFAULT_SETTINGS, source: `${path} (not found: sandbox mode)` };
    }
    return { ok: false, source: path, problems: [{ field: '(whole file)', message: `cannot be read: ${(error as Error).message}` }] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // Node quotes part of the text in its message, and the text may hold a secret: give only where.
    return { ok: false, source: path, problems: [{ field: '(whole file)', message: `is not valid JSON (${jsonErrorPlace(error)})` }] };
  }
  const parsed = Settings.safeParse(raw);
  if (!parsed.success) {
    const mode = (raw as { mode?: unknown } | null)?.mode;
    return { ok: false, source: path, problems: problemsFrom(parsed.error), ...(mode === 'live' || mode === 'sandbox' ? { declaredMode: mode } : {}) };
  }
  return { ok: true, settings: parsed.data, source: path };
}

function jsonErrorPlace(error: unknown): string {
  const position = /position (\d+)/.exec((error as Error).message)?.[1];
  return position === undefined ? 'check the syntax' : `near character ${position}`;
}
