/**
 * The app under test, in its own process so it can be killed with SIGKILL: createApp over one
 * data folder, driven by JSON lines on stdin through the same dispatch the renderer uses
 * (HTTP transport), answering one JSON line per command on stdout.
 *
 * Its first stdin line is its config ({"dataDir","settingsFile","clockOffsetMs"}): the runner
 * starts the next app before it is needed (module loading is most of a start) and hands it a
 * data folder only when the previous app has been killed.
 */
import { createInterface } from 'node:readline';
import type { BookingResult, Case, ExistingAnswer, PatientInput, ServiceOffer, SlotSearchResult } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import { silentLogger } from '../../main/log/logger';
import type { ChildCommand, ChildReply } from './protocol';

interface ChildConfig {
  dataDir: string;
  settingsFile: string;
  /** The runner's clock minus the machine's: the app and the Provider read one clock. */
  clockOffsetMs: number;
}

const UNSETTLED = new Set(['pending', 'unknown', 'cancelling', 'cancel-unknown']);
const SERVICE_NAME = 'Riverside Urgent Treatment Centre';
/** Sent with every booking: main keeps it only for slots after the deadline (never the user's own approval). */
const APPROVAL = { approverName: 'Dr Sam Okafor', approverRole: 'GP', registrationBody: 'GMC' as const, registrationNumber: '7654321', reason: 'Patient agreed to the later time' };

function patient(family: string): PatientInput {
  return {
    title: 'Mrs',
    given: 'Jane',
    family,
    birthDate: '1961-04-12',
    gender: 'female',
    address: { lines: ['12 Wharf Street'], city: 'Leeds', postcode: 'LS2 7EQ' },
    nhsNumber: '9434765919',
    nhsNumberVerified: true,
    telecom: [{ system: 'phone', use: 'mobile', value: '07700 900123', rank: 1 }],
    contacts: [],
  };
}

class Driver {
  constructor(private readonly app: App) {}

  private async ok<T>(channel: string, request: unknown): Promise<T> {
    const result = await this.app.dispatch(channel, request, { transport: 'http' });
    if (!result.ok) throw new Refused(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  }

  async openCase(family: string): Promise<string> {
    const p = patient(family);
    // As the new-case screen: a person with live bookings or open cases gets another case only with a reason.
    const { matches } = await this.ok<ExistingAnswer>('patient:existing', { family: p.family, given: p.given, birthDate: p.birthDate, nhsNumber: p.nhsNumber });
    const secondBooking = matches.length === 0 ? {} : { secondBooking: { reason: 'Crash sequence: another case for the same test patient.', existingCaseIds: matches.slice(0, 50).map((m) => m.caseId) } };
    const opened = await this.ok<Case>('case:start', { patient: p, dispositionCode: 'Dx05', ...secondBooking });
    const { services } = await this.ok<{ services: ServiceOffer[] }>('directory:services', { caseId: opened.id });
    const offer = services.find((s) => s.name === SERVICE_NAME);
    if (offer === undefined) throw new Error(`the directory did not offer ${SERVICE_NAME}`);
    await this.ok<Case>('case:chooseService', { caseId: opened.id, serviceId: offer.serviceId });
    return opened.id;
  }

  /** A free slot chosen by `pick` among the first few, as a clinician scrolls a short list. */
  private async slot(caseId: string, pick: number): Promise<string> {
    const { slots } = await this.ok<SlotSearchResult>('slots:search', { caseId });
    const choice = slots[Math.floor(pick * Math.min(slots.length, 8))];
    if (choice === undefined) throw new Refused('no free slot');
    return choice.slotId;
  }

  private async bookingsOf(caseId: string, states: ReadonlySet<string>): Promise<string[]> {
    const c = await this.ok<Case>('case:get', { caseId });
    return c.bookings.filter((b) => states.has(b.status)).map((b) => b.id);
  }

  private async one(caseId: string, states: ReadonlySet<string>, pick: number): Promise<string | undefined> {
    const ids = await this.bookingsOf(caseId, states);
    return ids[Math.floor(pick * ids.length)];
  }

  async run(c: ChildCommand): Promise<string> {
    switch (c.op) {
      case 'open-case':
        return this.openCase(c.family);
      case 'book': {
        const booked = await this.bookingsOf(c.caseId, new Set(['booked']));
        const additional = booked.length > 0 && c.additional ? { additional: { reason: 'Second appointment needed: dressing change and review' } } : {};
        const slotId = await this.slot(c.caseId, c.pick);
        return outcome(await this.ok<BookingResult>('booking:book', { caseId: c.caseId, slotId, approval: APPROVAL, ...additional }));
      }
      case 'cancel': {
        const id = await this.one(c.caseId, new Set(['booked']), c.pick);
        if (id === undefined) return 'nothing booked to cancel';
        return outcome(await this.ok<BookingResult>('booking:cancel', { bookingId: id, reason: 'Patient no longer needs the appointment' }));
      }
      case 'rebook': {
        const id = await this.one(c.caseId, new Set(['booked']), c.pick);
        if (id === undefined) return 'nothing booked to rebook';
        const slotId = await this.slot(c.caseId, c.slotPick);
        return outcome(await this.ok<BookingResult>('booking:rebook', { bookingId: id, slotId, approval: APPROVAL, reason: 'Patient asked for another time' }));
      }
      case 'resolve': {
        const id = await this.one(c.caseId, UNSETTLED, c.pick);
        if (id === undefined) return 'nothing to check';
        return outcome(await this.ok<BookingResult>('booking:resolve', { bookingId: id }));
      }
      case 'pause':
        await this.app.reconciler?.stop();
        return 'paused';
      case 'resume':
        this.app.reconciler?.start();
        return 'resumed';
      case 'close':
        await this.app.close();
        return 'closed';
    }
  }
}

/** The app said no to a request that does not fit the case (a conflict, no slot): an answer, not a crash. */
class Refused extends Error {
  override readonly name = 'Refused';
}

function outcome(r: BookingResult): string {
  return `${r.outcome.tone}: ${r.outcome.title}`;
}

async function main(): Promise<void> {
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done === true) return;
  const config = JSON.parse(first.value) as ChildConfig;
  const app = await createApp({
    dataDir: config.dataDir,
    settingsFile: config.settingsFile,
    logger: silentLogger(),
    clock: () => new Date(Date.now() + config.clockOffsetMs),
    workstation: 'crash-runner',
    // Short backoff, no ceiling: lost answers are checked within a second, so a sequence settles quickly.
    reconciler: { baseDelayMs: 200, maxDelayMs: 1_000, tickMs: 100, perProviderPerMinute: 10_000 },
  });
  if (app.startupProblem !== undefined || app.session.configProblems !== undefined) {
    throw new Error(`the app did not start: ${JSON.stringify(app.startupProblem ?? app.session.configProblems)}`);
  }
  const driver = new Driver(app);
  const send = (reply: ChildReply): void => void process.stdout.write(`${JSON.stringify(reply)}\n`);
  send({ id: 0, ok: true, value: 'ready' });
  // One command at a time, in order: the runner waits for each answer (or kills us first).
  for (let next = await lines.next(); next.done !== true; next = await lines.next()) {
    const command = JSON.parse(next.value) as ChildCommand;
    try {
      send({ id: command.id, ok: true, value: await driver.run(command) });
    } catch (error) {
      const refused = error instanceof Refused;
      if (!refused) process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      send({ id: command.id, ok: false, refused, value: (error as Error).message });
    }
    if (command.op === 'close') process.exit(0);
  }
  // The runner has gone (our stdin closed): do not outlive it.
  await app.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
