import { createHash } from 'node:crypto';

/**
 * A name-based UUID (version 5 layout): the same seed gives the same id, so a prepared message
 * rebuilt after a restart is byte for byte the one first sent, and a case keeps one
 * X-Correlation-Id across its booking, referral and cancellations.
 */
export function uuidFrom(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The X-Correlation-Id of a case's whole conversation with a service. */
export const correlationIdFor = (caseId: string): string => uuidFrom('bars-correlation', caseId);
