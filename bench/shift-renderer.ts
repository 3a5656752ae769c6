/**
 * A long shift in the renderer: one page left open for the whole shift, as on a clinical desktop,
 * each call worked through the screens — case opened → service chosen → slot → Book → referral
 * sent → case closed. Prints each 100th call's median time, the renderer's JS heap after a forced
 * GC, its DOM size, and the main process's RSS (the app runs in this process), so a screen that
 * keeps every finished case shows as a rising line.
 * `npm run bench -- shift-renderer --renderer-calls 300`. Aim as for the main pass: call 300
 * within 1.2× of call 100, memory growth under 20% from call 100 to 300.
 */
import { chromium, type Page } from 'playwright-core';
import type { Case, ServiceOffer } from '../preload/contract';
import { chooseService, slotSearchDone } from '../test/e2e/support/booking';
import { CHROMIUM_PATH, syncClock } from '../test/e2e/support/chromium';
import { startWorkstation, type RunningWorkstation } from '../test/e2e/support/workstation';
import { fmt } from './support';


function callsWanted(argv: readonly string[]): number {
  const i = argv.indexOf('--renderer-calls');
  const n = i >= 0 ? Number(argv[i + 1]) : 300;
  if (!Number.isInteger(n) || n < 100) throw new Error('--renderer-calls wants a whole number of at least 100');
  return n;
}

/** A different caller each call (letters only: names are validated as names), so no second-booking warning. */
function family(i: number): string {
  const letters = [0, 1, 2].map((k) => String.fromCharCode(97 + (Math.floor(i / 26 ** k) % 26))).reverse().join('');
  return `Shift${letters}`;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** The renderer's JS heap after a full GC, through the DevTools protocol (as the Memory panel reads it). */
async function rendererMemory(page: Page): Promise<{ heapMb: number; nodes: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    return { heapMb: usedSize / 1_048_576, nodes };
  } finally {
    await cdp.detach();
  }
}

/** The services a shift spreads its bookings over, as the main pass does: every bookable one but the sandbox's fault demonstrations. */
async function bookableServices(ws: RunningWorkstation, c: Case): Promise<string[]> {
  const listed = await ws.app.dispatch('directory:services', { caseId: c.id }, { transport: 'http' });
  if (!listed.ok) throw new Error(`directory:services: ${listed.error.message}`);
  const services = (listed.value as { services: ServiceOffer[] }).services;
  return services.filter((s) => s.booking.status === 'bookable' && !s.name.startsWith('Sandbox')).map((s) => s.serviceId);
}

/** One call through the screens; the case itself is started over the bridge (the new-case form has its own bench and tests). */
async function oneCall(page: Page, start: (i: number) => Promise<Case>, services: readonly string[], i: number): Promise<void> {
  const c = await start(i);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Cases' }).click();
  await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
  await page.locator('[data-testid="case-list"] tr', { hasText: family(i).toUpperCase() }).first().getByRole('button', { name: /^Open/ }).click();
  await page.locator(`[data-case-id="${c.id}"]`).waitFor();
  const turn = i % services.length;
  for (const serviceId of [...services.slice(turn), ...services.slice(0, turn)]) {
    await chooseService(page, serviceId);
    const slot = page.locator('[data-slot-id][data-outside="false"]').first();
    if ((await slotSearchDone(page)) !== 'list' || (await slot.count()) === 0) {
      await page.getByRole('navigation', { name: 'Booking steps' }).getByRole('button', { name: /Choose a service/ }).click();
      continue;
    }
    await slot.click();
    await page.getByTestId('confirm-step').waitFor();
    await page.getByTestId('book-button').click();
    await page.getByTestId('booked').waitFor();
    const send = page.locator('.app-booked-step [data-testid="send-referral"]');
    if ((await send.count()) > 0) {
      await send.click();
      await page.locator('[data-testid="referral-panel"][data-referral-status="sent"]').waitFor();
    }
    await page.getByTestId('close-case').click();
    const question = page.getByTestId('close-without-referral');
    const closed = page.getByRole('heading', { name: 'Cases', level: 1 });
    await Promise.race([question.waitFor(), closed.waitFor()]);
    if (await question.isVisible()) {
      await page.getByLabel('Why is the case closed without a referral?').fill('Service takes the history by phone');
      await page.getByTestId('confirm-close-without-referral').click();
      await closed.waitFor();
    }
    return;
  }
  throw new Error(`call ${i}: none of ${services.length} services had a slot inside the timeframe`);
}

export async function run(argv: readonly string[] = process.argv.slice(2)): Promise<{ name: string; lines: string[] }> {
  const calls = callsWanted(argv);
  const ws = await startWorkstation();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const lines = [`${calls} calls in one page: case → service → slot → book → referral → close`, 'call   median ms   renderer heap MB (after GC)   DOM elements   main RSS MB'];
  const rows: { call: number; median: number; heap: number; nodes: number; rss: number }[] = [];
  try {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London', viewport: { width: 1366, height: 768 } });
    await syncClock(context, ws.clock);
    const page = await context.newPage();
    await page.goto(ws.url);
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    const start = async (i: number): Promise<Case> => {
      const result = await ws.app.dispatch(
        'case:start',
        {
          patient: { given: 'Sam', family: family(i), birthDate: '1980-02-03', gender: 'unknown', address: { lines: ['1 Test Street'], postcode: 'LS1 1AA' }, telecom: [{ system: 'phone', use: 'mobile', value: '07700 900000', rank: 1 }], contacts: [] },
          dispositionCode: 'Dx08',
        },
        { transport: 'http' },
      );
      if (!result.ok) throw new Error(`case:start: ${result.error.message}`);
      return result.value as Case;
    };
    const services = await bookableServices(ws, await start(0));
    let hundred: number[] = [];
    for (let i = 1; i <= calls; i++) {
      const t = performance.now();
      await oneCall(page, start, services, i);
      hundred.push(performance.now() - t);
      if (i % 100 === 0) {
        const { heapMb, nodes } = await rendererMemory(page);
        rows.push({ call: i, median: median(hundred), heap: heapMb, nodes, rss: process.memoryUsage().rss / 1_048_576 });
        hundred = [];
      }
    }
  } finally {
    await browser.close();
    await ws.close();
  }
  for (const r of rows) lines.push(`${String(r.call).padStart(4)}   ${fmt(r.median).padStart(9)}   ${fmt(r.heap).padStart(27)}   ${String(r.nodes).padStart(12)}   ${fmt(r.rss, 0).padStart(11)}`);
  const at = (n: number) => rows.find((r) => r.call === n);
  const [c100, c300] = [at(100), at(300)];
  if (c100 !== undefined && c300 !== undefined) {
    lines.push(`call 300 / call 100: time ×${fmt(c300.median / c100.median, 2)}, renderer heap ${fmt(((c300.heap - c100.heap) / c100.heap) * 100)}%, DOM ${c300.nodes - c100.nodes} elements (aim: ≤ ×1.2, < 20%)`);
  }
  return { name: 'A long shift in the renderer (one page, every call through the screens)', lines };
}
