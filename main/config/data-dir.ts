import { homedir } from 'node:os';
import { join } from 'node:path';

export const DATA_DIR_ENV = 'BOOKING_WORKSTATION_DATA_DIR';

/** The per-user data folder (audit store, logs, profile) when Electron does not give us one. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env[DATA_DIR_ENV];
  if (override !== undefined && override !== '') return override;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Booking Workstation');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'booking-workstation');
}
