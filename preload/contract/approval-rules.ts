/**
 * How a clinical approver is identified: the register they are on and a number in that
 * register's published format, and a reason someone reading the audit later can act on.
 * Shared by the form (to say what is wrong as it is typed) and main (which decides).
 */

export const REGISTERS = {
  GMC: 'General Medical Council (doctors)',
  NMC: 'Nursing and Midwifery Council (nurses, midwives)',
  HCPC: 'Health and Care Professions Council (paramedics and other professions)',
} as const;
export type Register = keyof typeof REGISTERS;

/** The HCPC's register prefixes, one per profession (PA paramedics, PH physiotherapists, OT occupational therapists…). */
const HCPC_PREFIXES = ['AS', 'BS', 'CH', 'CS', 'DT', 'HAD', 'ODP', 'OR', 'OT', 'PA', 'PH', 'PO', 'PYL', 'RA', 'SL'];

const FORMAT: Record<Register, { pattern: RegExp; example: string; words: string }> = {
  GMC: { pattern: /^\d{7}$/, example: '1234567', words: '7 digits' },
  NMC: { pattern: /^\d{2}[A-Z]\d{4}[A-Z]$/, example: '12A3456E', words: '2 digits, a letter, 4 digits and a letter' },
  HCPC: { pattern: /^[A-Z]{2,3}\d{4,6}$/, example: 'PA123456', words: 'the profession’s prefix (2 or 3 letters) followed by digits' },
};

/** The number as registers print it: upper case, no spaces. */
export function normaliseRegistration(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** Undefined when the number fits the register's format, else a sentence saying what it should look like. */
export function registrationProblem(register: Register, value: string): string | undefined {
  const n = normaliseRegistration(value);
  const f = FORMAT[register];
  if (n === '') return `Enter the approver’s ${register} number`;
  if (!f.pattern.test(n)) return `A ${register} number is ${f.words}, for example ${f.example}`;
  if (register === 'HCPC' && !HCPC_PREFIXES.some((p) => n.startsWith(p) && /^\d+$/.test(n.slice(p.length)))) {
    return `${n.replace(/\d+$/, '')} is not an HCPC profession prefix (for example PA for a paramedic, PH for a physiotherapist)`;
  }
  return undefined;
}

/** Long enough to say something clinical; shorter reasons ("ok", "as discussed") were the norm before. */
export const MIN_REASON_LENGTH = 20;

/** Undefined when the reason says something: long enough, several different words, not one character repeated. */
export function reasonProblem(reason: string): string | undefined {
  const r = reason.trim();
  if (r === '') return 'Enter why booking after the deadline is clinically acceptable';
  if (r.length < MIN_REASON_LENGTH) return `Give the clinical reason in at least ${MIN_REASON_LENGTH} characters (${r.length} so far)`;
  const letters = r.toLowerCase().replace(/[^a-z]/g, '');
  const distinctLetters = new Set(letters).size;
  const words = new Set(r.toLowerCase().split(/[^a-z]+/).filter((w) => w.length >= 2));
  if (distinctLetters < 5 || words.size < 3) return 'Give the clinical reason in words: what makes this appointment safe for the patient';
  return undefined;
}

/** Names compared without titles, case or spacing: "Dr Alex Morgan" is "alex  MORGAN". */
export function samePerson(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z\s'-]/g, ' ')
      .split(/\s+/)
      .filter((w) => w !== '' && !['dr', 'mr', 'mrs', 'ms', 'miss', 'mx', 'prof', 'professor', 'sister', 'nurse'].includes(w))
      .join(' ');
  const x = norm(a);
  return x !== '' && x === norm(b);
}
