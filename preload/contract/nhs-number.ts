/** True when `value` is a 10-digit NHS number whose last digit is its modulus 11 check digit. */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const digits = value.split('').map(Number);
  const sum = digits.slice(0, 9).reduce((acc, d, i) => acc + d * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === digits[9];
}

/** Strips the spaces people type (`943 476 5919`). */
export function normaliseNhsNumber(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/** `9434765919` → `943 476 5919`, the way NHS numbers are read out. */
export function formatNhsNumber(value: string): string {
  return value.length === 10 ? `${value.slice(0, 3)} ${value.slice(3, 6)} ${value.slice(6)}` : value;
}
