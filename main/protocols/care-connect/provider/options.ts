import type { Logger } from 'pino';
import type { AuditSink } from '../../../audit/event';
import type { JwtFactory } from '../../../spine/jwt';
import type { MutualTls } from '../../../spine/ssp';
import type { ServiceTarget } from '../../../workflow/ports';

/** The interaction ids a deployment may correct in settings (digest §1.2: the sources disagree). */
export interface InteractionIds {
  slotSearch: string;
  createAppointment: string;
  readAppointment: string;
  updateAppointment: string;
}

export const DEFAULT_INTERACTIONS: InteractionIds = {
  slotSearch: 'urn:nhs:names:services:careconnect:fhir:rest:read:slot',
  createAppointment: 'urn:nhs:names:services:careconnect:fhir:rest:create:appointment',
  readAppointment: 'urn:nhs:names:services:careconnect:fhir:rest:read:appointment',
  updateAppointment: 'urn:nhs:names:services:careconnect:fhir:rest:update:appointment',
};

export interface ProviderClientOptions {
  /** The SSP's base URL, e.g. `https://proxy.opentest.hscic.gov.uk`; the service root follows it. */
  sspBaseUrl: string;
  /** Our system's ASID: Ssp-From. */
  ourAsid: string;
  /** Makes a new JWT per request. */
  jwt: JwtFactory;
  /** Every call writes an attempt and an outcome event here. */
  audit: AuditSink;
  /** Technical log: no patient identifiers are ever written to it. */
  logger?: Logger;
  /** Live mode: mutual TLS to the SSP. */
  tls?: MutualTls;
  /** Sandbox only: accept http://127.0.0.1 service roots and SSP. */
  allowInsecureLoopback?: boolean;
  /** Milliseconds per call type. */
  timeouts?: Partial<Record<'search' | 'book' | 'read' | 'cancel', number>>;
  /** Replies larger than this are refused (streamed and aborted). Default 10 MB. */
  maxResponseBytes?: number;
  /** Extra attempts: reads on 5xx/network; a booking POST whose answer was lost (same X-Request-ID). */
  retries?: { read?: number; bookLostAnswer?: number };
  /** Pause before a retry, doubled each time. Default 250 ms. */
  retryDelayMs?: number;
  interactions?: Partial<InteractionIds>;
}

export const DEFAULTS = {
  timeouts: { search: 15_000, book: 30_000, read: 15_000, cancel: 30_000 },
  maxResponseBytes: 10 * 1024 * 1024,
  retries: { read: 2, bookLostAnswer: 2 },
  retryDelayMs: 250,
} as const;

/** Who to call: the DoS service and what SDS said about its Provider. */
/** Where one Provider is reached: the workflow's own target type, which this adapter serves. */
export type ProviderTarget = ServiceTarget;

export interface SearchWindow {
  /** Earliest start (usually now); optional in the standard. */
  start?: Date;
  /** Latest start; required. */
  end: Date;
  /** The whole search, retries included, ends by then (the user's overall deadline). */
  deadline?: Date;
}
