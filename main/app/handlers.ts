import type { Logger } from 'pino';
import type { SessionInfo } from '../../preload/contract';
import type { Handlers } from '../api/handlers';
import { AUDIT_EVENTS, verifyAuditChain, type AuditStore, type VerifyResult } from '../audit';
import type { CaseStore } from '../cases';
import type { SafeSecretReader, Settings, UserProfile } from '../config';
import type { Db } from '../db/database';
import { BookingService } from '../workflow/booking-service';
import { CareConnectProtocol } from '../protocols/care-connect';
import { Reconciler, RECONCILER_DEFAULTS, type ReconcilerOptions } from '../workflow/reconciler';
import { CaseService } from '../workflow/case-service';
import { DraftStore } from '../workflow/draft-store';
import { CompareService } from '../workflow/compare-service';
import { DirectoryService } from '../workflow/directory-service';
import { SlotService } from '../workflow/slot-service';
import { bookingTargetOf } from '../workflow/provider-targets';
import type { BookingTarget } from '../workflow/booking-protocol';
import { ReferralWithdrawal } from '../workflow/referral-withdraw';
import { itkClientForSettings, ReferralService, ReferralStore } from '../referral';
import { reportSources } from '../reports';
import type { Clock } from '../workflow/clock';
import { saveProfile } from './profile-handler';
import { resolveApproval } from './approvals';
import { signInHandlers } from './sign-in-handlers';
import type { IdentityService } from '../identity/identity-service';
import { AppError } from '../api/app-error';
import type { Approval } from '../../preload/contract';
import type { SpineConnection } from './spine-connection';
import { bookingProtocols } from './booking-protocols';
import type { OrgRecord } from '../org/record';
import { organisationFind } from '../org/find';
import { LocalFinder } from '../cases/find-local';
import { FindService } from '../workflow/find-service';
import { PatientTraceService } from '../workflow/patient-trace';
import type { PatientTracer } from '../workflow/patient-trace-port';
import { ExistingCasesService } from '../workflow/existing-cases';
import { localSamePerson } from '../cases/same-person';
import { organisationSamePerson } from '../org/same-person';

export interface AppServices {
  settings: Settings;
  profile: UserProfile;
  session: SessionInfo;
  db: Db;
  audit: AuditStore;
  /** The full check with the key and every anchor; without it, the chain alone. */
  auditVerify?: () => Promise<VerifyResult>;
  cases: CaseStore;
  spine: SpineConnection;
  logger: Logger;
  clock: Clock;
  /** The user's data folder: first run writes their profile.json here. */
  dataDir: string;
  /** Test and demo control of the background reconciler (its defaults otherwise). */
  reconciler?: Partial<ReconcilerOptions>;
  /** For secrets sealed with the OS key store (the BaRS API key and key passphrase may be). */
  safeSecrets?: SafeSecretReader;
  /** The organisation record, when one is configured. */
  org?: OrgRecord | undefined;
  /** The PDS trace; absent when none is set up (a trace then says so and the case goes on untraced). */
  pds?: PatientTracer | undefined;
  /** CIS2 sign-in; absent only for sandbox harnesses that use the typed profile. */
  identity?: IdentityService | undefined;
  /** Electron: opens the CIS2 page in the system browser. */
  openExternal?: (url: string) => Promise<void>;
}

/** The one handler table; Electron IPC and the HTTP bridge both serve it. */
export function buildHandlers(s: AppServices, hooks?: { reconciler?: Reconciler }): Handlers {
  const cases = new CaseService(s.cases, s.audit, s.settings, s.clock);
  // One protocol for the workflow: each call goes to the adapter of the standard the service speaks.
  const protocol = bookingProtocols(
    { settings: s.settings, profile: s.profile, spine: s.spine, db: s.db, cases, logger: s.logger, clock: s.clock, ...(s.safeSecrets === undefined ? {} : { safeSecrets: s.safeSecrets }) },
    new CareConnectProtocol(s.spine.provider, s.settings.interactions),
  );
  const directory = new DirectoryService(cases, s.spine.directory, s.spine.endpoints, s.settings.interactions, s.audit, s.logger, s.clock, protocol.routes);
  const slots = new SlotService(cases, directory, protocol, s.audit, s.logger, s.clock, s.settings.slotSearchWindowHours, s.settings.actionDeadlines.slotSearchMs);
  const compare = new CompareService(cases, directory, slots, s.logger, s.clock, s.settings.caseScreen.compareServices, s.settings.caseScreen.inPersonLeadMinutes);
  const bookings = new BookingService(cases, s.cases, directory, slots, protocol, s.audit, s.logger, s.clock, {
    writeMs: s.settings.actionDeadlines.writeMs,
    readMs: s.settings.timeouts.readMs,
  }, s.session.user);
  const reconciler = new Reconciler(s.cases, bookings, s.clock, s.logger, { ...RECONCILER_DEFAULTS, ...s.reconciler });
  bookings.useScheduler(reconciler);
  if (hooks !== undefined) hooks.reconciler = reconciler;
  const referralTargetFor = async (caseId: string, serviceId: string): Promise<BookingTarget | undefined> => {
    const resolved = await directory.resolvedFor(caseId, serviceId);
    return resolved.refersThroughProtocol === true && resolved.target !== undefined ? bookingTargetOf(resolved.target, caseId) : undefined;
  };
  // Sandbox mode: the sandbox directory lists `${baseUrl}/itk/<serviceId>` as each service's ITK endpoint.
  const referrals = new ReferralService({
    cases,
    referrals: new ReferralStore(s.db),
    directory: s.spine.directory,
    itk: itkClientForSettings(s.settings),
    audit: s.audit,
    logger: s.logger,
    clock: s.clock,
    sender: {
      organisation: s.session.organisation,
      user: s.session.user,
      itkFromAddress: s.settings.itk.fromAddress,
      ...(s.settings.itk.endpointOverride !== undefined ? { endpointOverride: s.settings.itk.endpointOverride } : {}),
    },
    protocol: { port: protocol, targetFor: referralTargetFor },
  });
  const withdrawals = new ReferralWithdrawal({ cases, referrals: new ReferralStore(s.db), port: protocol, targetFor: referralTargetFor, audit: s.audit, logger: s.logger, clock: s.clock });
  const finder = new FindService({
    local: new LocalFinder(s.db),
    store: s.cases,
    cases,
    referrals: new ReferralStore(s.db),
    audit: s.audit,
    logger: s.logger,
    // Read at each call: the signed-in user changes during the shift.
    desk: {
      workstation: s.session.workstation,
      get userId() {
        return s.session.user.localUserId;
      },
    },
    organisation: s.org === undefined ? undefined : organisationFind(s.org, s.settings.timeouts.readMs),
    clock: s.clock,
  });
  const reports = reportSources({ db: s.db, logger: s.logger, org: s.org, workstation: s.session.workstation, site: s.settings.org?.site });
  const traces = new PatientTraceService(s.pds, s.audit, s.logger, s.clock, s.settings.mode === 'sandbox');
  const existing = new ExistingCasesService({
    store: s.cases,
    local: (q) => localSamePerson(s.db, q),
    organisation: s.org === undefined ? undefined : organisationSamePerson(s.org, s.settings.timeouts.readMs),
    audit: s.audit,
    confirmedFor: (caseId) =>
      s.audit
        .eventsForCase(caseId)
        .filter((e) => e.type === AUDIT_EVENTS.secondBookingConfirmed)
        .flatMap((e) => (e.detail as { existingCaseIds?: string[] } | undefined)?.existingCaseIds ?? []),
    logger: s.logger,
    now: () => s.clock().getTime(),
  });
  const drafts = new DraftStore(s.clock);
  // Drafts are per user: read at each call, so a different user after the lock never gets the previous user's form.
  const me = (): string => s.session.user.localUserId;
  const identity = s.identity;
  const approval = (req: { approval?: unknown }, caseId?: string): Approval | undefined =>
    identity === undefined ? (req.approval as Approval | undefined) : resolveApproval(req.approval as Parameters<typeof resolveApproval>[0], identity, s.audit, caseId);
  return {
    session:
      identity === undefined
        ? {
            get: () => Promise.resolve(s.session),
            saveProfile: (req) => Promise.resolve(saveProfile(s.dataDir, s.profile, s.session, req, s.audit)),
            beginSignIn: () => Promise.reject(new AppError('conflict', 'This desk uses its typed profile, not NHS CIS2 sign-in.')),
            completeSignIn: () => Promise.reject(new AppError('conflict', 'This desk uses its typed profile, not NHS CIS2 sign-in.')),
            lock: () => Promise.resolve(s.session),
            signOut: () => Promise.resolve(s.session),
          }
        : {
            ...signInHandlers({ identity, session: s.session, audit: s.audit, logger: s.logger, ...(s.openExternal === undefined ? {} : { openExternal: s.openExternal }) }),
            saveProfile: () => Promise.reject(new AppError('not-permitted', 'Your name and role come from your NHS CIS2 sign-in.')),
          },
    case: {
      start: async (req) => {
        // The patient as traced (or "not traced"); a second booking needs a reason, checked here whatever the screen did, and audited with the new case.
        const patient = traces.apply(req.patient, req.pdsTraceId);
        await existing.requireReasonToStart(patient, req.secondBooking);
        const started = cases.start({ ...req, patient });
        if (req.secondBooking !== undefined) existing.confirm(started.id, 'start', req.secondBooking);
        return started;
      },
      get: (req) => (req.fromOrganisation === true && s.org !== undefined ? finder.refresh(req.caseId) : Promise.resolve(cases.get(req.caseId))),
      updatePatient: (req) => Promise.resolve(cases.updatePatient(req.caseId, traces.keep(cases.get(req.caseId).patient, req.patient))),
      updateNotes: (req) => Promise.resolve(cases.updateNotes(req.caseId, req.notes)),
      updateSafeguarding: (req) => Promise.resolve(cases.updateSafeguarding(req.caseId, req.safeguarding)),
      list: () => Promise.resolve(cases.list()),
      chooseService: (req) => directory.choose(req.caseId, req.serviceId),
      close: (req) => {
        const closed = cases.close(req.caseId, req.reasonNoReferral);
        // A closed case's offered slots and service list are not kept in memory for the rest of the shift.
        slots.release(req.caseId);
        directory.release(req.caseId);
        return Promise.resolve(closed);
      },
      saveDraft: (req) => Promise.resolve(drafts.save(me(), req.form, req.caseId)),
      loadDraft: (req) => Promise.resolve(drafts.load(me(), req.caseId)),
      discardDraft: (req) => Promise.resolve(drafts.discard(me(), req.caseId)),
    },
    patient: {
      search: (req) => traces.search(req),
      retrieve: (req) => traces.retrieve(req.nhsNumber),
      existing: (req) => existing.find(req),
      confirmSecondBooking: (req) => {
        const doc = cases.get(req.caseId);
        existing.confirm(req.caseId, 'service', req, doc.service?.serviceId);
        return Promise.resolve({});
      },
    },
    directory: { services: (req) => directory.services(req.caseId) },
    slots: {
      search: (req) => slots.search(req.caseId),
      compare: (req) => compare.compare(req.caseId, req.all === true),
      useCompared: (req) => Promise.resolve(slots.useCompared(req.caseId, req.serviceId)),
    },
    booking: {
      book: async (req) => {
        await existing.requireConfirmedToBook(req.caseId);
        return bookings.book(req.caseId, req.slotId, approval(req, req.caseId), req.additional);
      },
      resolve: (req) => bookings.resolve(req.bookingId),
      recordServiceAnswer: (req) => bookings.recordServiceAnswer(req.bookingId, req),
      cancel: (req) => bookings.cancel(req.bookingId, req.reason),
      rebook: async (req) => bookings.rebook(req.bookingId, req.slotId, approval(req), req.reason),
      find: (req) => finder.find(req),
      openFound: (req) => finder.open(req.caseId),
    },
    referral: {
      send: (req) => referrals.send(req.caseId),
      document: (req) => Promise.resolve(referrals.document(req.referralId)),
      withdraw: (req) => withdrawals.withdraw(req.referralId, req.reason),
    },
    reports: {
      run: (req) => reports.run(req),
      csv: (req) => reports.csv(req),
      sources: () => reports.sources(),
    },
    org: {
      status: () => Promise.resolve(s.org?.status() ?? { state: 'off', waiting: 0 }),
    },
    audit: {
      verify: () => s.auditVerify?.() ?? Promise.resolve(verifyAuditChain(s.db)),
      caseEvents: (req) =>
        Promise.resolve({
          events: s.audit.eventsForCase(req.caseId).map((e) => ({
            id: e.id,
            seq: e.seq,
            at: e.at,
            type: e.type,
            ...(e.outcome !== undefined ? { outcome: e.outcome } : {}),
            ...(e.httpStatus !== undefined ? { httpStatus: e.httpStatus } : {}),
            ...(e.requestId !== undefined ? { requestId: e.requestId } : {}),
            ...(e.dosServiceId !== undefined ? { dosServiceId: e.dosServiceId } : {}),
          })),
        }),
    },
  };
}
