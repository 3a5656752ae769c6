/**
 * The crash runner's judge: the app's bookings beside the Provider's own appointments. Pure
 * functions over two snapshots, so a test can plant each kind of finding and see it flagged.
 */

/** One row of the Provider's appointment table (the sandbox database, not the app's). */
export interface ProviderAppointment {
  id: string;
  requestId: string;
  status: string;
}

/** What the app keeps of one booking (its bookings table), as far as the checks need it. */
export interface AppBooking {
  id: string;
  caseId: string;
  status: 'pending' | 'booked' | 'failed' | 'unknown' | 'cancelling' | 'cancelled' | 'cancel-unknown';
  requestId: string;
  appointmentId?: string | undefined;
  additionalReason?: string | undefined;
  rebookId?: string | undefined;
  /** The app handed this outcome to a phone call: automatic checks gave up and the clinician is told to phone. */
  phoneCheck?: boolean | undefined;
}

export interface AppRebook {
  id: string;
  caseId: string;
  state: string;
  newBookingId?: string | undefined;
  oldBookingId: string;
}

export interface AppSnapshot {
  bookings: readonly AppBooking[];
  rebooks: readonly AppRebook[];
  /** Problems `audit:verify` reports for the data folder; undefined when not checked at this point. */
  auditProblems?: readonly string[] | undefined;
}

export type FindingKind = 'double-booking' | 'stuck' | 'lost-row' | 'contradiction';

export interface Finding {
  kind: FindingKind;
  /** Stable across check points, so one fault seen at several steps is counted once. */
  key: string;
  detail: string;
}

const UNSETTLED = new Set<AppBooking['status']>(['pending', 'unknown', 'cancelling', 'cancel-unknown']);
export const REBOOK_FINAL = new Set(['done', 'new-not-booked', 'old-not-cancelled']);

/**
 * Checks that hold at every quiet moment (the app paused or dead), whatever is still in flight:
 * the app saves a booking before sending it and moves to `cancelling` before cancelling, so a
 * Provider appointment it has no row for, or a settled state the Provider denies, is never a
 * passing moment but a lie.
 */
export function checkAnyTime(app: AppSnapshot, provider: readonly ProviderAppointment[]): Finding[] {
  return [...lostRows(app, provider), ...contradictions(app, provider)];
}

/** Checks for the end of a sequence, after the Provider is healthy again and the reconciler had time to settle. */
export function checkSettled(app: AppSnapshot, provider: readonly ProviderAppointment[]): Finding[] {
  return [...checkAnyTime(app, provider), ...doubleBookings(app, provider), ...stuck(app)];
}

function lostRows(app: AppSnapshot, provider: readonly ProviderAppointment[]): Finding[] {
  const known = new Set(app.bookings.map((b) => b.requestId));
  const findings: Finding[] = provider
    .filter((a) => !known.has(a.requestId))
    .map((a) => ({ kind: 'lost-row', key: `lost-row:${a.id}`, detail: `the Provider holds appointment ${a.id} (${a.status}, X-Request-ID ${a.requestId}) that the app has no booking row for` }));
  for (const problem of app.auditProblems ?? []) findings.push({ kind: 'lost-row', key: `audit:${problem}`, detail: `audit:verify: ${problem}` });
  return findings;
}

function providerRowFor(b: AppBooking, provider: readonly ProviderAppointment[]): ProviderAppointment | undefined {
  return provider.find((a) => (b.appointmentId !== undefined && a.id === b.appointmentId) || a.requestId === b.requestId);
}

function contradictions(app: AppSnapshot, provider: readonly ProviderAppointment[]): Finding[] {
  const findings: Finding[] = [];
  for (const b of app.bookings) {
    const row = providerRowFor(b, provider);
    const at = row === undefined ? 'has no such appointment' : `says ${row.status}`;
    const says = (shown: string): Finding => ({
      kind: 'contradiction',
      key: `contradiction:${b.id}`,
      detail: `case ${b.caseId}: the app shows booking ${b.id} ${shown}, the Provider ${at}${row === undefined ? '' : ` (appointment ${row.id})`}`,
    });
    if (b.status === 'booked' && row?.status !== 'booked') findings.push(says('booked'));
    if (b.status === 'cancelled' && row?.status !== 'cancelled') findings.push(says('cancelled'));
    // "Not booked" is as much a claim as "booked": the clinician may book elsewhere on the strength of it.
    if (b.status === 'failed' && row?.status === 'booked') findings.push(says('not booked (failed)'));
  }
  return findings;
}

/** Two live appointments for one case at the Provider, beyond those the clinician deliberately added with a reason. */
function doubleBookings(app: AppSnapshot, provider: readonly ProviderAppointment[]): Finding[] {
  const findings: Finding[] = [];
  const cases = new Set(app.bookings.map((b) => b.caseId));
  for (const caseId of cases) {
    const live = app.bookings.filter((b) => b.caseId === caseId && providerRowFor(b, provider)?.status === 'booked');
    const allowed = 1 + live.filter((b) => b.additionalReason !== undefined).length;
    if (live.length <= allowed) continue;
    const flagged = app.rebooks.some((r) => r.caseId === caseId && r.state === 'old-not-cancelled');
    findings.push({
      kind: 'double-booking',
      key: `double-booking:${caseId}`,
      detail: `case ${caseId}: the Provider holds ${live.length} live appointments (${live.map((b) => `${b.id} app:${b.status}`).join(', ')}), only ${allowed} deliberate${flagged ? '; the app says a rebook left the old one booked' : ''}`,
    });
  }
  return findings;
}

/** An answer still outstanding after the settle period, with the Provider answering again. */
function stuck(app: AppSnapshot): Finding[] {
  const findings: Finding[] = app.bookings
    // Handed to a phone call (the app says so, with the number) is an honest end, not stuck.
    .filter((b) => UNSETTLED.has(b.status) && b.phoneCheck !== true)
    .map((b) => ({ kind: 'stuck', key: `stuck:${b.id}`, detail: `case ${b.caseId}: booking ${b.id} is still ${b.status} after the settle period` }));
  // A rebook half done whose legs are both settled: nothing in the app will ever move it on.
  for (const r of app.rebooks) {
    if (REBOOK_FINAL.has(r.state)) continue;
    const legs = app.bookings.filter((b) => b.id === r.newBookingId || b.id === r.oldBookingId);
    if (legs.some((b) => UNSETTLED.has(b.status))) continue;
    findings.push({ kind: 'stuck', key: `stuck:rebook:${r.id}`, detail: `case ${r.caseId}: rebook ${r.id} stopped at "${r.state}" with legs ${legs.map((b) => b.status).join('/')}` });
  }
  return findings;
}

export interface Tally {
  doubleBookings: number;
  stuck: number;
  lostRows: number;
  contradictions: number;
}

export function tally(findings: Iterable<Finding>): Tally {
  const t: Tally = { doubleBookings: 0, stuck: 0, lostRows: 0, contradictions: 0 };
  for (const f of findings) {
    if (f.kind === 'double-booking') t.doubleBookings++;
    else if (f.kind === 'stuck') t.stuck++;
    else if (f.kind === 'lost-row') t.lostRows++;
    else t.contradictions++;
  }
  return t;
}

/** The one summary line the runner ends with. */
export function summaryLine(sequences: number, kills: number, t: Tally): string {
  return `${sequences} sequences, ${kills} kills, ${t.doubleBookings} double bookings, ${t.stuck} stuck, ${t.lostRows} lost rows, ${t.contradictions} contradictions`;
}

export function anyFailure(t: Tally): boolean {
  return t.doubleBookings + t.stuck + t.lostRows + t.contradictions > 0;
}
