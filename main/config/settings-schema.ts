import { z } from 'zod';

/**
 * The machine-wide settings file an IT admin writes at deployment. A missing file means
 * sandbox mode; a bad file opens the configuration-problem screen naming each bad field.
 */

const Asid = z.string().regex(/^\d{12}$/, 'must be a 12-digit ASID');
/** A user name or password inside a URL would be logged and shown wherever the URL is: secrets go in a …Ref. */
const noCredentials = (url: string): boolean => !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url);
const CREDENTIALS_MESSAGE = 'must not contain a user name or password (user:pass@…): put credentials in a secret reference';
/**
 * The URL parser quietly drops a newline or tab inside a URL, so a pasted URL with a line break in
 * it would be used as another address: refused as typed, before the parser sees it.
 */
const OneLine = z.string().regex(/^[^\s\p{Cc}]*$/u, 'must be one web address with no spaces, tabs or line breaks in it');
const HttpsUrl = OneLine.pipe(z.url({ protocol: /^https$/, error: 'must be an https:// URL' })).refine(noCredentials, CREDENTIALS_MESSAGE);
/** An identifier URI (a token issuer, an identifier system): a web address or a URN, never javascript:, file: or data:. */
const IdentifierUri = OneLine.pipe(z.url({ protocol: /^(https?|urn)$/, error: 'must be an https://, http:// or urn: identifier' })).refine(noCredentials, CREDENTIALS_MESSAGE);
/** 14 days: beyond any urgent-care timeframe, and far inside what a date can hold. */
const MAX_TIMEFRAME_MINUTES = 14 * 24 * 60;
const FilePath = z.string().min(1, 'must be a file path');

/** A reference to a secret, never the secret itself. */
export const SecretRef = z
  .string()
  .regex(/^(env|file|safe):.+$/, 'must be a secret reference (env:NAME, file:PATH or safe:NAME), never the secret itself');
export type SecretRef = z.infer<typeof SecretRef>;

export const DispositionSetting = z.strictObject({
  code: z.string().regex(/^Dx\d{2,4}$|^[A-Za-z0-9_-]{2,20}$/, 'must be a disposition code such as Dx05'),
  text: z.string().min(1),
  timeframeMinutes: z
    .number()
    .int()
    .positive('must be a positive number of minutes')
    .max(MAX_TIMEFRAME_MINUTES, `must be at most ${String(MAX_TIMEFRAME_MINUTES)} minutes (14 days)`),
});

/** Care Connect interaction ids; kept in settings because the sources disagree on slot search. */
const Interactions = z
  .strictObject({
    slotSearch: z.string().default('urn:nhs:names:services:careconnect:fhir:rest:read:slot'),
    createAppointment: z.string().default('urn:nhs:names:services:careconnect:fhir:rest:create:appointment'),
    readAppointment: z.string().default('urn:nhs:names:services:careconnect:fhir:rest:read:appointment'),
    updateAppointment: z.string().default('urn:nhs:names:services:careconnect:fhir:rest:update:appointment'),
    readMetadata: z.string().default('urn:nhs:names:services:careconnect:fhir:rest:read:metadata'),
  })
  .prefault({});
export type Interactions = z.infer<typeof Interactions>;

const Timeouts = z
  .strictObject({
    slotSearchMs: z.number().int().min(1000).max(120_000).default(15_000),
    bookMs: z.number().int().min(1000).max(120_000).default(20_000),
    readMs: z.number().int().min(1000).max(120_000).default(10_000),
    directoryMs: z.number().int().min(1000).max(120_000).default(10_000),
    referralMs: z.number().int().min(1000).max(120_000).default(20_000),
  })
  .prefault({});

/** BaRS (FHIR R4) sender settings; absent = no BaRS, every service goes through Care Connect. */
export const BarsSettings = z
  .object({
    /** The BaRS proxy, e.g. https://api.service.nhs.uk/booking-and-referral/FHIR/R4. */
    proxyBaseUrl: HttpsUrl,
    /** The national API platform's token endpoint (…/oauth2/token). */
    tokenUrl: HttpsUrl,
    /** Our application's API key (iss and sub of the client assertion), as a secret reference. */
    apiKeyRef: SecretRef,
    /** The `kid` under which our public key is registered. */
    keyId: z.string().min(1, 'must be the registered key id'),
    /** PEM private key for the RS512 client assertion, and its passphrase reference. */
    privateKeyPath: FilePath,
    privateKeyPassphraseRef: SecretRef.optional(),
    /** Our own endpoint id (MessageHeader.source.endpoint), e.g. https://fhir.nhs.uk/Id/dos-service-id|2000099001. */
    sourceEndpoint: z.string().regex(/^\S+\|\S+$/, 'must be <system>|<value>, e.g. https://fhir.nhs.uk/Id/dos-service-id|2000099001'),
    software: z.strictObject({ name: z.string().min(1), version: z.string().min(1) }).default({ name: 'Booking Workstation', version: '0.1.0' }),
    /** Which Application 1 use cases we send: a 111 service or a CAS. */
    sender: z.enum(['111', 'cas']).default('111'),
    /** Per DoS service id, the standard to use whatever the directory says. */
    protocolOverrides: z.record(z.string().regex(/^\d+$/, 'must be a DoS service id'), z.enum(['bars', 'care-connect'])).default({}),
  })
  .strict();
export type BarsSettings = z.infer<typeof BarsSettings>;

/**
 * NHS CIS2 Authentication (OpenID Connect). The client authenticates with a private-key JWT
 * (private_key_jwt), the only method CIS2 offers native and server clients alike; the redirect
 * comes back to 127.0.0.1 on a port from `redirectPorts` (RFC 8252 loopback redirect).
 */
const RbacCode = z.string().regex(/^[RB]\d{4}$/, 'must be a national RBAC role code (R8000) or activity code (B0370)');
const PortNumber = z.number().int().min(1024, 'must be a port from 1024 to 65535').max(65_535, 'must be a port from 1024 to 65535');
const RedirectPorts = z
  .strictObject({ from: PortNumber, to: PortNumber })
  .refine((r) => r.to >= r.from && r.to - r.from < 100, { message: 'must be a range of 1 to 100 ports with from ≤ to', path: ['to'] });
const Cis2Common = {
  clientId: z.string().min(1, 'must be the client id CIS2 issued'),
  /** PEM private key whose public half CIS2 holds for this client (the client assertion is signed with it). */
  privateKeyPath: FilePath,
  privateKeyPassphraseRef: SecretRef.optional(),
  /** The `kid` under which the public key is registered, when CIS2 asks for one. */
  keyId: z.string().min(1).optional(),
  authMethod: z.literal('private_key_jwt', { error: 'must be private_key_jwt (a private-key JWT)' }).default('private_key_jwt'),
  scope: z.string().regex(/(^|\s)openid(\s|$)/, 'must include openid').default('openid profile nationalrbacaccess associatedorgs professionalmemberships'),
  redirectPorts: RedirectPorts.default({ from: 47_100, to: 47_109 }),
  /** CIS2's authentication_assurance_level: 3 is a smartcard or an equivalent authenticator. */
  requiredAssuranceLevel: z.enum(['1', '2', '3']).default('3'),
  /** Role or activity codes of users who may approve a booking after the deadline. */
  approverRoles: z.array(RbacCode).min(1).default(['R8000']),
  /** Role or activity codes of users who may book, cancel, rebook and refer. */
  bookerRoles: z.array(RbacCode).min(1).default(['R8000', 'R8001', 'R8003', 'R8008']),
};
export const Cis2Settings = z.strictObject({ issuer: HttpsUrl, ...Cis2Common });
/** Sandbox may name an OpenID provider on this machine over http (a CIS2 stand-in); absent means the embedded one. */
const SandboxCis2Settings = z.strictObject({
  issuer: OneLine.pipe(z.url({ protocol: /^https?$/, error: 'must be an https:// URL (or http://127.0.0.1 in sandbox)' }))
    .refine(noCredentials, CREDENTIALS_MESSAGE)
    .refine((u) => u.startsWith('https://') || /^http:\/\/127\.0\.0\.1(:\d+)?(\/|$)/.test(u), 'must be an https:// URL (or http://127.0.0.1 in sandbox)'),
  ...Cis2Common,
});
/** What the embedded CIS2 stand-in asks for when the settings name no provider. */
export const SANDBOX_CIS2_DEFAULTS = z.strictObject({
  redirectPorts: RedirectPorts.default({ from: 47_100, to: 47_109 }),
  requiredAssuranceLevel: z.enum(['1', '2', '3']).default('3'),
  approverRoles: z.array(RbacCode).min(1).default(['R8000']),
  bookerRoles: z.array(RbacCode).min(1).default(['R8000', 'R8001', 'R8003', 'R8008']),
});
export type Cis2Settings = z.infer<typeof Cis2Settings>;

/** Cases store the code alone: two entries under one code would give a case whichever timeframe came first. */
function noDuplicateCodes(list: { code: string }[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  list.forEach((d, i) => {
    const first = seen.get(d.code.toUpperCase());
    if (first === undefined) seen.set(d.code.toUpperCase(), i);
    else ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `repeats the code ${d.code} of dispositions.${String(first)}: each disposition code may be listed once` });
  });
}

const DEFAULT_DISPOSITIONS = [
  { code: 'Dx05', text: 'Contact a primary care service within 2 hours', timeframeMinutes: 120 },
  { code: 'Dx06', text: 'Contact a primary care service within 6 hours', timeframeMinutes: 360 },
  { code: 'Dx07', text: 'Contact a primary care service within 12 hours', timeframeMinutes: 720 },
  { code: 'Dx08', text: 'Contact a primary care service within 24 hours', timeframeMinutes: 1440 },
  { code: 'Dx02', text: 'Attend an emergency treatment centre within 1 hour', timeframeMinutes: 60 },
];

const Common = {
  organisation: z
    .strictObject({ odsCode: z.string().regex(/^[A-Z0-9]{3,10}$/, 'must be an ODS code'), name: z.string().min(1) })
    .default({ odsCode: 'X99999', name: 'Sandbox NHS 111 Service' }),
  asid: Asid.default('200000000001'),
  device: z
    .strictObject({
      system: IdentifierUri.default('https://booking-workstation.nhs.example/Id/device'),
      value: z.string().min(1).default('booking-workstation'),
      model: z.string().min(1).default('Booking Workstation'),
      version: z.string().min(1).default('0.1.0'),
    })
    .prefault({}),
  jwt: z
    .strictObject({
      issuer: IdentifierUri.default('https://booking-workstation.nhs.example'),
      /** Only for a deployment whose authorisation service expects signed tokens; unsigned is the standard's default. */
      signing: z.strictObject({ alg: z.enum(['RS256', 'ES256', 'PS256']), keyPath: FilePath, passphraseRef: SecretRef.optional() }).optional(),
    })
    .prefault({}),
  interactions: Interactions,
  timeouts: Timeouts,
  /** The most a user waits on one action, retries included; writes then continue in the background (issue 10). */
  actionDeadlines: z
    .strictObject({
      slotSearchMs: z.number().int().min(1000).max(120_000).default(20_000),
      writeMs: z.number().int().min(1000).max(120_000).default(25_000),
    })
    .prefault({}),
  /** Caps a Provider reply (a 20 MB bundle is an error, not a crash). */
  maxResponseBytes: z.number().int().min(64 * 1024).max(64 * 1024 * 1024).default(8 * 1024 * 1024),
  /** How far ahead to search for slots when the deadline is nearer than this. */
  slotSearchWindowHours: z.number().int().min(1).max(24 * 14).default(72),
  dispositions: z.array(DispositionSetting).min(1).superRefine(noDuplicateCodes).default(DEFAULT_DISPOSITIONS),
  /** The case screen: how many bookable services "Compare services" searches at once, and how soon an in-person slot is flagged. */
  caseScreen: z
    .strictObject({
      compareServices: z.number().int().min(1).max(10).default(5),
      inPersonSoonMinutes: z.number().int().min(0).max(240).default(30),
      /** The least time a patient needs to reach an in-person appointment: Compare never suggests one starting sooner. */
      inPersonLeadMinutes: z.number().int().min(0).max(240).default(30),
    })
    .prefault({}),
  /** Where referrals go when the directory names no ITK endpoint (usually unset). */
  itk: z.strictObject({ fromAddress: z.string().default('urn:nhs-uk:addressing:ods:X99999'), endpointOverride: HttpsUrl.optional() }).prefault({}),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug']).default('info'),
  /** Shared desktops: minutes without a key press or pointer movement before the screen locks and hides the patient. */
  idleLockMinutes: z.number().int().min(1).max(240).default(10),
  bars: BarsSettings.optional(),
};

/** The organisation record (PostgreSQL); absent means this desk keeps everything to itself. */
const OrgUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/[^@\s/]+(:\d+)?\/[^\s/?#]+$/, 'must be postgres://host:port/database, without credentials (the password goes in org.passwordRef)');
const OrgFields = {
  url: OrgUrl,
  user: z.string().min(1),
  passwordRef: SecretRef,
  caPath: FilePath.optional(),
  /** Where this desk is (e.g. "Leeds call centre"): the organisation's reports can be grouped by it. */
  site: z.string().trim().min(1).max(100).optional(),
};
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

/** A sandbox already listening on this machine (`npm run sandbox`); its Provider tokens name 127.0.0.1, so only that host will do. */
const LoopbackSandboxUrl = z.string().regex(/^http:\/\/127\.0\.0\.1:\d{1,5}$/, 'must be http://127.0.0.1:<port> (a sandbox on this machine)');

/**
 * The embedded sandbox Provider keeps its appointments in `sandbox-provider.sqlite` in the data
 * folder; `providerPath` points several desks at one file so they book with one Provider (npm run org:dev).
 * `externalBaseUrl` uses a sandbox that is already running instead of starting one, so the
 * Provider outlives the app (the crash-sequence runner kills the app, never the Provider).
 */
const SandboxProvider = z
  .object({ providerPath: FilePath.optional(), externalBaseUrl: LoopbackSandboxUrl.optional(), cis2: SANDBOX_CIS2_DEFAULTS.optional() })
  .strict();

/** How long a PDS trace may take: a clinician is on the phone, and can always go on untraced. */
const PdsTimeoutMs = z.number().int().min(1000).max(60_000).default(8000);
/**
 * The Personal Demographics Service (FHIR R4), e.g. https://api.service.nhs.uk/personal-demographics/FHIR/R4.
 * Sandbox: absent = the embedded stand-in; live: absent = no tracing (every case says "not traced").
 */
/** A PDS on this machine (a sandbox run apart) may be plain http on 127.0.0.1; any other must be https. */
const LoopbackPdsUrl = OneLine.regex(/^http:\/\/127\.0\.0\.1:\d{1,5}(\/\S*)?$/, 'must be an https:// URL, or http://127.0.0.1:<port>/… for a sandbox on this machine');
const SandboxPds = z.strictObject({ baseUrl: z.union([HttpsUrl, LoopbackPdsUrl]).optional(), timeoutMs: PdsTimeoutMs }).prefault({});
const LivePds = z.strictObject({ baseUrl: HttpsUrl, timeoutMs: PdsTimeoutMs });

export const SandboxSettings = z
  .object({ mode: z.literal('sandbox'), ...Common, org: SandboxOrg.optional(), sandbox: SandboxProvider.optional(), pds: SandboxPds, cis2: SandboxCis2Settings.optional() })
  .strict();

export const LiveSettings = z
  .object({
    mode: z.literal('live'),
    ...Common,
    organisation: z.strictObject({ odsCode: z.string().regex(/^[A-Z0-9]{3,10}$/, 'must be an ODS code'), name: z.string().min(1) }),
    asid: Asid,
    dos: z.strictObject({
      url: HttpsUrl,
      username: z.string().min(1),
      passwordRef: SecretRef,
      /** CheckCapacitySummary needs a symptom group and discriminators besides the disposition. */
      symptomGroup: z.number().int().positive().default(1011),
      symptomDiscriminators: z.array(z.number().int().positive()).default([4003]),
      searchDistanceKm: z.number().int().min(1).max(200).default(60),
    }),
    sds: z.strictObject({
      url: z.string().regex(/^ldaps:\/\/[^\s/]+(:\d+)?\/?$/, 'must be an ldaps:// URL').refine(noCredentials, CREDENTIALS_MESSAGE),
      baseDn: z.string().default('ou=services,o=nhs'),
      cacheTtlSeconds: z.number().int().min(0).max(86_400).default(3600),
    }),
    ssp: z.strictObject({ baseUrl: HttpsUrl }),
    tls: z.strictObject({ certPath: FilePath, keyPath: FilePath, caPath: FilePath, keyPassphraseRef: SecretRef.optional() }),
    org: LiveOrg.optional(),
    pds: LivePds.optional(),
    cis2: Cis2Settings,
  })
  .strict();

export const Settings = z.discriminatedUnion('mode', [SandboxSettings, LiveSettings]);
export type Settings = z.infer<typeof Settings>;
export type LiveSettings = z.infer<typeof LiveSettings>;
export type SandboxSettingsT = z.infer<typeof SandboxSettings>;

export const DEFAULT_SETTINGS: Settings = SandboxSettings.parse({ mode: 'sandbox' });
