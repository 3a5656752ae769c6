import { AUDIT_EVENTS, AuditStore } from '../../main/audit';
import type { AuditEventInput } from '../../main/audit';
import { openDatabase } from '../../main/db/database';
import { UsersSeen, type SeenUser } from '../../main/identity/users-seen';
import { ReportService } from '../../main/reports';
import type { ReportId, ReportQuery, ReportTable } from '../../preload/contract';

/**
 * A hand-built audit history: each helper appends the events the workflow writes for one
 * step (main/audit/event-types.ts), at a clock the test moves.
 */
export function history(startAt = '2026-06-10T09:00:00.000Z') {
  const db = openDatabase(':memory:');
  let now = new Date(startAt);
  // Read by the store at each append: `signedIn` changes who the later events are by, as a sign-in does.
  const identity = { userId: 'tester', workstation: 'ws-test' };
  const audit = new AuditStore(db, identity, () => now);
  const reports = new ReportService(db);
  const users = new UsersSeen(db);
  const add = (e: AuditEventInput) => audit.append(e);
  const h = {
    db,
    audit,
    reports,
    /** A user signs in as their CIS2 session names them (the app notes them in users_seen); every later event is theirs. */
    signedIn(user: SeenUser) {
      users.note(user, now);
      identity.userId = user.userId;
      return h;
    },
    /** Moves the clock; every later event is written at this instant. */
    at(iso: string) {
      now = new Date(iso);
      return h;
    },
    openCase(caseId: string, practiceOds: string | null = 'A81001') {
      add({ type: AUDIT_EVENTS.caseOpened, caseId, outcome: 'ok', detail: { dispositionCode: 'Dx05', practiceOds } });
      return h;
    },
    /** The directory's list for the case: reports take each service's name from it. */
    offer(caseId: string, services: { serviceId: string; name: string }[]) {
      add({ type: AUDIT_EVENTS.servicesOffered, caseId, outcome: 'ok', detail: { services: services.map((s, i) => ({ ...s, rank: i + 1, bookable: true, bookingOnly: false })) } });
      return h;
    },
    choose(caseId: string, serviceId: string, opts: { bookable?: boolean; top?: string | null; rank?: number } = {}) {
      add({
        type: AUDIT_EVENTS.serviceChosen,
        caseId,
        dosServiceId: serviceId,
        outcome: 'ok',
        detail: { rank: opts.rank ?? 1, bookable: opts.bookable ?? true, bookingOnly: false, topBookableServiceId: opts.top === undefined ? serviceId : opts.top, topBookableRank: 1 },
      });
      return h;
    },
    search(caseId: string, serviceId: string, outcome: 'ok' | 'no-slots' | 'error', inside = 0, outside = 0) {
      add({ type: AUDIT_EVENTS.slotSearchAttempt, caseId, dosServiceId: serviceId, outcome: 'pending', detail: {} });
      add({
        type: AUDIT_EVENTS.slotSearchOutcome,
        caseId,
        dosServiceId: serviceId,
        outcome,
        detail: outcome === 'error' ? { errorCode: 'provider-unavailable' } : { slotsReturned: inside + outside, insideTimeframe: inside, outsideTimeframe: outside },
      });
      return h;
    },
    book(caseId: string, serviceId: string, bookingId: string, opts: { outcome?: 'booked' | 'slot-taken' | 'error' | 'unknown'; outside?: boolean; message?: string; errorCode?: string } = {}) {
      const outcome = opts.outcome ?? 'booked';
      add({ type: AUDIT_EVENTS.bookingAttempt, caseId, dosServiceId: serviceId, outcome: 'pending', detail: { bookingId, outsideTimeframe: opts.outside ?? false } });
      if (opts.outside === true && outcome === 'booked') {
        add({ type: AUDIT_EVENTS.outOfTimeframeApproved, caseId, dosServiceId: serviceId, outcome: 'approved', detail: { bookingId } });
      }
      add({
        type: AUDIT_EVENTS.bookingOutcome,
        caseId,
        dosServiceId: serviceId,
        outcome,
        detail: {
          bookingId,
          outsideTimeframe: opts.outside ?? false,
          ...(outcome === 'booked' ? { appointmentId: `appt-${bookingId}` } : { errorCode: opts.errorCode ?? 'provider-unavailable', message: opts.message ?? 'The service could not be reached.' }),
        },
      });
      return h;
    },
    refer(caseId: string, serviceId: string, outcome: 'sent' | 'failed' = 'sent', booked = false) {
      add({ type: AUDIT_EVENTS.referralOutcome, caseId, dosServiceId: serviceId, outcome, detail: { referralId: `r-${caseId}`, documentId: 'd', booked } });
      return h;
    },
    cancel(caseId: string, serviceId: string, bookingId: string, sameEncounter: boolean, outcome: 'cancelled' | 'error' = 'cancelled') {
      add({ type: AUDIT_EVENTS.cancelAttempt, caseId, dosServiceId: serviceId, outcome: 'pending', detail: { bookingId, sameEncounter } });
      add({ type: AUDIT_EVENTS.cancelOutcome, caseId, dosServiceId: serviceId, outcome, detail: { bookingId, sameEncounter } });
      return h;
    },
    /** The steps the workflow audits for one rebook (main/workflow/booking-service.ts), ending settled as `outcome`. */
    rebook(caseId: string, serviceId: string, fromBookingId: string, toBookingId: string, outcome: 'done' | 'old-not-cancelled' | 'not-booked') {
      const step = (name: string) =>
        add({ type: AUDIT_EVENTS.rebookOutcome, caseId, dosServiceId: serviceId, outcome: name, detail: { rebookId: `rebook-${toBookingId}`, fromBookingId, toBookingId } });
      step('started');
      if (outcome !== 'not-booked') {
        h.book(caseId, serviceId, toBookingId);
        step('cancelling-old');
        h.cancel(caseId, serviceId, fromBookingId, true, outcome === 'done' ? 'cancelled' : 'error');
      }
      step(outcome);
      return h;
    },
    run(report: ReportId, from = '2026-06-01', to = '2026-06-30', groupBy: ReportQuery['groupBy'] = 'service'): ReportTable {
      return reports.run({ report, from, to, groupBy });
    },
  };
  return h;
}

/** The rows as { group: { metric: n } } for compact expectations. */
export function byGroup(table: ReportTable): Record<string, Record<string, unknown>> {
  // The service's name is checked on its own (service-names.test.ts); the counts are what these compare.
  return Object.fromEntries(table.rows.map(({ group, serviceName: _name, ...rest }) => [String(group), rest]));
}
