import { z } from 'zod';

/**
 * The machine-wide settings file an IT admin writes at deployment. A missing file means
 * sandbox mode; a bad file opens the configuration-problem screen naming each bad field.
 */

const Asid = z.string().regex(/^\d{12}$/, 'must be a 12-digit ASID');
const HttpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });
const AnyUrl = z.url({ error: 'must be a URL' });
const FilePath = z.string().min(1, 'must be a file path');

/** A reference to a secret, never the secret itself. */
export const SecretRef = z
  .string()
  .regex(/^(env|file|safe):.+$/, 'must be a secret reference (env:NAME, file:PATH or safe:NAME), never the secret itself');
export type SecretRef = z.infer<typeof SecretRef>;

export const DispositionSetting = z.object({
  code: z.string().regex(/^Dx\d{2,4}$|^[A-Za-z0-9_-]{2,20}$/, 'must be a disposition code such as Dx05'),
  text: z.string().min(1),
  timeframeMinutes: z.number().int().positive('must be a positive number of minutes'),
});

/** Care Connect interaction ids; kept in settings because the sources disagree on slot search. */
const Interactions = z
  .object({
    slotSearch: z.string().default('urn:nhs:names:services:careconnect:fhir:rest:read:slot'),
    createAppointment: z.string().default('urn:nhs:names:services:careconnect:fhir:rest:create:appointment'),
    readAppointment: z.string().default('urn:nhs:names:services:careconnect:fhir:rest:read:appointment'),
    updateAppointment: z.string().default('urn:nhs:names:services:careconnect:fhir:rest:update:appointment'),
    readMetadata: z.string().default('urn:nhs:names:services:careconnect:fhir:rest:read:metadata'),
  })
  .prefault({});
export type Interactions = z.infer<typeof Interactions>;

const Timeouts = z
  .object({
    slotSearchMs: z.number().int().min(1000).max(120_000).default(15_000),
    bookMs: z.number().int().min(1000).max(120_000).default(20_000),
    readMs: z.number().int().min(1000).max(120_000).default(10_000),
    directoryMs: z.number().int().min(1000).max(120_000).default(10_000),
    referralMs: z.number().int().min(1000).max(120_000).default(20_000),
  })
  .prefault({});

const DEFAULT_DISPOSITIONS = [
  { code: 'Dx05', text: 'Contact a primary care service within 2 hours', timeframeMinutes: 120 },
  { code: 'Dx06', text: 'Contact a primary care service within 6 hours', timeframeMinutes: 360 },
  { code: 'Dx07', text: 'Contact a primary care service within 12 hours', timeframeMinutes: 720 },
  { code: 'Dx08', text: 'Contact a primary care service within 24 hours', timeframeMinutes: 1440 },
  { code: 'Dx02', text: 'Attend an emergency treatment centre within 1 hour', timeframeMinutes: 60 },
];

const Common = {
  organisation: z
    .object({ odsCode: z.string().regex(/^[A-Z0-9]{3,10}$/, 'must be an ODS code'), name: z.string().min(1) })
    .default({ odsCode: 'X99999', name: 'Sandbox NHS 111 Service' }),
  asid: Asid.default('200000000001'),
  device: z
    .object({
      system: AnyUrl.default('https://booking-workstation.nhs.example/Id/device'),
      value: z.string().min(1).default('booking-workstation'),
      model: z.string().min(1).default('Booking Workstation'),
      version: z.string().min(1).default('0.1.0'),
    })
    .prefault({}),
  jwt: z
    .object({
      issuer: AnyUrl.default('https://booking-workstation.nhs.example'),
      /** Only for a deployment whose authorisation service expects signed tokens; unsigned is the standard's default. */
      signing: z.object({ alg: z.enum(['RS256', 'ES256', 'PS256']), keyPath: FilePath, passphraseRef: SecretRef.optional() }).optional(),
    })
    .prefault({}),
  interactions: Interactions,
  timeouts: Timeouts,
  /** Caps a Provider reply (a 20 MB bundle is an error, not a crash). */
  maxResponseBytes: z.number().int().min(64 * 1024).max(64 * 1024 * 1024).default(8 * 1024 * 1024),
  /** How far ahead to search for slots when the deadline is nearer than this. */
  slotSearchWindowHours: z.number().int().min(1).max(24 * 14).default(72),
  dispositions: z.array(DispositionSetting).min(1).default(DEFAULT_DISPOSITIONS),
  /** Where referrals go when the directory names no ITK endpoint (usually unset). */
  itk: z.object({ fromAddress: z.string().default('urn:nhs-uk:addressing:ods:X99999'), endpointOverride: HttpsUrl.optional() }).prefault({}),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug']).default('info'),
  /** Shared desktops: minutes without a key press or pointer movement before the screen locks and hides the patient. */
  idleLockMinutes: z.number().int().min(1).max(240).default(10),
};

/** The organisation record (PostgreSQL); absent means this desk keeps everything to itself. */
const OrgUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/[^@\s/]+(:\d+)?\/[^\s/?#]+$/, 'must be postgres://host:port/database, without credentials (the password goes in org.passwordRef)');
const OrgFields = { url: OrgUrl, user: z.string().min(1), passwordRef: SecretRef, caPath: FilePath.optional() };
const needsCa = (o: { sslmode: string; caPath?: string | undefined }): boolean => o.sslmode !== 'verify-full' || o.caPath !== undefined;
const CA_REQUIRED = { path: ['caPath'], message: 'is required with sslmode verify-full' };
/** Sandbox may use a plain local cluster (npm run org:dev); live always verifies the server. */
const SandboxOrg = z
  .object({ ...OrgFields, sslmode: z.enum(['verify-full', 'disable']).default('verify-full') })
  .strict()
  .refine(needsCa, CA_REQUIRED);
const LiveOrg = z
  .object({ ...OrgFields, sslmode: z.literal('verify-full', { error: 'must be verify-full in live mode' }).default('verify-full') })
  .strict()
  .refine(needsCa, CA_REQUIRED);
export type OrgRecordSettings = z.infer<typeof SandboxOrg>;

export const SandboxSettings = z.object({ mode: z.literal('sandbox'), ...Common, org: SandboxOrg.optional() }).strict();

export const LiveSettings = z
  .object({
    mode: z.literal('live'),
    ...Common,
    organisation: z.object({ odsCode: z.string().regex(/^[A-Z0-9]{3,10}$/, 'must be an ODS code'), name: z.string().min(1) }),
    asid: Asid,
    dos: z.object({
      url: HttpsUrl,
      username: z.string().min(1),
      passwordRef: SecretRef,
      /** CheckCapacitySummary needs a symptom group and discriminators besides the disposition. */
      symptomGroup: z.number().int().positive().default(1011),
      symptomDiscriminators: z.array(z.number().int().positive()).default([4003]),
      searchDistanceKm: z.number().int().min(1).max(200).default(60),
    }),
    sds: z.object({
      url: z.string().regex(/^ldaps:\/\/[^\s/]+(:\d+)?\/?$/, 'must be an ldaps:// URL'),
      baseDn: z.string().default('ou=services,o=nhs'),
      cacheTtlSeconds: z.number().int().min(0).max(86_400).default(3600),
    }),
    ssp: z.object({ baseUrl: HttpsUrl }),
    tls: z.object({ certPath: FilePath, keyPath: FilePath, caPath: FilePath, keyPassphraseRef: SecretRef.optional() }),
    org: LiveOrg.optional(),
  })
  .strict();

export const Settings = z.discriminatedUnion('mode', [SandboxSettings, LiveSettings]);
export type Settings = z.infer<typeof Settings>;
export type LiveSettings = z.infer<typeof LiveSettings>;
export type SandboxSettingsT = z.infer<typeof SandboxSettings>;

export const DEFAULT_SETTINGS: Settings = SandboxSettings.parse({ mode: 'sandbox' });
