import { z } from 'zod';

/**
 * Every failure that can cross the bridge. The renderer switches on `code` exhaustively;
 * `message` is for the user, `action` says what to do next, `detail` is for logs only.
 */
export const ErrorCode = z.enum([
  'invalid-request', // the renderer sent something the contract does not allow
  'forbidden-caller', // not the app's own frame, or no/bad bridge token
  'config-invalid', // settings failed validation; the configuration screen explains
  'not-found', // a case, booking or service that does not exist
  'directory-unavailable', // DoS or SDS could not be reached
  'booking-not-available', // this service cannot be booked through the standard
  'directory-misconfigured', // e.g. more than one scheduling endpoint
  'provider-unavailable', // SSP 502, connection refused or dropped, 5xx
  'provider-timeout', // SSP 504 or our own timeout
  'provider-rejected', // 400/405/415/422/501 and other refusals
  'provider-malformed', // not FHIR, malformed, or over the size cap
  'not-authorised', // 401/403: JWT or ASID; the IT service desk must look
  'slot-taken', // 409/422: the slot is no longer free
  'version-conflict', // 409/412 on cancel after the retry
  'outcome-unknown', // the answer to a booking was lost; we are checking
  'approval-required', // out-of-timeframe slot without clinical approval
  'signed-out', // no usable CIS2 session (signed out, locked or expired): the user signs in again
  'not-permitted', // the signed-in user's role does not allow this action
  'sign-in-failed', // CIS2 sign-in did not give a session (cancelled, refused, below the assurance level)
  'referral-blocked', // booking-only service and no booking yet
  'referral-failed', // ITK endpoint down or SOAP fault
  'conflict', // the action does not fit the case's state
  'org-unreachable', // the organisation record cannot be reached (or is not set up); this desk's own records are offered
  'disk-full', // the store cannot save (full disk or read-only folder); nothing earlier is lost
  'internal', // a fault of ours: logged with detail
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AppErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  action: z.string().optional(),
  detail: z.string().optional(),
  /** X-Request-ID or audit event id, so the service desk can find the record. */
  reference: z.string().optional(),
});
export type AppErrorShape = z.infer<typeof AppErrorShape>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: AppErrorShape }),
  ]);
}
