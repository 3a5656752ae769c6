/** One running app child: start it, send it commands, kill it with SIGKILL, or close it cleanly. */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { buildSync } from 'esbuild';
import type { ChildCommand, ChildReply } from './protocol';

/** Distributes `Omit` over the command union, so each command keeps its own fields. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
export type Command = WithoutId<ChildCommand>;

const REPO = join(import.meta.dirname, '..', '..');
/** Nothing a child does in one command should take this long; past it the runner gives up on the run. */
const COMMAND_LIMIT_MS = 60_000;
const START_LIMIT_MS = 60_000;

export interface ChildConfig {
  dataDir: string;
  settingsFile: string;
  clockOffsetMs: number;
}

/**
 * Starts app children. The child is bundled once per run (as scripts/build.mjs bundles main) and
 * one spare is always loading its modules, so a restart after a kill costs the app's own start,
 * not Node's loading of every dependency.
 */
export class AppLauncher {
  private spare: AppProcess | undefined;

  private constructor(private readonly script: string) {}

  /** Bundles the child into `folder` (with a link to the repository's node_modules beside it). */
  static create(folder: string): AppLauncher {
    const script = join(folder, 'app-child.mjs');
    buildSync({ entryPoints: [join(REPO, 'scripts', 'crash', 'app-child.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', target: 'node20', outfile: script, logLevel: 'warning' });
    symlinkSync(join(REPO, 'node_modules'), join(folder, 'node_modules'), 'dir');
    return new AppLauncher(script);
  }

  /** An app on this data folder, ready (its reconciler running). */
  async start(config: ChildConfig): Promise<AppProcess> {
    const app = this.spare ?? AppProcess.spawn(this.script);
    this.spare = AppProcess.spawn(this.script);
    await app.boot(config);
    return app;
  }

  async close(): Promise<void> {
    await this.spare?.kill();
    this.spare = undefined;
  }
}

export class AppProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: ChildReply) => void>();
  private readonly exited: Promise<void>;
  private stderr = '';
  private dead = false;

  private constructor(private readonly child: ChildProcessByStdio<Writable, Readable, Readable>) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => {
      this.dead = true;
      for (const done of this.waiting.values()) done({ id: -1, ok: false, value: 'the app exited' });
      this.waiting.clear();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4_000);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const reply = JSON.parse(line) as ChildReply;
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
  }

  static spawn(script: string): AppProcess {
    return new AppProcess(spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  /** Gives the loaded child its data folder and waits until the app says it is ready. */
  async boot(config: ChildConfig): Promise<void> {
    const ready = this.await(0, START_LIMIT_MS);
    this.child.stdin.write(`${JSON.stringify(config)}\n`);
    const reply = await ready;
    if (!reply.ok) throw new Error(`the app did not start: ${this.stderr}`);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.dead;
  }

  /** Sends a command; with `killAfterMs`, SIGKILLs the app that long after sending, answered or not. */
  async send(command: Command, killAfterMs?: number): Promise<ChildReply | 'killed'> {
    const id = this.nextId++;
    const answer = this.await(id, COMMAND_LIMIT_MS);
    this.child.stdin.write(`${JSON.stringify({ ...command, id })}\n`);
    if (killAfterMs === undefined) return answer;
    await new Promise((resolve) => setTimeout(resolve, killAfterMs));
    await this.kill();
    return 'killed';
  }

  /** SIGKILL: no handler runs, nothing is flushed or closed. */
  async kill(): Promise<void> {
    if (this.dead) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** A clean close (the reconciler stopped, the database closed), then waits for the process to end. */
  async close(): Promise<void> {
    if (this.dead) return;
    const reply = await this.send({ op: 'close' });
    if (reply !== 'killed' && !reply.ok && this.alive) throw new Error(`the app did not close: ${reply.value}`);
    await this.exited;
  }

  /** The last lines the app wrote to stderr, for a report. */
  get errors(): string {
    return this.stderr;
  }

  private await(id: number, limitMs: number): Promise<ChildReply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`the app gave no answer to command ${id} in ${limitMs} ms: ${this.stderr}`));
      }, limitMs);
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      if (this.dead) this.waiting.get(id)?.({ id, ok: false, value: 'the app exited' });
    });
  }
}
