/**
 * The slot list in Chromium: from the slot reply arriving in the renderer (performance mark
 * `slots:reply`) to the list painted (`slots:painted`, the frame after the commit), for 2,000
 * slots and for 20 in the same run; then a jump to the last slot to show it is scrollable.
 * The reply is served by the page's own route so the bench measures the renderer, not the Provider.
 * Aim: 2,000 slots cost no more than 3× 20.
 */
import type { Page } from 'playwright-core';
import type { Case, SlotRow, SlotSearchResult } from '../preload/contract';
import { launchChromium, newPage } from '../test/e2e/support/chromium';
import { startWorkstation, type RunningWorkstation } from '../test/e2e/support/workstation';
import { fmt, percentile } from './support';

const ROUNDS = 5;
const UTC_SERVICE_ID = '2000012345';

/** Real-shaped slot rows: all details present, a third without a delivery channel, some after the deadline. */
function syntheticSlots(count: number, deadline: Date): SlotRow[] {
  const start = Date.now() + 15 * 60_000;
  return Array.from({ length: count }, (_, i) => {
    const s = new Date(start + i * 15 * 60_000);
    const e = new Date(s.getTime() + 15 * 60_000);
    return {
      slotId: `bench-${i}`,
      start: s.toISOString(),
      end: e.toISOString(),
      durationMinutes: 15,
      deliveryChannel: i % 3 === 2 ? null : 'In-person',
      healthcareService: 'Riverside Urgent Treatment Centre',
      location: { name: 'Riverside UTC, Riverside Community Hospital', address: { lines: ['Riverside Community Hospital', '14 Wharf Road'], city: 'Leeds', district: 'West Yorkshire', postcode: 'LS10 1AB' } },
      practitioner: { name: 'Dr Amara Okafor', gender: 'female' },
      practitionerRole: 'Advanced Nurse Practitioner',
      organisation: 'Riverside Community Health NHS Trust',
      scheduleId: 'sch-1',
      outsideTimeframe: s.getTime() > deadline.getTime(),
    };
  });
}

async function measure(page: Page, ws: RunningWorkstation, count: number): Promise<{ paintMs: number; scrollMs: number }> {
  const started = await ws.app.dispatch(
    'case:start',
    {
      patient: { given: 'Bench', family: `Slots${count}`, birthDate: '1970-01-01', gender: 'unknown', address: { lines: ['1 Test Street'], postcode: 'LS1 1AA' }, telecom: [{ system: 'phone', use: 'mobile', value: '07700 900000', rank: 1 }], contacts: [] },
      dispositionCode: 'Dx05',
    },
    { transport: 'http' },
  );
  if (!started.ok) throw new Error(started.error.message);
  const c = started.value as Case;
  const slots = syntheticSlots(count, new Date(c.outcome.deadline));
  const inside = slots.filter((s) => !s.outsideTimeframe).length;
  const reply: SlotSearchResult = { caseId: c.id, serviceId: UTC_SERVICE_ID, searchedAt: new Date().toISOString(), deadline: c.outcome.deadline, slots, insideTimeframe: inside, outsideTimeframe: count - inside };
  const body = JSON.stringify({ ok: true, value: reply });
  await page.unroute('**/api/slots%3Asearch');
  await page.route('**/api/slots%3Asearch', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Cases' }).click();
  await page.locator('[data-testid="case-list"] tr', { hasText: `SLOTS${count}` }).first().getByRole('button', { name: /^Open/ }).click();
  await page.locator(`[data-service-id="${UTC_SERVICE_ID}"]`).getByRole('button', { name: /^Choose/ }).click();
  await page.locator(`[data-testid="slot-list"][data-painted="${count}"]`).waitFor();
  const paintMs = await page.evaluate(() => {
    const reply = performance.getEntriesByName('slots:reply').at(-1);
    const painted = performance.getEntriesByName('slots:painted').at(-1);
    return (painted?.startTime ?? Number.NaN) - (reply?.startTime ?? Number.NaN);
  });
  // Scrollable: jump to the end with the keyboard and time until the last slot has focus.
  const scrollMs = await page.evaluate(async (last) => {
    const first = document.querySelector<HTMLButtonElement>('[data-slot-index="0"]');
    first?.focus();
    const t0 = performance.now();
    first?.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      if (document.activeElement?.getAttribute('data-slot-index') === String(last)) return performance.now() - t0;
      if (performance.now() - t0 > 5000) return Number.NaN;
    }
  }, count - 1);
  return { paintMs, scrollMs };
}

export async function run(): Promise<{ name: string; lines: string[] }> {
  const ws = await startWorkstation();
  const browser = await launchChromium();
  try {
    const page = await newPage(browser);
    await page.goto(ws.url);
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    const samples: Record<number, { paint: number[]; scroll: number[] }> = { 20: { paint: [], scroll: [] }, 2000: { paint: [], scroll: [] } };
    // Alternate the sizes so both see the same machine load (the CPU is shared).
    for (let round = 0; round < ROUNDS; round++) {
      for (const count of [20, 2000]) {
        const m = await measure(page, ws, count);
        samples[count]?.paint.push(m.paintMs);
        samples[count]?.scroll.push(m.scrollMs);
      }
    }
    const p50 = (n: number, k: 'paint' | 'scroll') => percentile(samples[n]?.[k] ?? [], 50);
    const ratio = p50(2000, 'paint') / p50(20, 'paint');
    return {
      name: 'renderer: slot reply → list painted (Chromium, virtualised list)',
      lines: [
        `${ROUNDS} rounds each, reply served by a page route (renderer cost only), p50 of the mark-to-mark time`,
        `20 slots: painted in ${fmt(p50(20, 'paint'))} ms; End key to the last slot focused in ${fmt(p50(20, 'scroll'))} ms`,
        `2,000 slots: painted in ${fmt(p50(2000, 'paint'))} ms; End key to the last slot focused in ${fmt(p50(2000, 'scroll'))} ms`,
        `2,000 / 20 = ${fmt(ratio, 2)}× (aim ≤ 3×) ${ratio <= 3 ? 'OK' : 'OVER'}`,
      ],
    };
  } finally {
    await browser.close();
    await ws.close();
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) console.log((await run()).lines.join('\n'));
