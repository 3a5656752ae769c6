export { SdsClient, type SdsClientOptions } from './client';
export { escapeFilterValue, asFilter, mhsFilter } from './filter';
