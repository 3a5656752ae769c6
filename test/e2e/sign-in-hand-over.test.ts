import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBridge, type Bridge } from '../../main/bridge';
import { silentLogger } from '../../main/log/logger';
import { writeHandOver } from '../../main/web/hand-over';
import { chromiumAvailable, launchChromium } from './support/chromium';

const run = chromiumAvailable();

describe.skipIf(!run)('the browser build window signing in through its hand-over page', () => {
  const root = mkdtempSync(join(tmpdir(), 'bw-hand-over-e2e-'));
  let bridge: Bridge;

  beforeAll(async () => {
    mkdirSync(join(root, 'renderer'));
    writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>Booking Workstation</title>');
    const dispatch = (channel: string) => Promise.resolve(channel === 'case:list' ? { ok: true as const, value: { cases: [] } } : { ok: false as const, error: { code: 'invalid-request' as const, message: 'no' } });
    bridge = await startBridge({ dispatch, staticDir: join(root, 'renderer'), logger: silentLogger() });
  });
  afterAll(async () => {
    await bridge.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('lands on the app, signed in (its calls are answered), with no code in the address and the page deleted', async () => {
    const handOver = writeHandOver(bridge, root);
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext()).newPage();
      await page.goto(handOver.url);
      await page.waitForURL(`${bridge.origin}/`);
      expect(page.url()).not.toContain('code');
      const status = await page.evaluate(async () => (await fetch('/api/case:list', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status);
      expect(status).toBe(200);
      expect(existsSync(handOver.folder)).toBe(false);
    } finally {
      await browser.close();
    }
  });
});
