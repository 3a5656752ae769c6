import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Case, Patient, StartCase } from '../../preload/contract';
import type { Settings } from '../config';
import type { AuditSink } from '../audit';
import { AppError, notFound } from '../api/app-error';
import type { CaseStore, StoredCase } from '../cases';
import type { Clock } from './clock';
import { referralBlockedReason } from './referral-gate';

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
    const startedAt = request.startedAt === undefined ? this.clock() : new Date(request.startedAt);
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
      },
      ...(request.registeredPractice !== undefined ? { registeredPractice: request.registeredPractice } : {}),
      referrals: [],
    };
    this.audit.append({
      type: 'case.opened',
      caseId: doc.id,
      outcome: 'ok',
      detail: {
        dispositionCode: disposition.code,
        deadline: doc.outcome.deadline,
        deadlineSetByHand: doc.outcome.deadlineSetByHand,
        // Who moved the clock and why: the deadline decides which appointments need clinical approval.
        ...(doc.outcome.deadlineSetByHand ? { deadlineReason: doc.outcome.deadlineReason ?? null, deadlineDecidedBy: doc.outcome.deadlineDecidedBy ?? null, timeframeDeadline: timeframeDeadline.toISOString() } : {}),
        practiceOds: doc.registeredPractice?.odsCode ?? null,
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

  save(doc: StoredCase): void {
    this.store.saveCase(doc, this.clock());
  }

  close(caseId: string): Case {
    const doc = { ...this.load(caseId), status: 'closed' as const };
    this.audit.append({ type: 'case.closed', caseId, outcome: 'ok' });
    this.store.saveCase(doc, this.clock());
    return this.view(doc);
  }

  list(): { cases: { id: string; startedAt: string; status: 'open' | 'closed'; patientName: string; birthDate: string; dispositionCode: string; serviceName?: string }[] } {
    return {
      cases: this.store.listCases().map(({ doc }) => ({
        id: doc.id,
        startedAt: doc.startedAt,
        status: doc.status,
        patientName: patientName(doc.patient),
        birthDate: doc.patient.birthDate,
        dispositionCode: doc.outcome.dispositionCode,
        ...(doc.service !== undefined ? { serviceName: doc.service.name } : {}),
      })),
    };
  }

  /** The case as the renderer sees it: with its bookings and the referral gate decided here, not in the UI. */
  view(doc: StoredCase): Case {
    const bookings = this.store.bookingsForCase(doc.id);
    const blocked = referralBlockedReason(doc, bookings);
    return {
      ...doc,
      bookings,
      referralAllowed: blocked === undefined,
      ...(blocked !== undefined ? { referralBlockedReason: blocked } : {}),
    };
  }
}

export function patientName(p: Patient): string {
  return [p.title, p.given, p.family.toUpperCase()].filter((s) => s !== undefined && s !== '').join(' ');
}

/** Patient identifiers for the audit store (and only there): reports group by them. */
export function patientIdentity(p: Patient): Record<string, string | null> {
  return { nhsNumber: p.nhsNumber ?? null, family: p.family, given: p.given, birthDate: p.birthDate, postcode: p.address.postcode };
}
