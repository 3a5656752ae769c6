import type { ErrorCode } from '../../../preload/contract';

/** What the booking screens do with each failure; every code is named so a new one fails the build. */
export type FailureKind = 'slot-taken' | 'retry-or-elsewhere' | 'it-service-desk' | 'outcome-unknown' | 'approval-required' | 'show-message';

export function bookingFailureKind(code: ErrorCode): FailureKind {
  switch (code) {
    case 'slot-taken':
      return 'slot-taken';
    case 'provider-unavailable':
    case 'provider-timeout':
    case 'provider-malformed':
      return 'retry-or-elsewhere';
    case 'not-authorised':
    case 'forbidden-caller':
    case 'config-invalid':
    case 'directory-misconfigured':
      return 'it-service-desk';
    case 'outcome-unknown':
      return 'outcome-unknown';
    case 'approval-required':
      return 'approval-required';
    case 'invalid-request':
    case 'not-found':
    case 'directory-unavailable':
    case 'booking-not-available':
    case 'provider-rejected':
    case 'version-conflict':
    case 'referral-blocked':
    case 'referral-failed':
    case 'conflict':
    case 'disk-full':
    case 'internal':
      return 'show-message';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The booking id an 'outcome-unknown' error names in its reference, when it is one. */
export function bookingIdFromReference(reference: string | undefined): string | undefined {
  return reference !== undefined && UUID.test(reference) ? reference : undefined;
}
