export { DosClient, DirectoryError, type DirectoryFailure, type DosClientOptions } from './client';
export { checkCapacitySummaryEnvelope, serviceDetailsByIdEnvelope, DOS_NS, type CapacityDefaults, type DosCredentials } from './envelope';
export { parseCheckCapacitySummary, parseServiceDetailsById, parseDelimitedEndpoint, requireBookingFrom, DosResponseError, type DosServiceAttribute } from './parse';
export { bookabilityOf, itkEndpointOf, asidFromAddress, isSchedulingEndpoint, type Bookability } from '../../workflow/bookability';
