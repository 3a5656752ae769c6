import { statSync } from 'node:fs';
import type { ConfigProblem } from '../../preload/contract';
import type { Settings } from './settings-schema';

/** No certificate, key or secret file is anywhere near this; a bigger one is a wrong path. */
const MAX_SETTINGS_FILE_BYTES = 1024 * 1024;

/**
 * Why a path named in the settings cannot be read as a small regular file, or undefined if it can.
 * Checked before anything reads it: reading a FIFO or a device would hang start-up for ever.
 */
export function unreadableFileReason(path: string): string | undefined {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `the file ${path} does not exist` : `the file ${path} cannot be read (${code ?? 'error'})`;
  }
  if (!stats.isFile()) return `${path} is not a regular file (it is a ${kindOf(stats)})`;
  if (stats.size > MAX_SETTINGS_FILE_BYTES) return `${path} is too large to be a certificate, key or secret (${String(stats.size)} bytes)`;
  return undefined;
}

/** Every certificate, key and `file:` secret a live settings file names, checked up front and named one by one. */
export function settingsFileProblems(settings: Settings): ConfigProblem[] {
  if (settings.mode !== 'live') return [];
  const paths: [string, string | undefined][] = [
    ['tls.certPath', settings.tls.certPath],
    ['tls.keyPath', settings.tls.keyPath],
    ['tls.caPath', settings.tls.caPath],
    ['tls.keyPassphraseRef', fileRef(settings.tls.keyPassphraseRef)],
    ['dos.passwordRef', fileRef(settings.dos.passwordRef)],
    ['jwt.signing.keyPath', settings.jwt.signing?.keyPath],
    ['jwt.signing.passphraseRef', fileRef(settings.jwt.signing?.passphraseRef)],
  ];
  const problems: ConfigProblem[] = [];
  for (const [field, path] of paths) {
    if (path === undefined) continue;
    const reason = unreadableFileReason(path);
    if (reason !== undefined) problems.push({ field, message: `must name a readable certificate, key or secret file: ${reason}` });
  }
  return problems;
}

function fileRef(ref: string | undefined): string | undefined {
  return ref?.startsWith('file:') === true ? ref.slice('file:'.length) : undefined;
}

function kindOf(stats: ReturnType<typeof statSync>): string {
  if (stats?.isDirectory() === true) return 'folder';
  if (stats?.isFIFO() === true) return 'FIFO (named pipe)';
  if (stats?.isCharacterDevice() === true || stats?.isBlockDevice() === true) return 'device';
  if (stats?.isSocket() === true) return 'socket';
  return 'special file';
}
