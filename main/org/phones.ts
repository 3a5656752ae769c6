/** A UK phone number as digits with a leading 0, so "+44 7700 900123" and "07700900123" match. */
export function normalisePhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.startsWith('44') && digits.length >= 12) return `0${digits.slice(2)}`;
  return digits;
}

interface Telecom {
  system?: string;
  value?: string;
}

/** Every phone or SMS number on a case: the patient's and each third-party contact's. */
export function phonesOf(doc: unknown): string[] {
  const patient = (doc as { patient?: { telecom?: Telecom[]; contacts?: { telecom?: Telecom[] }[] } } | undefined)?.patient;
  const all = [...(patient?.telecom ?? []), ...(patient?.contacts ?? []).flatMap((c) => c.telecom ?? [])];
  const numbers = all.filter((t) => t.system !== 'email' && typeof t.value === 'string').map((t) => normalisePhone(t.value ?? ''));
  return [...new Set(numbers.filter((n) => n.length >= 6))];
}
