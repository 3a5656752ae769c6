import { closeSync, existsSync, fchmodSync, fdatasync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import type { AnchorPoint, AuditAnchor } from './anchor';

const LINE = /^(\d+) (\S+) ([0-9a-f]{64})$/;

export class HeadLogUnreadableError extends Error {
  override name = 'HeadLogUnreadableError';
}

/**
 * The append-only head log beside the database: one line `seq at mac` per anchored head.
 *
 * Durability: each line is written with write(2) before `record` returns, so a killed or
 * crashed app never loses the last committed head. fdatasync runs off the main thread,
 * coalesced and at most once per `syncDelayMs` (one in flight, one more if lines arrived
 * meanwhile): a flush of this file on every commit would compete for the disk with the
 * database's own flush of the row, and that flush is the one that keeps the record. So only a
 * power cut within `syncDelayMs` of a commit can lose the newest lines. A lost line errs on the safe side: the
 * log can fall behind the database (verify then reports an older last anchored point) but is
 * never ahead of it, because a line is written only after its row is committed.
 */
export class HeadLog implements AuditAnchor {
  readonly name = 'head log';
  /** Undefined when opened read-only and there is no log. */
  private readonly fd: number | undefined;
  private lastSeq: number;
  private syncing = false;
  private dirty = false;
  private closed = false;
  private released = false;
  private syncTimer: NodeJS.Timeout | undefined;
  private readonly syncDelayMs: number;

  /** `readonly` (audit:verify) never creates or writes the log. */
  constructor(path: string, options: { readonly?: boolean; syncDelayMs?: number } = {}) {
    this.syncDelayMs = options.syncDelayMs ?? 100;
    if (options.readonly === true) {
      this.fd = existsSync(path) ? openSync(path, 'r') : undefined;
      this.closed = true;
    } else {
      this.fd = openSync(path, 'a+', 0o600);
      // A log left with wider rights is narrowed: reading it tells another user nothing, but writing it would.
      if (process.platform !== 'win32' && (fstatSync(this.fd).mode & 0o077) !== 0) fchmodSync(this.fd, 0o600);
      this.dropTornLine();
    }
    try {
      this.lastSeq = this.latestSync()?.seq ?? 0;
    } catch {
      // An unreadable log is evidence for verify to report; writing after it would bury it.
      this.lastSeq = Number.MAX_SAFE_INTEGER;
    }
  }

  record(point: AnchorPoint): void {
    // Never anchor a lower head: after a rollback that would hide the evidence of the higher one.
    if (this.closed || this.fd === undefined || point.seq <= this.lastSeq) return;
    try {
      writeSync(this.fd, `${String(point.seq)} ${point.at} ${point.mac}\n`);
      this.lastSeq = point.seq;
      this.scheduleSync();
    } catch {
      // A full disk must not fail the audit append that already committed; verify reports the older point.
    }
  }

  latest(): Promise<AnchorPoint | undefined> {
    const point = this.latestSync();
    return Promise.resolve(point === undefined || point.seq === 0 ? undefined : point);
  }

  first(): Promise<AnchorPoint | undefined> {
    const line = this.readLines(0, 4096).find((l) => !l.startsWith('0 '));
    return Promise.resolve(line === undefined ? undefined : parse(line));
  }

  /** True when the log holds no line at all, not even the marker written before the key existed. */
  isEmpty(): boolean {
    return this.fd === undefined || fstatSync(this.fd).size === 0;
  }

  /**
   * Written once, before the key is created: from then on a missing or emptied log is evidence,
   * since a key can no longer exist without it.
   */
  markStarted(at: string): void {
    if (this.closed || this.fd === undefined || !this.isEmpty()) return;
    writeSync(this.fd, `0 ${at} ${'0'.repeat(64)}\n`);
    fdatasyncSync(this.fd);
  }

  /** The last complete line; a torn final line (power cut mid-write) is ignored. */
  latestSync(): AnchorPoint | undefined {
    if (this.fd === undefined) return undefined;
    const size = fstatSync(this.fd).size;
    const start = Math.max(0, size - 4096);
    const lines = this.readLines(start, size - start);
    // Reading from the middle of the file, the first fragment may be a partial line.
    const complete = start > 0 ? lines.slice(1) : lines;
    const last = complete.at(-1);
    return last === undefined ? undefined : parse(last);
  }

  /** Makes every line written so far durable, off the main thread (before the outside anchor is written). */
  flush(): Promise<void> {
    const fd = this.fd;
    if (fd === undefined || this.closed) return Promise.resolve();
    return new Promise((done) => fdatasync(fd, () => done()));
  }

  close(): Promise<void> {
    if (this.fd === undefined || this.released) return Promise.resolve();
    const wasOpen = !this.closed;
    this.closed = true;
    this.released = true;
    clearTimeout(this.syncTimer);
    try {
      if (wasOpen) fdatasyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
    return Promise.resolve();
  }

  /** A line cut short by a power cut is not a record; remove it so the next line starts clean. */
  private dropTornLine(): void {
    if (this.fd === undefined) return;
    const size = fstatSync(this.fd).size;
    if (size === 0) return;
    const start = Math.max(0, size - 4096);
    const buffer = Buffer.alloc(size - start);
    readSync(this.fd, buffer, 0, buffer.length, start);
    if (buffer.at(-1) === 0x0a) return;
    const lastNewline = buffer.lastIndexOf(0x0a);
    ftruncateSync(this.fd, lastNewline < 0 ? start : start + lastNewline + 1);
  }

  private readLines(position: number, length: number): string[] {
    if (length <= 0 || this.fd === undefined) return [];
    const buffer = Buffer.alloc(length);
    const read = readSync(this.fd, buffer, 0, length, position);
    const text = buffer.subarray(0, read).toString('utf8');
    const parts = text.split('\n');
    // Whatever follows the last newline was never completed.
    parts.pop();
    return parts;
  }

  private scheduleSync(): void {
    if (this.syncing) {
      this.dirty = true;
      return;
    }
    this.syncing = true;
    this.dirty = false;
    // Unref'd: the lines are already written, so a waiting flush must not keep the process alive.
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      if (this.closed || this.fd === undefined) return;
      fdatasync(this.fd, () => {
        this.syncing = false;
        if (this.dirty && !this.closed) this.scheduleSync();
      });
    }, this.syncDelayMs);
    this.syncTimer.unref();
  }
}

function parse(line: string): AnchorPoint {
  const match = LINE.exec(line);
  if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) {
    throw new HeadLogUnreadableError('a line of the head log is not in the form "seq time mac"');
  }
  return { seq: Number(match[1]), at: match[2], mac: match[3] };
}
