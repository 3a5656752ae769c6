/**
 * The options that choose which desk an instance is, shared by the Electron shell and the
 * browser build so `npm start -- …` and `npm run start:web -- …` take the same ones:
 * `--settings PATH`, `--workstation NAME`, `--data-dir PATH`. Two desks on one machine
 * (`npm run org:dev`) need all three.
 */
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { unreadableFileReason } from '../config/file-checks';

export const DESK_OPTIONS = {
  /** A settings file for this instance (instead of BOOKING_WORKSTATION_SETTINGS or the machine-wide one). */
  settings: { type: 'string' },
  /** The desk's name in the audit and the organisation record (instead of the host name). */
  workstation: { type: 'string' },
  /** This instance's data folder (store, logs, keys); one app runs per data folder. */
  'data-dir': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export interface DeskLaunchOptions {
  /** Absolute. */
  settingsFile?: string;
  workstation?: string;
  /** Absolute. */
  dataDir?: string;
}

/** A launch option that cannot be used: the message names the option and what to give it. */
export class LaunchOptionError extends Error {
  override name = 'LaunchOptionError';
}

/** Host-name-like, as the desk's name ends up in the audit trail, the organisation record and `desk_logins`. */
const WORKSTATION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

type RawValue = string | boolean | undefined;

function stringValue(name: string, value: RawValue): string | undefined {
  if (value === undefined) return undefined;
  // Without strict parsing (Electron) a bare `--settings` arrives as true rather than as an error.
  if (typeof value !== 'string' || value.trim() === '') throw new LaunchOptionError(`--${name} needs a value (--${name} ${name === 'workstation' ? 'NAME' : 'PATH'})`);
  return value;
}

/** Checks the parsed values: a settings file that is really there (a typo must not quietly mean sandbox mode), a plain desk name. */
export function deskLaunchOptions(values: Record<string, RawValue>, cwd: string = process.cwd()): DeskLaunchOptions {
  const settings = stringValue('settings', values.settings);
  const workstation = stringValue('workstation', values.workstation);
  const dataDir = stringValue('data-dir', values['data-dir']);
  const options: DeskLaunchOptions = {};
  if (settings !== undefined) {
    const path = resolve(cwd, settings);
    const reason = unreadableFileReason(path);
    if (reason !== undefined) throw new LaunchOptionError(`--settings: ${reason}`);
    options.settingsFile = path;
  }
  if (workstation !== undefined) {
    if (!WORKSTATION_NAME.test(workstation)) {
      throw new LaunchOptionError('--workstation must be 1 to 63 letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. DESK-A)');
    }
    options.workstation = workstation;
  }
  if (dataDir !== undefined) options.dataDir = resolve(cwd, dataDir);
  return options;
}

/**
 * The Electron shell's command line: Chromium and Electron take switches of their own
 * (`--no-sandbox`, `--enable-logging`, `--inspect`…) and the app path, so anything not ours is
 * left alone; ours are validated as the browser build validates them.
 */
export function shellLaunchOptions(args: readonly string[], cwd: string = process.cwd()): DeskLaunchOptions {
  const { values } = parseArgs({ args: [...args], options: DESK_OPTIONS, strict: false, allowPositionals: true });
  return deskLaunchOptions(values, cwd);
}

/** The browser build's command line: its own options besides the desk's; an unknown one is an error. */
export function webLaunchOptions(
  args: readonly string[],
  own: NonNullable<ParseArgsConfig['options']>,
  cwd: string = process.cwd(),
): { desk: DeskLaunchOptions; values: Record<string, RawValue> } {
  let values: Record<string, RawValue>;
  try {
    ({ values } = parseArgs({ args: [...args], options: { ...own, ...DESK_OPTIONS }, strict: true, allowPositionals: false }) as { values: Record<string, RawValue> });
  } catch (error) {
    throw new LaunchOptionError((error as Error).message);
  }
  return { desk: deskLaunchOptions(values, cwd), values };
}
