export { PdsClient, PDS_MAX_RESULTS } from './client';
export type { PdsClientOptions, PdsFailure, PdsFailureReason, PdsRetrieveResult, PdsSearchResult } from './client';
export { PdsPatient, NHS_NUMBER_SYSTEM } from './fhir';
export { tracedFields, isRestricted, type TracedFields } from './traced';
export { PdsTracer } from './tracer';
