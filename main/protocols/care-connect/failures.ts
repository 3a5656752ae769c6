import type { ProviderFailureKind } from './provider';
import type { BookingInteraction, ProtocolFailureKind } from '../../workflow/booking-protocol';

/**
 * The OperationOutcome codes that mean "this slot cannot be booked any more" on a 422. Any other
 * 422 is a refusal of what we sent (invalid resource, NHS number, profile): the slot is still free.
 */
export const SLOT_UNAVAILABLE_CODES: ReadonlySet<string> = new Set(['DUPLICATE_REJECTED', 'SLOT_ALREADY_BOOKED', 'NO_SLOTS_AVAILABLE']);

/** One Care Connect failure in the port's terms (digest §4). */
export function classifyFailure(interaction: BookingInteraction, kind: ProviderFailureKind, status: number | undefined, code: string | undefined): ProtocolFailureKind {
  switch (kind) {
    case 'timeout':
      return 'timeout';
    case 'network':
      return 'provider-unavailable';
    case 'malformed':
    case 'too-large':
      return 'malformed';
    case 'unsafe-endpoint':
      return 'misconfigured';
    case 'http':
      break;
  }
  const s = status ?? 0;
  if (s === 401 || s === 403) return 'not-authorised';
  if (s === 404) return 'not-found';
  if (s === 405 || s === 415 || s === 501) return 'unsupported';
  if (s === 409) return interaction === 'book' ? 'slot-unavailable' : 'version-conflict';
  if (s === 412) return 'version-conflict';
  if (s === 422) return interaction === 'book' && code !== undefined && SLOT_UNAVAILABLE_CODES.has(code) ? 'slot-unavailable' : 'request-rejected';
  if (s === 504) return 'timeout';
  if (s >= 500) return 'provider-unavailable';
  return 'request-rejected';
}
