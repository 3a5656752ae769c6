import type { OpeningSession } from './opening-now';
/**
 * The interfaces behind which live Spine (DoS, SDS, SSP + Provider) and the embedded sandbox
 * sit. The workflow code depends only on these, so both modes run the same path.
 */

/** One endpoint of a DoS service, from the structured form or the older `|`-delimited string. */
export interface DosEndpoint {
  order?: number;
  /** e.g. `http`, `itk`, `email`. */
  transport: string;
  /** e.g. `FHIR`, `CDA`, `PDF`. */
  format: string;
  /** e.g. `Scheduling`, `urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0`. */
  interaction: string;
  businessScenario?: string;
  /** For Scheduling: `ASID:123456789012` or a bare ASID. For ITK: the endpoint URL. */
  address: string;
  compression?: string;
  comment?: string;
}

/** `requirebooking`: only present-and-true means booking only. */
export type RequireBookingAttribute = 'absent' | 'false' | 'true';

export interface DosService {
  /** The DoS service id: the id the Provider maps to its diaries. */
  id: string;
  name: string;
  typeName?: string;
  odsCode?: string;
  /** One line, for display. */
  address?: string;
  postcode?: string;
  /** 1 = top of the ranked list. */
  rank: number;
  requireBooking: RequireBookingAttribute;
  endpoints: DosEndpoint[];
  /** CheckCapacitySummary's `distance` from the patient's postcode, in miles, when given. */
  distanceMiles?: number;
  /** Opening in the directory's words, e.g. "Open 24 hours", when given. */
  openingStatus?: string;
  /** The directory says the service is open all hours. */
  openAllHours?: boolean;
  /** Weekly opening sessions in UK local time, when the directory gives them: "open now / opens at" is worked out from these. */
  openingSessions?: readonly OpeningSession[];
  /**
   * The number a clinician phones to check a booking with the service: DoS's non-public
   * (professionals') line when it lists one, else its public number; absent when DoS has neither.
   */
  phone?: string;
}

export interface CapacityQuery {
  dispositionCode: string;
  postcode: string;
  ageYears?: number;
  gender?: 'male' | 'female' | 'other' | 'unknown';
  /** The case's Pathways symptom group and discriminator, when known: they replace the deployment's defaults. */
  symptomGroup?: number;
  symptomDiscriminators?: number[];
}

/** Service discovery: the UEC Directory of Services, or the sandbox's directory. */
export interface ServiceDirectory {
  /** CheckCapacitySummary: the ranked list of services for an assessment outcome. */
  findServices(query: CapacityQuery): Promise<DosService[]>;
  /** ServiceDetailsById: one service, or undefined when DoS does not know it. */
  getService(serviceId: string): Promise<DosService | undefined>;
}

export type EndpointLookupFailure =
  | 'as-not-found'
  | 'gp-connect-only'
  | 'mixed-interactions'
  | 'mhs-not-found'
  | 'several-mhs'
  | 'invalid-endpoint'
  | 'unreachable'
  | 'timeout';

export type EndpointLookup =
  | {
      ok: true;
      asid: string;
      partyKey: string;
      /** The Provider's FHIR service root URL (`nhsMhsEndPoint`): untrusted text from SDS. */
      serviceRoot: string;
      /** The Care Connect interactions the AS record lists (`nhsAsSvcIA`). */
      interactions: string[];
    }
  | { ok: false; reason: EndpointLookupFailure; detail: string };

/** Endpoint discovery: SDS over LDAP, or the sandbox's SDS records. */
export interface EndpointDirectory {
  /** Finds the Provider's service root for an ASID and an interaction (e.g. slot search). */
  lookup(asid: string, interaction: string): Promise<EndpointLookup>;
}

/**
 * How a service is booked, decided below the workflow (directory endpoints, settings, a probe).
 * `via` is for display only ("via BaRS", "via Care Connect"); a `direct` route needs no SDS
 * lookup because the protocol adapter finds the receiver itself.
 */
export interface BookingRoute {
  via: string;
  direct: boolean;
  /** The referral goes through the booking protocol itself rather than as a CDA over ITK. */
  refersThroughProtocol: boolean;
  /** The standard wants the original appointment cancelled before a new one is booked in its place (BaRS App1 Rebook). */
  rebookCancelsFirst?: boolean;
}

export interface BookingRoutes {
  routeOf(dos: DosService): Promise<BookingRoute>;
}

/** Where one bookable service's Provider is reached, from DoS (ASID) and SDS (addresses); the protocol adapters take this. */
export interface ServiceTarget {
  dosServiceId: string;
  asid: string;
  /** `nhsMhsEndPoint`: untrusted text, validated by the adapter before every use. */
  serviceRoot: string;
  /** The interactions the AS record lists (`nhsAsSvcIA`). */
  interactions: readonly string[];
  /** The case the call is made for: only so the audit trail links every Provider call to its case. */
  caseId?: string;
  /** Where SDS says booking, reading and cancelling go, when it lists them apart from slot search (C11). */
  bookRoot?: string;
  readRoot?: string;
  cancelRoot?: string;
}
