export { buildClaims, REQUESTED_SCOPE, ODS_SYSTEM, SDS_USER_SYSTEM, SDS_ROLE_SYSTEM } from './claims';
export type { JwtClaims, JwtOperation, JwtSystem, JwtUser } from './claims';
export { JwtFactory, type JwtOptions, type JwtSigning } from './token';
