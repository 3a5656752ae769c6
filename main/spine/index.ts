export * as dos from './dos';
export * as sds from './sds';
export * as ssp from './ssp';
export * as jwt from './jwt';
