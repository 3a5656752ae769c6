export { buildSspUrl, canonicalServiceRoot, parseServiceRoot, UnsafeServiceRootError, type QueryValue, type ServiceRootPolicy } from './url';
export { sspHeaders, FHIR_JSON, type SspHeaderInput } from './headers';
export { send, sspAgent, TransportError, type MutualTls, type RawRequest, type RawResponse, type TransportFailure } from './transport';
