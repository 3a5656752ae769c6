/** Bridge round trip of an empty call (session.get): p50/p99 over HTTP on loopback, with a bare node:http echo alongside. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../main/app/create-app';
import { startBridge, TOKEN_HEADER } from '../main/bridge';
import { silentLogger } from '../main/log/logger';
import { fmt, percentile } from './support';

const CALLS = 1000;

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < 50; i++) await fn(); // warm up
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples;
}

export async function run(): Promise<{ name: string; lines: string[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bw-bench-bridge-'));
  writeFileSync(join(dataDir, 'index.html'), '<!doctype html>');
  const app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger() });
  const bridge = await startBridge({ dispatch: app.dispatch, staticDir: dataDir, logger: silentLogger() });
  const echo = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{"ok":true,"value":{}}'));
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/`;
  try {
    const headers = { 'Content-Type': 'application/json', [TOKEN_HEADER]: bridge.token };
    const bridgeSamples = await time(async () => (await fetch(`${bridge.origin}/api/session:get`, { method: 'POST', headers, body: '{}' })).json());
    const echoSamples = await time(async () => (await fetch(echoUrl, { method: 'POST', headers, body: '{}' })).json());
    return {
      name: 'Bridge round trip of an empty call',
      lines: [
        `${CALLS} sequential session.get calls over HTTP on 127.0.0.1 (token check, schema validation both ways)`,
        `bridge: p50 ${fmt(percentile(bridgeSamples, 50), 2)} ms, p99 ${fmt(percentile(bridgeSamples, 99), 2)} ms`,
        `bare node:http echo: p50 ${fmt(percentile(echoSamples, 50), 2)} ms, p99 ${fmt(percentile(echoSamples, 99), 2)} ms`,
      ],
    };
  } finally {
    echo.close();
    await bridge.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) console.log((await run()).lines.join('\n'));
