import { SignJWT, UnsecuredJWT, type CryptoKey, type KeyObject } from 'jose';
import { buildClaims, type JwtOperation, type JwtSystem, type JwtUser } from './claims';

/** Optional signed mode, for a deployment whose Provider asks for it; the standard itself uses alg none. */
export interface JwtSigning {
  key: CryptoKey | KeyObject | Uint8Array;
  alg: string;
}

export interface JwtOptions {
  system: JwtSystem;
  /** Called per token so a change of logged-on user is picked up at once. */
  user: () => JwtUser;
  signing?: JwtSigning;
  now?: () => number;
}

/** Makes a new token per request (digest §2): unsecured `alg: none` unless signing is configured. */
export class JwtFactory {
  constructor(private readonly options: JwtOptions) {}

  async create(audience: string, operation: JwtOperation): Promise<string> {
    const nowSeconds = Math.floor((this.options.now?.() ?? Date.now()) / 1000);
    const claims = buildClaims(this.options.system, this.options.user(), audience, operation, nowSeconds);
    const signing = this.options.signing;
    if (signing === undefined) {
      // jose's UnsecuredJWT writes {"alg":"none"}; the standard's header also names typ JWT.
      const token = new UnsecuredJWT(claims).encode();
      const [, payload] = token.split('.');
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      return `${header}.${payload ?? ''}.`;
    }
    return new SignJWT(claims).setProtectedHeader({ alg: signing.alg, typ: 'JWT' }).sign(signing.key);
  }
}
