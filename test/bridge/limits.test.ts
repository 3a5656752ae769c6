/**
 * The bridge's own limits, seen from raw sockets on loopback: a client that sends nothing, or was
 * refused, does not keep its socket; connections past the cap are closed; the real client still works.
 * Every wait here is bounded, so a limit that is missing fails the test instead of hanging it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../main/api/dispatch';
import { startBridge, TOKEN_HEADER, type Bridge, type BridgeLimits } from '../../main/bridge';

const staticDir = mkdtempSync(join(tmpdir(), 'bw-bridge-limits-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
afterAll(() => rmSync(staticDir, { recursive: true, force: true }));

const dispatch: Dispatch = (channel) => Promise.resolve({ ok: true, value: { channel } });
const bridges: Bridge[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(bridges.splice(0).map((b) => b.close()));
});

const logLines: string[] = [];
const logger = pino(
  { level: 'warn' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  }),
);

async function bridgeWith(limits: Partial<BridgeLimits>): Promise<Bridge> {
  const bridge = await startBridge({ dispatch, staticDir, logger, limits });
  bridges.push(bridge);
  return bridge;
}

interface Raw {
  socket: Socket;
  /** Everything the server sent so far. */
  received: () => string;
  /** Resolves when the server has closed the connection (or reset it). */
  closed: Promise<void>;
}

/** A TCP connection to the bridge, open and connected. */
async function open(bridge: Bridge): Promise<Raw> {
  const socket = connect({ host: '127.0.0.1', port: Number(new URL(bridge.origin).port) });
  sockets.push(socket);
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await within(new Promise<void>((resolve) => socket.once('connect', () => resolve())), 2000);
  return { socket, received: () => text, closed };
}

/** The promise's value, or 'timeout' after `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits (bounded) until the server has sent a whole response head. */
async function responseHead(raw: Raw, ms = 2000): Promise<string> {
  const deadline = Date.now() + ms;
  while (!raw.received().includes('\r\n\r\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return raw.received().split('\r\n\r\n', 1)[0] ?? '';
}

const hostOf = (bridge: Bridge): string => new URL(bridge.origin).host;

describe('bridge limits', () => {
  it('closes a connection that sends nothing, and one that never finishes its headers, after the header timeout', async () => {
    const bridge = await bridgeWith({ headersTimeoutMs: 300, requestTimeoutMs: 1000, keepAliveTimeoutMs: 10_000 });
    const silent = await open(bridge);
    const slow = await open(bridge);
    slow.socket.write(`POST /api/session:get HTTP/1.1\r\nHost: ${hostOf(bridge)}\r\nX-Slow: `);
    expect(await within(silent.closed, 4000)).not.toBe('timeout');
    expect(await within(slow.closed, 4000)).not.toBe('timeout');
  });

  it('closes the connection after a 401, rather than keeping it alive for the caller', async () => {
    const bridge = await bridgeWith({ keepAliveTimeoutMs: 10_000 });
    const raw = await open(bridge);
    raw.socket.write(
      `POST /api/session:get HTTP/1.1\r\nHost: ${hostOf(bridge)}\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
    );
    const head = await responseHead(raw);
    expect(head).toMatch(/^HTTP\/1\.1 401 /);
    expect(head.toLowerCase()).toContain('connection: close');
    expect(await within(raw.closed, 3000)).not.toBe('timeout');
  });

  it('closes the connection after a 403 for another site’s page', async () => {
    const bridge = await bridgeWith({ keepAliveTimeoutMs: 10_000 });
    const raw = await open(bridge);
    raw.socket.write(
      `POST /api/session:get HTTP/1.1\r\nHost: ${hostOf(bridge)}\r\nOrigin: https://evil.example\r\n${TOKEN_HEADER}: ${bridge.token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
    );
    expect(await responseHead(raw)).toMatch(/^HTTP\/1\.1 403 /);
    expect(await within(raw.closed, 3000)).not.toBe('timeout');
  });

  it('closes an idle kept-alive connection soon after its answer', async () => {
    const bridge = await bridgeWith({ keepAliveTimeoutMs: 200 });
    const raw = await open(bridge);
    raw.socket.write(`GET /index.html HTTP/1.1\r\nHost: ${hostOf(bridge)}\r\nConnection: keep-alive\r\n\r\n`);
    expect(await responseHead(raw)).toMatch(/^HTTP\/1\.1 200 /);
    // Node allows a second past the keep-alive time; its default (5 s) would not close it inside this bound.
    expect(await within(raw.closed, 4000)).not.toBe('timeout');
  });

  it('refuses a request whose headers are larger than a browser window needs', async () => {
    const bridge = await bridgeWith({ keepAliveTimeoutMs: 10_000 });
    const raw = await open(bridge);
    raw.socket.write(`GET /index.html HTTP/1.1\r\nHost: ${hostOf(bridge)}\r\nX-Pad: ${'a'.repeat(12 * 1024)}\r\n\r\n`);
    expect(await responseHead(raw)).toMatch(/^HTTP\/1\.1 431 /);
    expect(await within(raw.closed, 3000)).not.toBe('timeout');
  });

  it('closes connections beyond the cap as they arrive, and the real client works again once one goes', async () => {
    const bridge = await bridgeWith({ maxConnections: 3, keepAliveTimeoutMs: 10_000, headersTimeoutMs: 10_000 });
    const held: Raw[] = [];
    for (let i = 0; i < 3; i += 1) {
      const raw = await open(bridge);
      // An answered request proves the server counts this connection.
      raw.socket.write(`GET /index.html HTTP/1.1\r\nHost: ${hostOf(bridge)}\r\nConnection: keep-alive\r\n\r\n`);
      expect(await responseHead(raw)).toMatch(/^HTTP\/1\.1 200 /);
      held.push(raw);
    }
    const extra = await open(bridge);
    expect(await within(extra.closed, 3000)).not.toBe('timeout');
    expect(extra.received()).toBe('');
    for (const raw of held) expect(raw.socket.destroyed).toBe(false);
    const second = await open(bridge);
    expect(await within(second.closed, 3000)).not.toBe('timeout');
    // Logged once, not once per refused connection: a flood must not fill the log.
    expect(logLines.filter((l) => l.includes('too many open at once'))).toHaveLength(1);

    held.pop()?.socket.destroy();
    let answer: Response | undefined;
    for (let attempt = 0; attempt < 20 && answer === undefined; attempt += 1) {
      answer = await fetch(`${bridge.origin}/api/session:get`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: bridge.token },
        body: '{}',
        signal: AbortSignal.timeout(1000),
      }).catch(async () => {
        await new Promise((r) => setTimeout(r, 50));
        return undefined;
      });
    }
    expect(answer?.status).toBe(200);
    expect(await answer?.json()).toEqual({ ok: true, value: { channel: 'session:get' } });
  });

  it('still serves the real client with the default limits: a signed-in call, then the renderer', async () => {
    const bridge = await bridgeWith({});
    const signIn = await fetch(bridge.url, { redirect: 'manual' });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const called = await fetch(`${bridge.origin}/api/case:list`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: bridge.origin },
      body: '{}',
    });
    expect(called.status).toBe(200);
    expect(await called.json()).toEqual({ ok: true, value: { channel: 'case:list' } });
    expect((await fetch(`${bridge.origin}/index.html`)).status).toBe(200);
  });
});

// The tests above give each limit a short value to keep them quick; these start the bridge as the
// app does (no limits given), so a default drifting back to Node's own fails here.
describe('bridge limits as the app starts it', () => {
  it('closes an idle kept-alive connection within a few seconds, not Node’s five', async () => {
    const bridge = await bridgeWith({});
    const raw = await open(bridge);
    raw.socket.write(`GET /index.html HTTP/1.1\r\nHost: ${hostOf(bridge)}\r\nConnection: keep-alive\r\n\r\n`);
    expect(await responseHead(raw)).toMatch(/^HTTP\/1\.1 200 /);
    expect(await within(raw.closed, 4500)).not.toBe('timeout');
  });

  it('refuses headers over 8 KiB (Node would take 16)', async () => {
    const bridge = await bridgeWith({});
    const raw = await open(bridge);
    raw.socket.write(`GET /index.html HTTP/1.1\r\nHost: ${hostOf(bridge)}\r\nX-Pad: ${'a'.repeat(10 * 1024)}\r\n\r\n`);
    expect(await responseHead(raw)).toMatch(/^HTTP\/1\.1 431 /);
  });

  it('holds at most 64 connections at once', async () => {
    const bridge = await bridgeWith({});
    const held: Raw[] = [];
    for (let i = 0; i < 64; i += 1) held.push(await open(bridge));
    // Connections are counted as the server accepts them: wait until it has the 64 before the next.
    const one = held[63];
    if (one === undefined) throw new Error('no 64th connection');
    one.socket.write(`GET /index.html HTTP/1.1\r\nHost: ${hostOf(bridge)}\r\nConnection: keep-alive\r\n\r\n`);
    expect(await responseHead(one)).toMatch(/^HTTP\/1\.1 200 /);
    const extra = await open(bridge);
    expect(await within(extra.closed, 3000)).not.toBe('timeout');
    expect(extra.received()).toBe('');
    expect(held.filter((raw) => raw.socket.destroyed)).toEqual([]);
  });

  it('closes a connection that never finishes sending its headers after 10 s, and one that never finishes its body after 30 s', { timeout: 60_000 }, async () => {
    const bridge = await bridgeWith({});
    const started = performance.now();
    const silent = await open(bridge);
    const slowBody = await open(bridge);
    // Signed in, so the bridge waits for the body rather than answering 401 at once.
    slowBody.socket.write(
      `POST /api/session:get HTTP/1.1\r\nHost: ${hostOf(bridge)}\r\n${TOKEN_HEADER}: ${bridge.token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
    );
    expect(await within(silent.closed, 15_000)).not.toBe('timeout');
    const headersClosedAfter = performance.now() - started;
    expect(headersClosedAfter).toBeGreaterThan(9000);
    expect(slowBody.socket.destroyed).toBe(false);
    expect(await within(slowBody.closed, 25_000)).not.toBe('timeout');
  });
});
