import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { ConfigProblem } from '../../preload/contract';
import type { Settings } from './settings-schema';

/**
 * What is inside the certificate and key files, checked at start: an empty certificate, a key
 * that is not its certificate's, or a CA file holding a private key otherwise starts normally
 * and only shows later as "the Directory of Services could not be reached".
 */

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** The passphrase a setting refers to, when it can be read now; `safe:` only the desktop shell can read. */
type Passphrase = { known: true; value: string | undefined } | { known: false };

export function pemProblems(settings: Settings, skip: ReadonlySet<string>, env: NodeJS.ProcessEnv): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (field: string, message: string | undefined): void => {
    if (message !== undefined) problems.push({ field, message });
  };
  const check = <T>(field: string, path: string | undefined, read: (pem: string) => T | string): T | undefined => {
    if (path === undefined || skip.has(field)) return undefined;
    const found = read(readPem(path));
    if (typeof found === 'string') {
      add(field, found);
      return undefined;
    }
    return found;
  };
  if (settings.mode === 'live') {
    const passphrase = passphraseOf(settings.tls.keyPassphraseRef, env, skip.has('tls.keyPassphraseRef'));
    const cert = check('tls.certPath', settings.tls.certPath, certificateIn);
    const key = check('tls.keyPath', settings.tls.keyPath, (pem) => privateKeyIn(pem, passphrase, 'tls.keyPassphraseRef'));
    check('tls.caPath', settings.tls.caPath, caBundleIn);
    if (cert !== undefined && typeof key === 'object' && !cert.checkPrivateKey(key)) {
      add('tls.keyPath', 'does not match the certificate in tls.certPath: the two files must be one certificate and its own private key');
    }
  }
  const signing = settings.jwt.signing;
  check('jwt.signing.keyPath', signing?.keyPath, (pem) => privateKeyIn(pem, passphraseOf(signing?.passphraseRef, env, skip.has('jwt.signing.passphraseRef')), 'jwt.signing.passphraseRef'));
  check('org.caPath', settings.org?.caPath, caBundleIn);
  const bars = settings.bars;
  check('bars.privateKeyPath', bars?.privateKeyPath, (pem) => privateKeyIn(pem, passphraseOf(bars?.privateKeyPassphraseRef, env, skip.has('bars.privateKeyPassphraseRef')), 'bars.privateKeyPassphraseRef'));
  const cis2 = settings.cis2;
  check('cis2.privateKeyPath', cis2?.privateKeyPath, (pem) => privateKeyIn(pem, passphraseOf(cis2?.privateKeyPassphraseRef, env, skip.has('cis2.privateKeyPassphraseRef')), 'cis2.privateKeyPassphraseRef'));
  return problems;
}

function certificateIn(pem: string): X509Certificate | string {
  const blocks = blocksOf(pem);
  const first = blocks.find((b) => b.label === 'CERTIFICATE');
  if (first === undefined) {
    return blocks.some((b) => b.label.endsWith('PRIVATE KEY'))
      ? 'holds a private key, not a certificate: check that the certificate and key paths are not swapped'
      : 'must be a PEM certificate (-----BEGIN CERTIFICATE-----), and this file holds none';
  }
  try {
    return new X509Certificate(first.text);
  } catch {
    return 'holds a certificate that cannot be read: it may be damaged or cut short';
  }
}

/** `true` when the key is there but locked by a passphrase only the desktop shell can read. */
function privateKeyIn(pem: string, passphrase: Passphrase, passphraseField: string): KeyObject | true | string {
  const blocks = blocksOf(pem);
  const block = blocks.find((b) => b.label.endsWith('PRIVATE KEY'));
  if (block === undefined) {
    return blocks.some((b) => b.label === 'CERTIFICATE')
      ? 'holds a certificate, not a private key: check that the certificate and key paths are not swapped'
      : 'must be a PEM private key (-----BEGIN PRIVATE KEY-----), and this file holds none';
  }
  const locked = block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(block.text);
  if (locked && !passphrase.known) return true;
  const value = passphrase.known ? passphrase.value : undefined;
  if (locked && value === undefined) return `is locked by a passphrase: set ${passphraseField}`;
  try {
    return createPrivateKey({ key: block.text, format: 'pem', ...(value === undefined ? {} : { passphrase: value }) });
  } catch {
    return locked ? `cannot be opened with the passphrase in ${passphraseField}` : 'holds a private key that cannot be read: it may be damaged or cut short';
  }
}

function caBundleIn(pem: string): X509Certificate[] | string {
  const blocks = blocksOf(pem);
  // A trust file is copied to every desk and read by anyone: a key in it is no longer private.
  if (blocks.some((b) => b.label.endsWith('PRIVATE KEY'))) return 'holds a private key: a CA file must hold only certificates, and the key should be replaced';
  const certs = blocks.filter((b) => b.label === 'CERTIFICATE');
  if (certs.length === 0) return 'must hold the CA certificate(s) in PEM (-----BEGIN CERTIFICATE-----), and this file holds none';
  try {
    return certs.map((c) => new X509Certificate(c.text));
  } catch {
    return 'holds a certificate that cannot be read: it may be damaged or cut short';
  }
}

function blocksOf(pem: string): { label: string; text: string }[] {
  return [...pem.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1] ?? '', text: m[0] }));
}

/** A passphrase that cannot be read now (safe:, an unset variable, a file already named as a problem) leaves the key unchecked. */
function passphraseOf(ref: string | undefined, env: NodeJS.ProcessEnv, unusable: boolean): Passphrase {
  if (ref === undefined) return { known: true, value: undefined };
  if (unusable) return { known: false };
  const colon = ref.indexOf(':');
  const kind = ref.slice(0, colon);
  const name = ref.slice(colon + 1);
  const value = kind === 'env' ? env[name] : kind === 'file' ? readOrUndefined(name) : undefined;
  return value === undefined || value === '' ? { known: false } : { known: true, value };
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readPem(path).trim();
  } catch {
    return undefined;
  }
}

/** Reads a file already checked to be small and regular, without blocking if it was swapped for a FIFO since. */
function readPem(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) return '';
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
