import { NO_FIXED_ABODE_POSTCODE, notesProblem, Patient, reasonProblem, RegisteredPractice, type PatientInput, type SafeguardingConcern } from '../../../../preload/contract';
import { checkDateParts, checkTime, type DateParts } from '../../forms/date-parts';
import type { FieldError } from '../../forms/ErrorSummary';
import { fromUkLocalInput } from '../../format/time';
import type { AddressDraft, NewCaseDraft, NumberDraft } from './draft';
import { checkPathways, type PathwaysRequest } from './pathways';
import { checkSafeguarding } from './safeguarding';

export interface StartCaseRequest extends PathwaysRequest {
  patient: PatientInput;
  dispositionCode: string;
  deadline?: string;
  registeredPractice?: { odsCode: string; name?: string };
  startedAt?: string;
  deadlineReason?: string;
  deadlineDecidedBy?: string;
  notes?: string;
  safeguarding?: SafeguardingConcern;
  pdsTraceId?: string;
  secondBooking?: { reason: string; existingCaseIds: string[] };
}

const opt = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());

function toAddress(a: AddressDraft) {
  if (a.noFixedAbode === true) {
    // The area's postcode when the patient gives one (it finds nearby services), else the NHS pseudo-postcode.
    return { lines: [], noFixedAbode: true, ...(opt(a.city) !== undefined ? { city: a.city.trim() } : {}), postcode: opt(a.postcode)?.toUpperCase() ?? NO_FIXED_ABODE_POSTCODE };
  }
  return {
    lines: [a.line1, a.line2, a.line3].map((l) => l.trim()).filter((l) => l !== ''),
    ...(opt(a.city) !== undefined ? { city: a.city.trim() } : {}),
    postcode: a.postcode.trim().toUpperCase(),
  };
}

/** A UK date and 24-hour time typed in boxes, as an instant; or the message for the field. */
function instantFrom(date: DateParts, time: string, label: string): { iso: string } | { message: string } {
  const d = checkDateParts(date, label);
  if (!d.ok) return { message: d.message };
  const t = checkTime(time);
  if (t === undefined) return { message: `${label} needs a time in 24-hour UK time, for example 14:30` };
  const iso = fromUkLocalInput(`${d.iso}T${t}`);
  // Only the hour skipped when the clocks go forward has no instant.
  return iso === undefined ? { message: `${label}: ${t} does not exist on that day (the clocks went forward)` } : { iso };
}

function toPoint(n: NumberDraft) {
  return { system: n.system, use: n.use, value: n.value.trim(), rank: n.rank === '' ? 0 : Number(n.rank) };
}

/** The field id for each place the contract's Patient schema can complain about. */
function fieldFor(path: readonly PropertyKey[], draft: NewCaseDraft): { id: string; label: string } {
  const [head, a, b, c, d] = path;
  const address = (prefix: string, sub: PropertyKey | undefined, idx: PropertyKey | undefined, who: string) => {
    if (sub === 'postcode') return { id: `${prefix}-postcode`, label: `${who}postcode` };
    if (sub === 'lines') return { id: `${prefix}-line${typeof idx === 'number' ? idx + 1 : 1}`, label: `${who}address line ${typeof idx === 'number' ? idx + 1 : 1}` };
    return { id: `${prefix}-city`, label: `${who}town or city` };
  };
  switch (head) {
    case 'title':
      return { id: 'patient-title', label: 'Title' };
    case 'given':
      return { id: 'patient-given', label: 'Given name' };
    case 'family':
      return { id: 'patient-family', label: 'Family name' };
    case 'birthDate':
      return { id: 'patient-birth-date', label: 'Date of birth' };
    case 'gender':
      return { id: 'patient-gender', label: 'Gender' };
    case 'address':
      return address('address', a, b, 'The ');
    case 'nhsNumber':
    case 'nhsNumberVerified':
      return { id: 'nhs-number', label: 'NHS number' };
    case 'telecom': {
      const n = typeof a === 'number' ? draft.numbers[a] : undefined;
      if (n === undefined) return { id: 'contact-details', label: 'Contact details' };
      return { id: b === 'rank' ? `${n.key}-rank` : `${n.key}-value`, label: b === 'rank' ? 'Rank' : 'The patient’s number' };
    }
    case 'contacts': {
      const tp = typeof a === 'number' ? draft.contacts[a] : undefined;
      if (tp === undefined) return { id: 'contact-details', label: 'Contact details' };
      if (b === 'relationship' || b === 'relationshipText') return { id: `${tp.key}-relationship`, label: 'Relationship' };
      if (b === 'name') return { id: `${tp.key}-${c === 'family' ? 'family' : 'given'}`, label: c === 'family' ? 'Their family name' : 'Their given name' };
      if (b === 'address') return address(`${tp.key}-address`, c, d, 'Their ');
      const n = typeof c === 'number' ? tp.numbers[c] : undefined;
      if (n === undefined) return { id: `${tp.key}-given`, label: 'Their numbers' };
      return { id: d === 'rank' ? `${n.key}-rank` : `${n.key}-value`, label: d === 'rank' ? 'Rank' : 'Their number' };
    }
    case undefined:
    default:
      return { id: 'patient-given', label: 'The patient' };
  }
}

/** Turns the contract's schema message ("is required") into a sentence that names the field. */
function sentence(label: string, message: string): string {
  if (/^(is |must |needs |cannot |only |one )/.test(message)) return `${label} ${message}`;
  return `Check ${label.toLowerCase()}`;
}

/**
 * Builds the case.start request and checks it with the contract's own schemas, so the form
 * says exactly what main would refuse; returns every problem with the field it belongs to.
 */
export function validateDraft(draft: NewCaseDraft, now: Date = new Date()): { request?: StartCaseRequest; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const start = instantFrom(draft.startDate, draft.startTime, 'Case start time');
  const startedAt = 'iso' in start ? start.iso : undefined;
  if (!('iso' in start)) errors.push({ fieldId: 'case-started-at', message: start.message });
  else if (new Date(start.iso).getTime() > now.getTime() + 5 * 60_000) errors.push({ fieldId: 'case-started-at', message: 'The case start time cannot be in the future' });
  const birth = checkDateParts(draft.birthDate, 'Date of birth');
  if (!birth.ok) errors.push({ fieldId: 'patient-birth-date', message: birth.message });

  const unrankedEmpty = (n: NumberDraft) => n.value.trim() === '';
  const numbers = draft.numbers;
  for (const n of [...numbers, ...draft.contacts.flatMap((c) => c.numbers)]) {
    if (unrankedEmpty(n)) errors.push({ fieldId: `${n.key}-value`, message: 'Enter the number or email address, or remove the row' });
    if (n.rank === '' && !unrankedEmpty(n)) errors.push({ fieldId: `${n.key}-rank`, message: 'Choose a rank for this number (1 is the primary contact)' });
  }

  const patient: PatientInput = {
    ...(opt(draft.title) !== undefined ? { title: draft.title.trim() } : {}),
    given: draft.given,
    family: draft.family,
    birthDate: birth.ok ? birth.iso : '',
    gender: (draft.gender === '' ? 'missing' : draft.gender) as PatientInput['gender'],
    // A restricted record keeps only the postcode of where the patient is now (main enforces it too).
    address: draft.pdsTrace?.restricted === true ? { lines: [], postcode: draft.address.postcode.trim().toUpperCase(), withheld: true } : toAddress(draft.address),
    ...(opt(draft.nhsNumber) !== undefined ? { nhsNumber: draft.nhsNumber.trim(), nhsNumberVerified: draft.nhsNumberVerified } : {}),
    telecom: numbers.filter((n) => !unrankedEmpty(n)).map(toPoint),
    contacts: draft.contacts.map((c) => ({
      relationship: (c.relationship === '' ? 'missing' : c.relationship) as 'N',
      ...(opt(c.relationshipText) !== undefined ? { relationshipText: c.relationshipText.trim() } : {}),
      name: { given: c.given, family: c.family },
      telecom: c.numbers.filter((n) => !unrankedEmpty(n)).map(toPoint),
      ...(c.hasAddress ? { address: toAddress(c.address) } : {}),
    })),
  };
  const parsed = Patient.safeParse(patient);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // Blank rows and unchosen ranks are already reported above in plainer words.
      const last = issue.path[issue.path.length - 1];
      if (last === 'rank' || (last === 'value' && issue.message === 'is required')) continue;
      if (issue.path[0] === 'gender') {
        errors.push({ fieldId: 'patient-gender', message: 'Choose the patient’s gender' });
        continue;
      }
      // A date the boxes could not make is already reported above, in the NHS pattern's words.
      if (issue.path[0] === 'birthDate' && !birth.ok) continue;
      if (issue.path[0] === 'contacts' && issue.path[2] === 'relationship') {
        const tp = draft.contacts[issue.path[1] as number];
        errors.push({ fieldId: `${tp?.key ?? ''}-relationship`, message: 'Choose how the third party is related to the patient' });
        continue;
      }
      if (issue.path[0] === 'address' && issue.path[1] === 'lines' && issue.path.length === 2) {
        errors.push({ fieldId: 'address-line1', message: 'Enter the first line of the patient’s address, or choose No fixed abode' });
        continue;
      }
      // The whole-contact rules are checked below, whether or not the rest of the form is valid.
      if (issue.path[0] === 'telecom' && issue.path.length === 1) continue;
      const f = fieldFor(issue.path, draft);
      errors.push({ fieldId: f.id, message: sentence(f.label, issue.message) });
    }
  }

  const entered = [...numbers, ...draft.contacts.flatMap((c) => c.numbers)].filter((n) => !unrankedEmpty(n));
  const primaries = entered.filter((n) => n.rank === '1').length;
  if (entered.length === 0 && numbers.length + draft.contacts.length === 0) {
    errors.push({ fieldId: 'contact-details', message: 'Add at least one way to contact the patient or a third party' });
  } else if (entered.length > 0 && primaries === 0) {
    errors.push({ fieldId: 'contact-details', message: 'Choose one number as the primary contact (rank 1): the number the service tries first' });
  } else if (primaries > 1) {
    errors.push({ fieldId: 'contact-details', message: 'Only one number can be the primary contact (rank 1)' });
  }

  if (draft.dispositionCode === '') errors.push({ fieldId: 'disposition', message: 'Choose the assessment outcome' });
  let deadline: string | undefined;
  if (draft.deadlineByHand) {
    const d = instantFrom(draft.deadlineDate, draft.deadlineTime, 'Deadline');
    if (!('iso' in d)) errors.push({ fieldId: 'deadline', message: d.message });
    else if (startedAt !== undefined && d.iso <= startedAt) errors.push({ fieldId: 'deadline', message: 'The deadline must be after the start of the case' });
    else deadline = d.iso;
    const reason = reasonProblem(draft.deadlineReason);
    if (reason !== undefined) errors.push({ fieldId: 'deadline-reason', message: reason.replace('booking after the deadline is clinically acceptable', 'the deadline is different from the outcome’s timeframe') });
    if (draft.deadlineDecidedBy.trim() === '') errors.push({ fieldId: 'deadline-decided-by', message: 'Enter the name and role of who decided the deadline' });
  }

  let registeredPractice: StartCaseRequest['registeredPractice'];
  if (opt(draft.practiceOds) !== undefined || opt(draft.practiceName) !== undefined) {
    const practice = { odsCode: draft.practiceOds.trim().toUpperCase(), ...(opt(draft.practiceName) !== undefined ? { name: draft.practiceName.trim() } : {}) };
    if (!RegisteredPractice.safeParse(practice).success || !/^[A-Z0-9]{3,10}$/.test(practice.odsCode)) {
      errors.push({ fieldId: 'practice-ods', message: 'Enter the practice’s ODS code (3 to 10 letters and numbers), or leave both practice fields empty' });
    } else registeredPractice = practice;
  }

  const pathways = checkPathways(draft.pathways);
  errors.push(...pathways.errors);
  const safeguarding = checkSafeguarding(draft.safeguarding);
  errors.push(...safeguarding.errors);

  const notes = notesProblem(draft.notes);
  if (notes !== undefined) errors.push({ fieldId: 'case-notes', message: notes });

  const unique = dedupe(errors);
  if (unique.length > 0) return { errors: unique };
  return {
    errors: [],
    request: {
      patient,
      dispositionCode: draft.dispositionCode,
      ...(deadline !== undefined ? { deadline, deadlineReason: draft.deadlineReason.trim(), deadlineDecidedBy: draft.deadlineDecidedBy.trim() } : {}),
      ...(registeredPractice !== undefined ? { registeredPractice } : {}),
      ...(startedAt !== undefined ? { startedAt } : {}),
      ...(draft.notes.trim() !== '' ? { notes: draft.notes.trim() } : {}),
      ...pathways.request,
      ...safeguarding.request,
      ...(draft.pdsTrace !== undefined ? { pdsTraceId: draft.pdsTrace.traceId } : {}),
    },
  };
}

/** One message per field, the first found: a field that is both empty and "not valid" needs only "enter it". */
function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (seen.has(e.fieldId)) return false;
    seen.add(e.fieldId);
    return true;
  });
}
