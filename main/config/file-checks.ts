import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ConfigProblem } from '../../preload/contract';
import { pemProblems } from './pem-checks';
import type { Settings } from './settings-schema';

/** No certificate, key, secret or settings file is anywhere near this; a bigger one is a wrong path. */
const MAX_SETTINGS_FILE_BYTES = 1024 * 1024;

export interface FileExpectation {
  /** What the file should be, in the reason's words: "a certificate, key or secret". */
  what?: string;
  maxBytes?: number;
  /** An empty key, certificate or secret is a half-written file, never a usable one. */
  mustHaveContent?: boolean;
}

/**
 * Why a path named in the settings cannot be read as a small regular file, or undefined if it can.
 * Checked before anything reads it: reading a FIFO or a device would hang start-up for ever.
 */
export function unreadableFileReason(path: string, expect: FileExpectation = {}): string | undefined {
  const what = expect.what ?? 'a certificate, key or secret';
  const maxBytes = expect.maxBytes ?? MAX_SETTINGS_FILE_BYTES;
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `the file ${path} does not exist` : `the file ${path} cannot be read (${code ?? 'error'})`;
  }
  if (!stats.isFile()) return `${path} is not a regular file (it is a ${kindOf(stats)})`;
  if (stats.size > maxBytes) return `${path} is too large to be ${what} (${String(stats.size)} bytes)`;
  if (expect.mustHaveContent === true && stats.size === 0) return `${path} is empty`;
  try {
    accessSync(path, constants.R_OK);
  } catch (error) {
    return `${path} cannot be read by this user (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  return undefined;
}

/** Every file a settings file names (certificates, keys, `file:` secrets, the shared sandbox), checked up front and named one by one. */
export function settingsFileProblems(settings: Settings, env: NodeJS.ProcessEnv = process.env): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [field, path] of namedFiles(settings)) {
    if (path === undefined) continue;
    const reason = unreadableFileReason(path, { mustHaveContent: true });
    if (reason !== undefined) problems.push({ field, message: `must name a readable certificate, key or secret file: ${reason}` });
  }
  if (settings.mode === 'sandbox' && settings.sandbox?.providerPath !== undefined) {
    const reason = databasePathReason(settings.sandbox.providerPath);
    if (reason !== undefined) problems.push({ field: 'sandbox.providerPath', message: `must name a sandbox database file this desk can use: ${reason}` });
  }
  // Contents only of files that passed: reading one that did not could hang.
  const failed = new Set(problems.map((p) => p.field));
  return [...problems, ...pemProblems(settings, failed, env)];
}

function namedFiles(settings: Settings): [string, string | undefined][] {
  const common: [string, string | undefined][] = [
    ['jwt.signing.keyPath', settings.jwt.signing?.keyPath],
    ['jwt.signing.passphraseRef', fileRef(settings.jwt.signing?.passphraseRef)],
    ['org.caPath', settings.org?.caPath],
    ['org.passwordRef', fileRef(settings.org?.passwordRef)],
    ['bars.privateKeyPath', settings.bars?.privateKeyPath],
    ['bars.privateKeyPassphraseRef', fileRef(settings.bars?.privateKeyPassphraseRef)],
    ['bars.apiKeyRef', fileRef(settings.bars?.apiKeyRef)],
    ['cis2.privateKeyPath', settings.cis2?.privateKeyPath],
    ['cis2.privateKeyPassphraseRef', fileRef(settings.cis2?.privateKeyPassphraseRef)],
  ];
  if (settings.mode !== 'live') return common;
  return [
    ['tls.certPath', settings.tls.certPath],
    ['tls.keyPath', settings.tls.keyPath],
    ['tls.caPath', settings.tls.caPath],
    ['tls.keyPassphraseRef', fileRef(settings.tls.keyPassphraseRef)],
    ['dos.passwordRef', fileRef(settings.dos.passwordRef)],
    ...common,
  ];
}

/** The shared sandbox database may not exist yet (it is created), but its folder must, and what is there must be a file this user can write. */
function databasePathReason(path: string): string | undefined {
  const folder = dirname(path);
  let folderStats;
  try {
    folderStats = statSync(folder);
  } catch {
    return `the folder ${folder} does not exist`;
  }
  if (!folderStats.isDirectory()) return `${folder} is not a folder`;
  try {
    // SQLite keeps its journal beside the database: a folder it cannot write is a "disk I/O error" later.
    accessSync(folder, constants.W_OK);
  } catch {
    return `this user cannot write in the folder ${folder}`;
  }
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return undefined;
  }
  if (!stats.isFile()) return `${path} is not a regular file (it is a ${kindOf(stats)})`;
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
  } catch (error) {
    return `${path} cannot be read and written by this user (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  if (stats.size > 0 && !startsWith(path, SQLITE_HEADER)) return `${path} is not a SQLite database`;
  return undefined;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function startsWith(path: string, header: Buffer): boolean {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const head = Buffer.alloc(header.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(header);
  } finally {
    closeSync(fd);
  }
}

export function fileRef(ref: string | undefined): string | undefined {
  return ref?.startsWith('file:') === true ? ref.slice('file:'.length) : undefined;
}

function kindOf(stats: ReturnType<typeof statSync>): string {
  if (stats?.isDirectory() === true) return 'folder';
  if (stats?.isFIFO() === true) return 'FIFO (named pipe)';
  if (stats?.isCharacterDevice() === true || stats?.isBlockDevice() === true) return 'device';
  if (stats?.isSocket() === true) return 'socket';
  return 'special file';
}
