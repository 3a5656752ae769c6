/**
 * "A long shift": one app session, N calls through the bridge's dispatch, each a whole call as a
 * clinician works it (new case → directory services → choose → slot search → book → refer → close).
 * For each hundred calls: the median call time, and main's RSS and heapUsed after a forced GC,
 * so memory that grows per call (a case's slots kept after it closed) shows as a rising line.
 *
 * `npm run bench -- shift` (300 calls) or `npm run bench -- shift --calls 600`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import Database from 'better-sqlite3';
import { runInNewContext } from 'node:vm';
import type { Case, PatientInput, ServiceOffer, SlotSearchResult } from '../preload/contract';
import { createApp, type App } from '../main/app/create-app';
import { silentLogger } from '../main/log/logger';
import { clockStartingAt } from '../main/workflow/clock';
import { fmt } from './support';
import { nhsNumberFrom } from '../test/support/patients';

/** A weekday afternoon, when every seed diary is open (never the machine's own hour). */
const WEEKDAY_AFTERNOON = new Date('2026-06-09T13:30:00Z');
const APPROVAL = { approverName: 'Dr Alex Morgan', approverRole: 'GP', registrationBody: 'GMC', registrationNumber: '1234567', reason: 'Patient cannot travel before this evening' };

function callsWanted(argv: readonly string[]): number {
  const i = argv.indexOf('--calls');
  const n = i >= 0 ? Number(argv[i + 1]) : 300;
  if (!Number.isInteger(n) || n < 100) throw new Error('--calls wants a whole number of at least 100');
  return n;
}

/** A forced full GC without restarting node with --expose-gc (the flag is read when `gc` is first looked up). */
function forcedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * The baseline measured beside each call: fixed work that does not change over the shift, a
 * Slot-sized JSON round trip and one durable write to a one-row SQLite table (WAL, synchronous
 * FULL, as the app's database). On a shared machine every step slows together when a neighbour
 * is busy (CPU or disk); the call's time over this one's is what the shift itself adds.
 */
const FIXED = Array.from({ length: 400 }, (_, i) => ({
  resourceType: 'Slot',
  id: `slot-${i}`,
  meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-Slot-1'] },
  schedule: { reference: 'Schedule/sch-utc-1' },
  status: 'free',
  start: new Date(Date.UTC(2026, 5, 9, 14, i)).toISOString(),
  end: new Date(Date.UTC(2026, 5, 9, 14, i + 10)).toISOString(),
}));

function baselineMs(db: Database.Database): number {
  const t = performance.now();
  for (let k = 0; k < 5; k++) JSON.parse(JSON.stringify(FIXED));
  for (let k = 0; k < 3; k++) db.prepare('INSERT OR REPLACE INTO fixed (id, body) VALUES (1, ?)').run(JSON.stringify(FIXED[k]));
  return performance.now() - t;
}

function baselineDb(dataDir: string): Database.Database {
  const db = new Database(join(dataDir, 'baseline.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE fixed (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  return db;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function patient(i: number): PatientInput {
  return {
    title: 'Mrs',
    given: 'Amelia',
    family: `Shift${i}`,
    birthDate: '1958-04-17',
    gender: 'female',
    address: { lines: ['14 Chapel Row'], city: 'Leeds', postcode: 'LS6 2QA' },
    // Each call is another patient: one NHS number each (a second case for one person would need a reason).
    nhsNumber: nhsNumberFrom(40_300_000 + i),
    nhsNumberVerified: true,
    telecom: [{ system: 'phone', value: '07700 900123', use: 'mobile', rank: 1 }],
    contacts: [],
  };
}

/** Time per channel within the current hundred: a step that slows as the shift goes on shows by name. */
const steps = new Map<string, number[]>();

async function timed(app: App, channel: string, request: unknown): ReturnType<App['dispatch']> {
  const t = performance.now();
  const result = await app.dispatch(channel, request, { transport: 'http' });
  const list = steps.get(channel) ?? [];
  list.push(performance.now() - t);
  steps.set(channel, list);
  return result;
}

async function ok<T>(app: App, channel: string, request: unknown): Promise<T> {
  const result = await timed(app, channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/**
 * One call, start to close. Calls take the bookable services in turn (as a shift's patients spread
 * over them), so no one diary fills early; a full diary moves on to the next service.
 */
async function oneCall(app: App, i: number): Promise<void> {
  const opened = await ok<Case>(app, 'case:start', { patient: patient(i), dispositionCode: 'Dx05', registeredPractice: { odsCode: 'B82002' } });
  const { services } = await ok<{ services: ServiceOffer[] }>(app, 'directory:services', { caseId: opened.id });
  // The sandbox's fault demonstration services ("Sandbox — …") misbehave on purpose: a shift does not book them.
  const bookable = services.filter((s) => s.booking.status === 'bookable' && !s.name.startsWith('Sandbox'));
  const turn = i % Math.max(1, bookable.length);
  for (const service of [...bookable.slice(turn), ...bookable.slice(0, turn)]) {
    await ok<Case>(app, 'case:chooseService', { caseId: opened.id, serviceId: service.serviceId });
    const search = await timed(app, 'slots:search', { caseId: opened.id });
    if (!search.ok) continue;
    const slots = (search.value as SlotSearchResult).slots;
    const slot = slots.find((s) => !s.outsideTimeframe) ?? slots[0];
    if (slot === undefined) continue;
    await ok(app, 'booking:book', { caseId: opened.id, slotId: slot.slotId, ...(slot.outsideTimeframe ? { approval: APPROVAL } : {}) });
    // As a clinician finishes a call since closing needs the referral sent or a reason: send it.
    const sent = await timed(app, 'referral:send', { caseId: opened.id });
    await ok<Case>(app, 'case:close', { caseId: opened.id, ...(sent.ok ? {} : { reasonNoReferral: 'Service takes no referral from this desk' }) });
    return;
  }
  throw new Error(`call ${i}: no bookable service had a slot left`);
}

export async function run(argv: readonly string[] = process.argv.slice(2)): Promise<{ name: string; lines: string[] }> {
  const calls = callsWanted(argv);
  const gc = forcedGc();
  const dataDir = mkdtempSync(join(tmpdir(), 'bw-bench-shift-'));
  writeFileSync(
    join(dataDir, 'profile.json'),
    JSON.stringify({ displayName: 'Alex Morgan', title: 'Dr', sdsUserId: '555123456789', sdsRoleProfileId: '555987654321', clinician: true, role: 'Clinical navigator' }),
  );
  const app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger(), clock: clockStartingAt(WEEKDAY_AFTERNOON) });
  const fixedDb = baselineDb(dataDir);
  const lines = [`${calls} calls in one app session through the dispatch: case → services → choose → slots → book → refer → close`, 'call   median ms   baseline ms   call÷baseline   RSS MB   heapUsed MB (after a forced GC)'];
  const rows: { call: number; median: number; base: number; rss: number; heap: number; steps: string }[] = [];
  try {
    let hundred: number[] = [];
    let base: number[] = [];
    for (let i = 1; i <= calls; i++) {
      const t = performance.now();
      await oneCall(app, i);
      hundred.push(performance.now() - t);
      base.push(baselineMs(fixedDb));
      if (i % 100 === 0) {
        gc();
        const mem = process.memoryUsage();
        const stepMedians = [...steps].map(([channel, ms]) => `${channel} ${fmt(median(ms))}`).join(', ');
        rows.push({ call: i, median: median(hundred), base: median(base), rss: mem.rss / 1_048_576, heap: mem.heapUsed / 1_048_576, steps: stepMedians });
        hundred = [];
        base = [];
        steps.clear();
      }
    }
  } finally {
    fixedDb.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  for (const r of rows) {
    lines.push(`${String(r.call).padStart(4)}   ${fmt(r.median).padStart(9)}   ${fmt(r.base, 2).padStart(11)}   ${fmt(r.median / r.base).padStart(13)}   ${fmt(r.rss, 0).padStart(6)}   ${fmt(r.heap).padStart(11)}`);
  }
  lines.push('median ms per step, each hundred:');
  for (const r of rows) lines.push(`${String(r.call).padStart(4)}   ${r.steps}`);
  const at = (n: number) => rows.find((r) => r.call === n);
  const [c100, c300, c600] = [at(100), at(300), at(600)];
  if (c100 !== undefined && c300 !== undefined) {
    const rel = c300.median / c300.base / (c100.median / c100.base);
    lines.push(`call 300 / call 100: time ×${fmt(c300.median / c100.median, 2)} (×${fmt(rel, 2)} against the baseline), heapUsed ${fmt((100 * (c300.heap - c100.heap)) / c100.heap)}%, RSS ${fmt((100 * (c300.rss - c100.rss)) / c100.rss)}% (aim: ≤ ×1.2, < 20%)`);
  }
  if (c300 !== undefined && c600 !== undefined) {
    lines.push(`call 600 / call 300: time ×${fmt(c600.median / c300.median, 2)} (×${fmt(c600.median / c600.base / (c300.median / c300.base), 2)} against the baseline), heapUsed ${fmt((100 * (c600.heap - c300.heap)) / c300.heap)}%, RSS ${fmt((100 * (c600.rss - c300.rss)) / c300.rss)}% (aim: flat)`);
  }
  return { name: 'A long shift in one app session', lines };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) console.log((await run()).lines.join('\n'));
