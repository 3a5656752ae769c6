export { ProviderClient, type PreparedBookRequest, type BookRequest, type BookResult, type ExchangeIds, type ReadResult, type SlotSearchResult } from './client';
export { ProviderError, userFailure, type ProviderFailureKind, type ProviderOperation } from './errors';
export { DEFAULT_INTERACTIONS, type InteractionIds, type ProviderClientOptions, type ProviderTarget, type SearchWindow } from './options';
export { parseAppointmentLocation, versionFromEtag, type AppointmentLocation } from './location';
