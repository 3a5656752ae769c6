export { startBridge, SIGN_IN_PATH, TOKEN_HEADER, type Bridge, type BridgeOptions, type IssuedSignInCode } from './server';
export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './csp';
export { DEFAULT_BRIDGE_LIMITS, type BridgeLimits } from './limits';
