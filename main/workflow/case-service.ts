import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Booking, Case, CaseSummary, Patient, SafeguardingConcern, StartCase } from '../../preload/contract';
import type { Settings } from '../config';
import { AUDIT_EVENTS, type AuditSink } from '../audit';
import { AppError, notFound } from '../api/app-error';
import { StoredCase, type CaseStore } from '../cases';
import type { Clock } from './clock';
import { bookingFor, caseBookingView } from './booking-view';
import { caseReference } from './references';

/** A workstation's clock may run a little behind the one that stamped the call's start. */
const START_CLOCK_SKEW_MS = 5 * 60_000;

/** Opening, reading and updating a case: the encounter with its patient, assessment outcome and deadline. */
export class CaseService {
  constructor(
    private readonly store: CaseStore,
    private readonly audit: AuditSink,
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {}

  /** Starts the clock for the assessment timeframe: deadline = start + the disposition's timeframe, unless a clinician set it. */
  start(request: z.output<typeof StartCase>): Case {
    const disposition = this.settings.dispositions.find((d) => d.code === request.dispositionCode);
    if (disposition === undefined) {
      throw new AppError('invalid-request', `The assessment outcome ${request.dispositionCode} does not support booking here.`, {
        action: 'Choose an outcome from the list.',
      });
    }
    const now = this.clock();
    const startedAt = request.startedAt === undefined ? now : new Date(request.startedAt);
    if (startedAt.getTime() > now.getTime() + START_CLOCK_SKEW_MS) {
      throw new AppError('invalid-request', 'The case cannot start in the future.', { action: 'Check the start time of the call.' });
    }
    const timeframeDeadline = new Date(startedAt.getTime() + disposition.timeframeMinutes * 60_000);
    const deadline = request.deadline ?? timeframeDeadline.toISOString();
    if (new Date(deadline).getTime() <= startedAt.getTime()) {
      throw new AppError('invalid-request', 'The deadline must be after the start of the case.', { action: 'Check the deadline.' });
    }
    const doc: StoredCase = {
      id: randomUUID(),
      startedAt: startedAt.toISOString(),
      status: 'open',
      patient: request.patient,
      outcome: {
        dispositionCode: disposition.code,
        dispositionText: disposition.text,
        timeframeMinutes: disposition.timeframeMinutes,
        deadline: new Date(deadline).toISOString(),
        deadlineSetByHand: request.deadline !== undefined,
        ...(request.deadline !== undefined ? { deadlineReason: request.deadlineReason ?? '', deadlineDecidedBy: request.deadlineDecidedBy ?? '' } : {}),
        ...(request.symptomGroup !== undefined ? { symptomGroup: request.symptomGroup } : {}),
        ...(request.symptomDiscriminator !== undefined ? { symptomDiscriminator: request.symptomDiscriminator } : {}),
        // Recorded as the case opens: the referral's safeguarding Flag starts then.
        ...(request.safeguarding !== undefined ? { safeguarding: { ...request.safeguarding, recordedAt: now.toISOString() } } : {}),
      },
      ...(request.registeredPractice !== undefined ? { registeredPractice: request.registeredPractice } : {}),
      ...(request.notes !== undefined && request.notes !== '' ? { notes: request.notes } : {}),
      referrals: [],
    };
    // Nothing is recorded for a case that could not then be saved.
    const checked = StoredCase.safeParse(doc);
    if (!checked.success) {
      throw new AppError('invalid-request', 'The case details are not valid.', {
        action: 'Check the start time and the deadline.',
        detail: checked.error.issues.map((i) => i.path.join('.')).join(', '),
      });
    }
    this.audit.append({
      type: 'case.opened',
      caseId: doc.id,
      outcome: 'ok',
      detail: {
        dispositionCode: disposition.code,
        // The codes only, and only when known: which search and referral the case made is traceable from the audit.
        ...(doc.outcome.symptomGroup !== undefined ? { symptomGroup: doc.outcome.symptomGroup.code } : {}),
        ...(doc.outcome.symptomDiscriminator !== undefined ? { symptomDiscriminator: doc.outcome.symptomDiscriminator.code } : {}),
        // Whom the concern is about and how long its words are; the words stay in the case row, like the notes.
        ...(doc.outcome.safeguarding !== undefined ? { safeguarding: { about: doc.outcome.safeguarding.about, detailLength: doc.outcome.safeguarding.detail.length } } : {}),
        deadline: doc.outcome.deadline,
        deadlineSetByHand: doc.outcome.deadlineSetByHand,
        // Who moved the clock and why: the deadline decides which appointments need clinical approval.
        ...(doc.outcome.deadlineSetByHand ? { deadlineReason: doc.outcome.deadlineReason ?? null, deadlineDecidedBy: doc.outcome.deadlineDecidedBy ?? null, timeframeDeadline: timeframeDeadline.toISOString() } : {}),
        practiceOds: doc.registeredPractice?.odsCode ?? null,
        // The length only: the text itself is in the case row's audit image, never in an event's detail or a log.
        notesLength: doc.notes?.length ?? 0,
        patient: patientIdentity(doc.patient),
      },
    });
    this.store.saveCase(doc, this.clock());
    return this.view(doc);
  }

  get(caseId: string): Case {
    return this.view(this.load(caseId));
  }

  load(caseId: string): StoredCase {
    const doc = this.store.getCase(caseId);
    if (doc === undefined) throw notFound('The case');
    return doc;
  }

  updatePatient(caseId: string, patient: Patient): Case {
    const doc = this.load(caseId);
    const updated = { ...doc, patient };
    this.audit.append({ type: 'case.patient-updated', caseId, outcome: 'ok', detail: { patient: patientIdentity(patient) } });
    this.store.saveCase(updated, this.clock());
    return this.view(updated);
  }

  /** The call's clinical notes as now written (empty clears them); a change is audited before it is saved or shown. */
  updateNotes(caseId: string, notes: string): Case {
    const doc = this.load(caseId);
    const previous = doc.notes ?? '';
    if (notes === previous) return this.view(doc);
    const { notes: _dropped, ...rest } = doc;
    const updated: StoredCase = notes === '' ? rest : { ...rest, notes };
    this.audit.append({ type: AUDIT_EVENTS.caseNotesUpdated, caseId, outcome: 'ok', detail: { notesLength: notes.length, previousLength: previous.length } });
    this.store.saveCase(updated, this.clock());
    return this.view(updated);
  }

  /**
   * The assessment's safeguarding concern as now recorded (undefined clears it). A change is
   * audited and dated afresh: the referral's Flag starts when the concern was last recorded.
   */
  updateSafeguarding(caseId: string, concern: SafeguardingConcern | undefined): Case {
    const doc = this.load(caseId);
    const previous = doc.outcome.safeguarding;
    if (previous?.about === concern?.about && previous?.detail === concern?.detail) return this.view(doc);
    const { safeguarding: _dropped, ...outcome } = doc.outcome;
    const now = this.clock();
    const updated: StoredCase = { ...doc, outcome: concern === undefined ? outcome : { ...outcome, safeguarding: { ...concern, recordedAt: now.toISOString() } } };
    this.audit.append({ type: AUDIT_EVENTS.caseSafeguardingUpdated, caseId, outcome: 'ok', detail: concern === undefined ? { cleared: true } : { about: concern.about, detailLength: concern.detail.length } });
    this.store.saveCase(updated, now);
    return this.view(updated);
  }

  save(doc: StoredCase): void {
    this.store.saveCase(doc, this.clock());
  }

  /**
   * Closes the case. Booked with a service that takes a referral and the referral not sent, it
   * closes only with the clinician's reason, audited: a forgotten referral is not a silent one.
   */
  close(caseId: string, reasonNoReferral?: string): Case {
    const open = this.load(caseId);
    const due = referralDue(this.view(open));
    const reason = reasonNoReferral?.trim() ?? '';
    if (due && reason === '') {
      throw new AppError('conflict', `The referral to ${open.service?.name ?? 'the service'} has not been sent.`, { action: 'Send the referral, or give the reason the case is closed without it.' });
    }
    const now = this.clock();
    const doc: StoredCase = { ...open, status: 'closed', ...(due ? { closedWithoutReferral: { reason, at: now.toISOString() } } : {}) };
    this.audit.append({ type: AUDIT_EVENTS.caseClosed, caseId, outcome: 'ok', ...(due ? { detail: { withoutReferral: true, reason, dosServiceId: open.service?.serviceId ?? null } } : {}) });
    this.store.saveCase(doc, now);
    return this.view(doc);
  }

  list(): {
    cases: CaseSummary[];
    unreadable?: number;
  } {
    const { rows, unreadable } = this.store.listCases();
    return {
      ...(unreadable > 0 ? { unreadable } : {}),
      cases: rows.map(({ doc }) => ({
        id: doc.id,
        startedAt: doc.startedAt,
        status: doc.status,
        patientName: patientName(doc.patient),
        birthDate: doc.patient.birthDate,
        ...(doc.patient.nhsNumber !== undefined ? { nhsNumber: doc.patient.nhsNumber } : {}),
        dispositionCode: doc.outcome.dispositionCode,
        reference: caseReference(doc.id),
        ...(doc.service !== undefined ? { serviceName: doc.service.name } : {}),
        ...listState(doc, this.store.bookingsForCase(doc.id).map((b) => bookingFor(b, doc))),
      })),
    };
  }

  /** The case as the renderer sees it: its appointments, headline, actions and referral state decided here, not in the UI. */
  view(doc: StoredCase): Case {
    const bookings = this.store.bookingsForCase(doc.id).map((b) => bookingFor(b, doc));
    const bookingView = caseBookingView({ doc, bookings, rebooks: this.store.rebooksForCase(doc.id), referrals: doc.referrals });
    const send = bookingView.actions.find((a) => a.action === 'send-referral' || a.action === 'send-referral-update');
    const blocked = send?.enabled === true ? undefined : (send?.disabledReason ?? bookingView.referral.message);
    return {
      ...doc,
      reference: caseReference(doc.id),
      bookings,
      bookingView,
      referralAllowed: blocked === undefined,
      ...(blocked !== undefined ? { referralBlockedReason: blocked } : {}),
    };
  }
}

/** Booked, and the referral that service takes still unsent (or unsent since the appointment changed). */
function referralDue(c: Pick<Case, 'bookingView'>): boolean {
  const { headline, referral } = c.bookingView;
  return headline.tone === 'booked' && (referral.status === 'ready' || referral.status === 'failed' || referral.status === 'update-offered');
}

/** The case list's state: the booking in the headline's words, and a referral still due as a state of its own. */
function listState(doc: StoredCase, bookings: Booking[]): Pick<CaseSummary, 'booking' | 'referralNotSent' | 'closedWithoutReferral'> {
  const due = doc.closedWithoutReferral === undefined && referralDue({ bookingView: caseBookingView({ doc, bookings, rebooks: [], referrals: doc.referrals }) });
  return {
    booking: bookingSummary(doc, bookings),
    ...(due ? { referralNotSent: true } : {}),
    ...(doc.closedWithoutReferral !== undefined ? { closedWithoutReferral: doc.closedWithoutReferral.reason } : {}),
  };
}

/** The case list's booking column: the same words as the case's headline, never a guess. */
function bookingSummary(doc: StoredCase, bookings: Booking[]): CaseSummary['booking'] {
  const tone = caseBookingView({ doc, bookings, rebooks: [], referrals: [] }).headline.tone;
  const TEXT: Record<typeof tone, string> = {
    none: 'No appointment',
    booked: 'Booked',
    checking: bookings.some((b) => b.phoneCheck !== undefined && b.live && b.status !== 'booked') ? 'Not known: phone the service' : 'Checking — do not book again',
    attention: 'Not known: phone the service',
    failed: 'Not booked',
    cancelled: 'Cancelled',
  };
  return { tone, text: TEXT[tone] };
}

export function patientName(p: Patient): string {
  return [p.title, p.given, p.family.toUpperCase()].filter((s) => s !== undefined && s !== '').join(' ');
}

/** Patient identifiers for the audit store (and only there): reports group by them. */
export function patientIdentity(p: Patient): Record<string, string | null> {
  return { nhsNumber: p.nhsNumber ?? null, family: p.family, given: p.given, birthDate: p.birthDate, postcode: p.address.postcode };
}
