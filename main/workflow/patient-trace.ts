/**
 * Tracing the patient on PDS, and using the trace the clinician confirmed. Main keeps each answer
 * under a trace id for a while, so a case started "with this trace" takes the NHS number, its
 * verification status and the restrictions from what PDS said, never from what the screen sends.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Patient, PdsSearch, TraceAnswer, TracedPatient } from '../../preload/contract';
import { formatNhsNumber } from '../../preload/contract';
import { AppError } from '../api/app-error';
import { AUDIT_EVENTS, type AuditSink } from '../audit';
import type { Clock } from './clock';
import type { PatientTracer, TraceFailureReason, TraceLookup } from './patient-trace-port';

/** A confirmed trace must be used within this long; after it, trace again (PDS may have changed). */
const TRACE_KEPT_MS = 60 * 60_000;
const TRACES_KEPT = 200;

const UNAVAILABLE: Readonly<Record<TraceFailureReason, string>> = {
  'not-configured': 'PDS tracing is not set up on this desk. Continue without tracing: the case will say “not traced”.',
  'no-token': 'PDS needs you to be signed in with your smartcard. Continue without tracing (the case will say “not traced”), or sign in again and retry.',
  unauthorised: 'Your sign-in has ended, so PDS will not answer: sign in again to trace the patient, or continue without tracing (the case will say “not traced”).',
  timeout: 'PDS did not answer in time. Try again, or continue without tracing: the case will say “not traced”.',
  network: 'PDS could not be reached. Try again, or continue without tracing: the case will say “not traced”.',
  refused: 'PDS refused the trace. Check the details and try again, or continue without tracing: the case will say “not traced”. If it keeps happening, call the IT service desk.',
  server: 'PDS has a problem at the moment. Try again in a minute, or continue without tracing: the case will say “not traced”.',
  malformed: 'PDS sent an answer the app could not read. Continue without tracing (the case will say “not traced”) and tell the IT service desk.',
  'too-large': 'PDS sent an answer the app could not read. Continue without tracing (the case will say “not traced”) and tell the IT service desk.',
};

const longDate = (iso: string): string =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

/** What the clinician must know about a matched record, in plain words, most serious first. */
export function traceNotices(p: TracedPatient): string[] {
  const notices: string[] = [];
  if (p.deceasedOn !== undefined) {
    notices.push(
      `PDS records this patient as having died on ${longDate(p.deceasedOn)}. You cannot start a case with this record. Check the patient’s details with the caller: if they are right, continue without tracing and tell your clinical lead.`,
    );
  }
  if (p.supersededNhsNumber !== undefined) {
    notices.push(`NHS number ${formatNhsNumber(p.supersededNhsNumber)} has been replaced by ${formatNhsNumber(p.nhsNumber)}. The case will use the new number.`);
  }
  if (p.restricted) {
    notices.push('This is a restricted record. PDS does not share the address, contact details or GP, and the case will not keep or send an address: ask the caller only for the postcode of where the patient is now and a number to call back.');
  }
  return notices;
}

export class PatientTraceService {
  private readonly traces = new Map<string, { patient: TracedPatient; at: number }>();

  constructor(
    private readonly tracer: PatientTracer | undefined,
    private readonly audit: AuditSink,
    private readonly logger: Logger,
    private readonly clock: Clock,
    /**
     * Whether a typed "NHS number verified" may stand without a trace. Live: never — only a PDS
     * trace main itself made verifies a number. The sandbox keeps the typed tick for its test fixtures.
     */
    private readonly typedVerification = false,
  ) {}

  search(query: PdsSearch): Promise<TraceAnswer> {
    return this.run('search', (t) => t.search(query), 'PDS found no patient with these details. Check the spelling and the date of birth, try a search with similar-sounding names, or continue without tracing.');
  }

  retrieve(nhsNumber: string): Promise<TraceAnswer> {
    return this.run('retrieve', (t) => t.retrieve(nhsNumber), `PDS has no patient with NHS number ${formatNhsNumber(nhsNumber)}. Check the number with the caller, or search by name and date of birth.`);
  }

  /**
   * The patient to start a case with: traced (the NHS number, its status and restrictions from the
   * kept trace) or "not traced". A deceased record is refused: see traceNotices.
   */
  apply(patient: Patient, traceId: string | undefined): Patient {
    if (traceId === undefined) return { ...this.untraced(patient), trace: { state: 'not-traced' } };
    const kept = this.traces.get(traceId);
    if (kept === undefined || this.clock().getTime() - kept.at > TRACE_KEPT_MS) {
      throw new AppError('invalid-request', 'The PDS trace is too old to use.', { action: 'Trace the patient again, or continue without tracing.' });
    }
    const t = kept.patient;
    if (t.deceasedOn !== undefined) {
      throw new AppError('invalid-request', 'PDS records this patient as having died, so a case cannot be started with this trace.', {
        action: 'Check the patient’s details with the caller. If they are right, continue without tracing and tell your clinical lead.',
      });
    }
    const { title: _typedTitle, ...typed } = patient;
    return {
      ...typed,
      ...(t.title !== undefined ? { title: t.title } : {}),
      given: t.given,
      family: t.family,
      birthDate: t.birthDate,
      gender: t.gender,
      nhsNumber: t.nhsNumber,
      nhsNumberVerified: true,
      // A restricted record keeps only the postcode of where the patient is now, as the caller said it.
      address: t.restricted ? { lines: [], postcode: patient.address.postcode, withheld: true } : patient.address,
      trace: {
        state: 'traced',
        at: new Date(kept.at).toISOString(),
        restricted: t.restricted,
        ...(t.supersededNhsNumber !== undefined ? { supersededNhsNumber: t.supersededNhsNumber } : {}),
      },
    };
  }

  /** A changed patient keeps its trace only while the traced NHS number stays; the screen cannot set one. */
  keep(stored: Patient, incoming: Patient): Patient {
    const { trace: _sent, ...rest } = incoming;
    const trace = stored.trace;
    if (trace?.state !== 'traced') return { ...this.untraced(rest), ...(trace !== undefined ? { trace } : {}) };
    if (incoming.nhsNumber !== stored.nhsNumber) return { ...rest, nhsNumberVerified: false, trace: { state: 'not-traced' } };
    const address = trace.restricted ? { lines: [], postcode: incoming.address.postcode, withheld: true } : rest.address;
    return { ...rest, address, nhsNumberVerified: true, trace };
  }

  /** A patient no trace vouches for: its NHS number (if any) is verified only where typed verification is allowed (the sandbox). */
  private untraced<P extends Pick<Patient, 'nhsNumber' | 'nhsNumberVerified'>>(patient: P): P {
    const { nhsNumberVerified: ticked, ...rest } = patient;
    if (patient.nhsNumber === undefined) return rest as P;
    return { ...rest, nhsNumberVerified: this.typedVerification && ticked === true } as P;
  }

  private async run(how: 'search' | 'retrieve', ask: (t: PatientTracer) => Promise<TraceLookup>, noMatch: string): Promise<TraceAnswer> {
    let lookup: TraceLookup;
    try {
      lookup = this.tracer === undefined ? { kind: 'failed', reason: 'not-configured' } : await ask(this.tracer);
    } catch (error) {
      this.logger.error({ err: { name: (error as Error).name } }, 'PDS trace failed unexpectedly');
      lookup = { kind: 'failed', reason: 'network' };
    }
    switch (lookup.kind) {
      case 'none':
        this.audit.append({ type: AUDIT_EVENTS.pdsTrace, outcome: 'no-match', detail: { how } });
        return { kind: 'no-match', message: noMatch };
      case 'too-many':
        this.audit.append({ type: AUDIT_EVENTS.pdsTrace, outcome: 'too-many', detail: { how } });
        return { kind: 'too-many', message: 'PDS found more than one patient with these details. Add the given name, gender or postcode to narrow the search, or continue without tracing.' };
      case 'failed':
        this.audit.append({ type: AUDIT_EVENTS.pdsTrace, outcome: 'unavailable', ...(lookup.status !== undefined ? { httpStatus: lookup.status } : {}), detail: { how, reason: lookup.reason } });
        return { kind: 'unavailable', message: UNAVAILABLE[lookup.reason] };
      case 'found': {
        const patient: TracedPatient = { ...lookup.patient, traceId: randomUUID() };
        this.remember(patient);
        this.audit.append({
          type: AUDIT_EVENTS.pdsTrace,
          outcome: 'matched',
          detail: { how, nhsNumber: patient.nhsNumber, restricted: patient.restricted, deceased: patient.deceasedOn !== undefined, superseded: patient.supersededNhsNumber !== undefined },
        });
        return { kind: 'matched', patient, notices: traceNotices(patient) };
      }
    }
  }

  private remember(patient: TracedPatient): void {
    const now = this.clock().getTime();
    for (const [id, kept] of this.traces) if (now - kept.at > TRACE_KEPT_MS) this.traces.delete(id);
    while (this.traces.size >= TRACES_KEPT) {
      const oldest = this.traces.keys().next().value;
      if (oldest === undefined) break;
      this.traces.delete(oldest);
    }
    this.traces.set(patient.traceId, { patient, at: now });
  }
}
