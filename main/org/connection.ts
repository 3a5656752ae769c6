import { readFileSync } from 'node:fs';
import { checkServerIdentity } from 'node:tls';
import postgres from 'postgres';
import { unreadableFileReason } from '../config/file-checks';
import type { OrgRecordSettings } from '../config/settings-schema';

export type OrgSslMode = 'verify-full' | 'disable';

/** How to reach the organisation record; the password comes from a secret reference, never the URL. */
export interface OrgConnectionOptions {
  /** postgres://host:port/database, without credentials. */
  url: string;
  user: string;
  password: string;
  sslmode: OrgSslMode;
  /** The CA that signed the server's certificate (required with verify-full). */
  caPath?: string;
  /** Pool size; a desk needs few. */
  max?: number;
  connectTimeoutSeconds?: number;
}

/** The settings' `org` block as connectOrg takes it, logged in as `user`. */
export function orgConnectionOptions(org: OrgRecordSettings, user: string, password: string): OrgConnectionOptions {
  return { url: org.url, user, password, sslmode: org.sslmode, ...(org.caPath !== undefined ? { caPath: org.caPath } : {}) };
}

/** The login of the admin commands (org:migrate, audit:verify --org): the environment's, else the settings' own. */
export function orgAdminLogin(org: OrgRecordSettings, env: NodeJS.ProcessEnv = process.env): { user: string; passwordRef: string } {
  return { user: env.BW_ORG_ADMIN_USER ?? org.user, passwordRef: env.BW_ORG_ADMIN_PASSWORD_REF ?? org.passwordRef };
}

export class OrgConfigError extends Error {
  override name = 'OrgConfigError';
}

/** Opens a pool to the organisation record: with verify-full the server's certificate and host name are both checked. */
export function connectOrg(options: OrgConnectionOptions): postgres.Sql {
  const url = new URL(options.url);
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new OrgConfigError('org.url must be a postgres:// URL');
  if (url.username !== '' || url.password !== '') throw new OrgConfigError('org.url must not carry credentials');
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  let ssl: false | { ca: string; rejectUnauthorized: true; servername?: string; checkServerIdentity: typeof checkServerIdentity } = false;
  if (options.sslmode === 'verify-full') {
    if (options.caPath === undefined) throw new OrgConfigError('org.caPath is required with sslmode verify-full');
    // A FIFO or device here would block the read, and start-up or the admin command, for ever.
    const unreadable = unreadableFileReason(options.caPath, { what: 'a CA certificate file', mustHaveContent: true });
    if (unreadable !== undefined) throw new OrgConfigError(`org.caPath must name a readable CA certificate file: ${unreadable}`);
    // An IP literal is checked against the certificate's IP SANs; SNI takes only host names.
    const isIp = /^[\d.]+$|:/.test(url.hostname);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    ssl = {
      ca: readFileSync(options.caPath, 'utf8'),
      rejectUnauthorized: true,
      ...(isIp ? {} : { servername: host }),
      // The client hands TLS a bare socket: name the host we meant, or Node checks the certificate against "localhost".
      checkServerIdentity: (_name, cert) => checkServerIdentity(host, cert),
    };
  }
  return postgres({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? 5432 : Number(url.port),
    database,
    username: options.user,
    password: options.password,
    ssl,
    max: options.max ?? 2,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    idle_timeout: 60,
    onnotice: () => undefined,
    connection: { application_name: 'booking-workstation' },
  });
}

/** Sorts a connection failure into what a user can act on; technical detail stays in the log. */
export function describeOrgFailure(error: unknown): { kind: 'unreachable' | 'refused-login' | 'untrusted' | 'no-tls' | 'rejected'; message: string } {
  const e = error as { code?: string; message?: string };
  const code = e.code ?? '';
  const text = e.message ?? String(error);
  if (code === '28P01' || code === '28000') return { kind: 'refused-login', message: 'The organisation record refused this desk’s login (check org.user and org.passwordRef).' };
  if (/SSL|TLS|EPROTO|certificate|self.signed|UNABLE_TO_VERIFY|ALTNAME/i.test(code + text)) {
    if (/does not support SSL|not support ssl|wrong version number|packet length|EPROTO|unexpected eof/i.test(code + text)) return { kind: 'no-tls', message: 'The organisation record does not offer TLS; this desk will not send patient data without it.' };
    return { kind: 'untrusted', message: 'The organisation record’s certificate is not trusted (check org.caPath).' };
  }
  if (/^(08|57P|53)/.test(code) || /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|CONNECT_TIMEOUT|CONNECTION_|write after end|socket/i.test(code + text)) {
    return { kind: 'unreachable', message: 'The organisation record cannot be reached.' };
  }
  return { kind: 'rejected', message: 'The organisation record rejected an upload; it will be retried.' };
}
