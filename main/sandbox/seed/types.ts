/** The shapes of the sandbox's seed: Provider systems, DoS services and their diaries. */

export type DeliveryChannelCode = 'In-person' | 'Telephone' | 'Video';

/** How a service's Provider answers `_include`: truthfully, not at all, or with extras nobody asked for. */
export type IncludeMode = 'all' | 'none' | 'extra';

/** What SDS holds for a Provider system; anything but `ok` makes the lookup fail as live SDS would. */
export type SdsRecordState = 'ok' | 'as-missing' | 'mhs-missing' | 'invalid-endpoint' | 'gp-connect-only' | 'several-mhs';

export interface ProviderSystem {
  /** URL segment: `${baseUrl}/provider/<key>/STU3`. */
  key: string;
  name: string;
  /** 12-digit Accredited System ID. */
  asid: string;
  partyKey: string;
  sds: SdsRecordState;
}

export interface Address {
  line: string[];
  city: string;
  district?: string;
  postalCode: string;
}

export interface Person {
  id: string;
  given: string;
  family: string;
  prefix?: string;
  gender: 'male' | 'female' | 'other' | 'unknown';
  sdsUserId: string;
}

/** A recurring block of clinic time in UK local time; `days` are 0 = Sunday … 6 = Saturday. */
export interface ClinicSession {
  days: number[];
  from: string;
  to: string;
}

export interface Diary {
  scheduleId: string;
  practitioner?: Person;
  role?: { code: string; display: string };
  /** `utc-24x7`: round the clock in UTC, independent of clock changes. */
  hours: 'utc-24x7' | ClinicSession[];
  slotMinutes: number;
  /** A function of the slot's index, so some slots carry a channel and others do not. */
  channel: (index: number) => DeliveryChannelCode | undefined;
}

export interface SeedService {
  /** DoS service id: the id the Provider maps to its diaries. */
  id: string;
  name: string;
  typeName: string;
  /** Absent: no Scheduling endpoint in DoS (referral only). */
  provider?: string;
  /** DoS's booking-only attribute `REQUIRESAPPOINTMENT` (C2–C4): absent, N (`false`) or Y (`true`). */
  requireBooking: 'absent' | 'false' | 'true';
  acceptsItk: boolean;
  includeMode: IncludeMode;
  organization: { id: string; name: string; odsCode: string; headOffice: Address };
  location: { id: string; name: string; odsSiteCode?: string; address: Address };
  diaries: Diary[];
  /**
   * The line DoS lists for professionals; absent where DoS has none, so the app's "no phone number"
   * advice can be tried. Numbers are from Ofcom's ranges kept for drama: they never reach a real service.
   */
  phone?: string;
  /** When the service has no free slots on purpose, the reason its Provider gives. */
  noSlotsReason?: string;
  /** DoS rank per disposition family; lower is nearer the top. */
  rankWeight: Record<'default' | 'primary-care' | 'emergency' | 'dental-pharmacy', number>;
}
