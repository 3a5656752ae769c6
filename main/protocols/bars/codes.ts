/** The BaRS systems, codes and URLs a sender writes (digest §0, §3). */
export const DOS_SERVICE_ID_SYSTEM = 'https://fhir.nhs.uk/Id/dos-service-id';
export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const USE_CASE_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/usecases-categories-bars';
export const EVENT_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/message-events-bars';
export const REASON_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/message-reason-bars';
export const HTTP_ERROR_CODES = 'https://fhir.nhs.uk/CodeSystem/http-error-codes';
/** FHIR's system for an identifier that is a URI: our booking's request id as `urn:uuid:…` (no invented system needed). */
export const URI_SYSTEM = 'urn:ietf:rfc:3986';
export const BUNDLE_PROFILE = 'https://fhir.nhs.uk/StructureDefinition/BARSBundleMessage';

export const DEFINITION = {
  booking: 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request',
  bookingCancelled: 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request-cancelled',
  referral: 'https://fhir.nhs.uk/MessageDefinition/bars-message-servicerequest-request-referral',
  referralCancelled: 'https://fhir.nhs.uk/MessageDefinition/bars-message-servicerequest-request-cancelled',
} as const;

/** The use cases' displays (digest §0; "111 to ED" as the MessageDefinitions and examples write it). */
export const USE_CASE_DISPLAY: Readonly<Record<string, string>> = {
  a1t1: '111 to ED', a1t2: '111 to UTC', a1t3: 'CAS to ED', a1t4: 'CAS to UTC', a1t7: '111 to SDEC', a1t8: 'CAS to SDEC', a1t10: '111 to UEC', a1t11: 'CAS to UEC',
};

/** A use-case Coding, with its display when known. */
export function useCaseCoding(code: string): Record<string, string> {
  const display = USE_CASE_DISPLAY[code];
  return { system: USE_CASE_SYSTEM, code, ...(display === undefined ? {} : { display }) };
}

/** Application 1 use cases a 111 or CAS sender may use, most specific first (digest §0). */
export const SENDER_USE_CASES: Record<'111' | 'cas', readonly string[]> = {
  '111': ['a1t1', 'a1t2', 'a1t7', 'a1t10'],
  cas: ['a1t3', 'a1t4', 'a1t8', 'a1t11'],
};

/** The API version we speak; the proxy checks the major (digest §1, contradiction §9.6: the API's version). */
export const API_VERSION = '1.0.0';
export const ACCEPT = `application/fhir+json; version=${API_VERSION}`;
