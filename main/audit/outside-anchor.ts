import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative, resolve, isAbsolute } from 'node:path';
import type { AnchorPoint, AuditAnchor } from './anchor';

/** Overrides where the per-user anchors are kept (tests, or an IT-managed location). */
export const ANCHOR_DIR_ENV = 'BW_AUDIT_ANCHOR_DIR';

/**
 * The OS key store as Electron's safeStorage offers it. Sealing the anchor's tag means forging
 * it needs the OS key store as well as the audit key.
 */
export interface AnchorSealer {
  seal(plain: string): Promise<Buffer>;
  unseal(sealed: Buffer): Promise<string>;
}

/** Where a desk keeps its per-user anchor. */
export interface OutsideAnchorConfig {
  /** A folder outside the data folder, private to the OS user (0700). */
  dir: string;
  sealer?: AnchorSealer;
}

/**
 * A per-user folder outside every data folder: the OS user's local config folder, which a copy
 * or restore of the data folder does not touch (on Windows the local, not the roaming, profile).
 */
export function defaultAnchorDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env[ANCHOR_DIR_ENV];
  if (override !== undefined && override !== '') return override;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'Booking Workstation Anchors');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Booking Workstation Anchors');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'booking-workstation-anchors');
}

/** One file per data folder, named by a hash of its path: two desks on one machine keep two anchors. */
export function anchorFileFor(dir: string, dataDir: string): string {
  return join(dir, `${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 32)}.anchor`);
}

export function isInside(child: string, parent: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export class OutsideAnchorUnreadableError extends Error {
  override name = 'OutsideAnchorUnreadableError';
}

/** What the file holds: the chain head, how many events the store had then, and nothing about any patient. */
interface AnchorFile {
  version: 1;
  /** The data folder this anchor belongs to, for whoever finds the file. */
  dataFolder: string;
  seq: number;
  at: string;
  mac: string;
  count: number;
  /** HMAC under the audit key over everything above: without the key nobody writes one that verifies. */
  tag: string;
  /** The tag sealed with the OS key store (Electron), base64. */
  sealed?: string;
}

export interface OutsidePoint extends AnchorPoint {
  count: number;
}

function tagOf(key: Buffer, body: Omit<AnchorFile, 'tag' | 'sealed'>): string {
  return createHmac('sha256', key)
    .update(`outside-anchor\n${body.dataFolder}\n${String(body.seq)}\n${body.at}\n${body.mac}\n${String(body.count)}`)
    .digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export interface OutsideAnchorOptions {
  dataDir: string;
  /** Without it (audit:verify on an Electron desk, whose key is sealed) only the sequence number is compared. */
  key: Buffer | undefined;
  sealer?: AnchorSealer | undefined;
  /** audit:verify never creates or writes the anchor. */
  readonly?: boolean;
  /** Coalescing delay: one write per burst of commits. */
  delayMs?: number;
  /** Runs before each write, so the head log beside the database is durable first and never behind this anchor. */
  beforeWrite?: () => Promise<void>;
}

/**
 * The chain head kept outside the data folder, per OS user: replacing the database and the head
 * log with an older copy, or cutting the head log's tail, leaves this anchor ahead of them.
 *
 * Written coalesced after commits (at most once per `delayMs`, off the main thread) and at
 * close: a power cut can lose the newest point, which errs on the safe side (the anchor falls
 * behind the store, never ahead of it). Limits: someone who can write this folder and the data
 * folder as the same OS user can roll both back together; the tag (and, on Electron, the seal)
 * only stops them forging a point that was never written.
 */
export class OutsideAnchor implements AuditAnchor {
  readonly name = 'record outside the data folder';
  /** Missing is "not verified", not "tampered": a new install, another profile or a cleaned folder has none. */
  readonly outside = true;
  readonly path: string;
  private readonly dataFolder: string;
  private highest = 0;
  private pending: AnchorPoint | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly options: OutsideAnchorOptions,
  ) {
    this.dataFolder = resolve(options.dataDir);
    this.path = anchorFileFor(dir, options.dataDir);
    try {
      this.highest = this.readSync()?.point.seq ?? 0;
    } catch {
      // A file that does not verify is evidence: never write over it.
      this.highest = Number.MAX_SAFE_INTEGER;
    }
    if (options.readonly === true) this.closed = true;
  }

  /** True when the file exists: a store existed for this data folder. */
  exists(): boolean {
    return existsSync(this.path);
  }

  record(point: AnchorPoint): void {
    // Never anchor a lower head: that would hide the evidence of the higher one.
    if (this.closed || point.seq <= this.highest || (this.pending !== undefined && point.seq <= this.pending.seq)) return;
    this.pending = point;
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.delayMs ?? 1000);
    // The store is already committed: a waiting anchor write must not keep the process alive.
    this.timer.unref();
  }

  async latest(): Promise<OutsidePoint | undefined> {
    const file = this.readSync();
    const sealer = this.options.sealer;
    if (file === undefined || sealer === undefined) return file?.point;
    let unsealed: string | undefined;
    try {
      unsealed = file.sealed === undefined ? undefined : await sealer.unseal(Buffer.from(file.sealed, 'base64'));
    } catch {
      unsealed = undefined;
    }
    if (unsealed !== file.tag) throw new OutsideAnchorUnreadableError(`the anchor file ${this.path} is not sealed by this user's OS key store`);
    return file.point;
  }

  /** Only the newest head is kept here; the head log holds where the keyed chain starts. */
  first(): Promise<AnchorPoint | undefined> {
    return Promise.resolve(undefined);
  }

  /** Writes the newest recorded point now (tests; close). */
  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      const point = this.pending;
      if (point === undefined || point.seq <= this.highest || this.options.key === undefined) return;
      this.pending = undefined;
      try {
        await this.options.beforeWrite?.();
        await this.write(point, this.options.key);
        this.highest = point.seq;
      } catch {
        // A full disk or a removed folder must not fail work already committed; the next start says "not verified".
      }
    });
    return this.writing;
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
    this.closed = true;
  }

  private async write(point: AnchorPoint, key: Buffer): Promise<void> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // A folder left with wider rights is narrowed: another account must not be able to replace the file.
    if (process.platform !== 'win32' && (statSync(this.dir).mode & 0o077) !== 0) chmodSync(this.dir, 0o700);
    const body = { version: 1 as const, dataFolder: this.dataFolder, seq: point.seq, at: point.at, mac: point.mac, count: point.seq };
    const tag = tagOf(key, body);
    const file: AnchorFile = { ...body, tag, ...(this.options.sealer !== undefined ? { sealed: (await this.options.sealer.seal(tag)).toString('base64') } : {}) };
    const temp = `${this.path}.${String(process.pid)}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(file)}\n`);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.path);
  }

  /** The file's point once its tag holds under the key; the seal, which needs the OS key store, is checked by `latest`. */
  private readSync(): { point: OutsidePoint; tag: string; sealed: string | undefined } | undefined {
    if (!existsSync(this.path)) return undefined;
    let file: AnchorFile;
    try {
      file = JSON.parse(readFileSync(this.path, 'utf8')) as AnchorFile;
    } catch (error) {
      throw new OutsideAnchorUnreadableError(`the anchor file ${this.path} cannot be read (${(error as Error).message})`);
    }
    const { version, dataFolder, seq, at, mac, count, tag } = file;
    if (version !== 1 || typeof seq !== 'number' || !Number.isSafeInteger(seq) || typeof at !== 'string' || typeof mac !== 'string' || typeof count !== 'number' || typeof tag !== 'string') {
      throw new OutsideAnchorUnreadableError(`the anchor file ${this.path} is not one this app wrote`);
    }
    if (dataFolder !== this.dataFolder) throw new OutsideAnchorUnreadableError(`the anchor file ${this.path} belongs to another data folder`);
    const key = this.options.key;
    if (key !== undefined && !sameHex(tag, tagOf(key, { version, dataFolder, seq, at, mac, count }))) {
      throw new OutsideAnchorUnreadableError(`the anchor file ${this.path} does not match this installation's audit key (forged, or left from an earlier install)`);
    }
    return { point: { seq, at, mac, count }, tag, sealed: typeof file.sealed === 'string' ? file.sealed : undefined };
  }
}
