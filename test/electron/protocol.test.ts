import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { protocol, resetFakeElectron } from './fake-electron';
import { CONTENT_SECURITY_POLICY } from '../../main/bridge/csp';
import { registerAppScheme, rendererPathOf, serveRenderer } from '../../main/electron/protocol';

vi.mock('electron', () => import('./fake-electron'));
// Every file the handler reads goes through here, so a test can say it read nothing outside the renderer.
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof fsPromises>();
  const spied = vi.fn(real.readFile);
  return { ...real, default: { ...real, readFile: spied }, readFile: spied };
});

let root: string;
let rendererDir: string;

beforeEach(() => {
  resetFakeElectron();
  vi.mocked(readFile).mockClear();
  root = mkdtempSync(join(tmpdir(), 'bw-app-protocol-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Booking Workstation</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-abc123.js'), 'console.log("app")');
  writeFileSync(join(rendererDir, 'assets', 'index-abc123.css'), 'body{}');
  // Stand-ins for what an attacker wants: a file beside the renderer, and a folder whose name starts like it.
  writeFileSync(join(root, 'secret.txt'), 'PATIENT-DATA');
  mkdirSync(join(root, 'renderer-evil'));
  writeFileSync(join(root, 'renderer-evil', 'x.js'), 'PATIENT-DATA');
  serveRenderer(rendererDir);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

async function get(url: string): Promise<Response> {
  const handler = protocol.handlers.get('app');
  if (handler === undefined) throw new Error('app:// was not handled');
  return handler({ url });
}

function filesRead(): string[] {
  return vi.mocked(readFile).mock.calls.map(([path]) => resolve(path as string));
}

describe('app:// serves the built renderer', () => {
  it('is registered as a standard, secure scheme with no fetch powers before the app is ready', () => {
    registerAppScheme();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: false } }]);
  });

  it.each([
    ['app://workstation/', 'text/html; charset=utf-8', 'Booking Workstation'],
    ['app://workstation/index.html', 'text/html; charset=utf-8', 'Booking Workstation'],
    ['app://workstation/assets/index-abc123.js', 'text/javascript; charset=utf-8', 'console.log'],
    ['app://workstation/assets/index-abc123.css?v=1', 'text/css; charset=utf-8', 'body{}'],
  ])('%s with its type and the CSP', async (url, type, content) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain(content);
    expect(filesRead()).toHaveLength(1);
  });

  it('a file of a type the renderer never has is not served', async () => {
    writeFileSync(join(rendererDir, 'notes.txt'), 'x');
    expect((await get('app://workstation/notes.txt')).status).toBe(404);
  });

  it('a missing file is a plain 404', async () => {
    const response = await get('app://workstation/assets/missing.js');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('app:// refuses every way out of the renderer folder', () => {
  it.each([
    'app://workstation/../../etc/passwd',
    'app://workstation/../secret.txt',
    'app://workstation/%2e%2e/secret.txt',
    'app://workstation/%2E%2E/%2E%2E/etc/passwd',
    'app://workstation/..%2fsecret.txt',
    'app://workstation/assets/..%2f..%2fsecret.txt',
    'app://workstation/%2e%2e%2fsecret.txt',
    'app://workstation/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://workstation/..%2frenderer-evil%2fx.js',
    'app://workstation/%252e%252e%252fsecret.txt', // double-encoded
    'app://workstation/..%5csecret.txt', // an encoded backslash
    'app://workstation/..\\secret.txt',
    'app://workstation/assets\\..\\..\\secret.txt',
    'app://workstation/index.html%00.js', // a NUL byte
    'app://workstation/%00',
    'app://workstation/%E0%A4%A', // not valid percent-encoding
    'app://workstation/%2fetc%2fpasswd', // an absolute path once decoded
    'app://workstation/assets/.%2e/.%2e/secret.txt',
    'app://workstation/assets/', // a folder
    'app://evil/index.html', // another host
    'app://workstation.evil.example/index.html',
    'app://workstation:8080/index.html',
    'app://user:pass@workstation/index.html',
    'app:///etc/passwd',
    'file:///etc/passwd',
  ])('%s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('PATIENT-DATA');
    for (const path of filesRead()) expect(path.startsWith(resolve(rendererDir) + sep)).toBe(true);
  });

  it('refuses the traversals before touching the disk at all', async () => {
    const sneaky = [
      'app://workstation/..%2fsecret.txt',
      'app://workstation/assets%5c..%5c..%5csecret.js', // a separator on Windows
      'app://workstation/%00x.js',
      'app://workstation/index.html%00',
      'app://evil/index.html',
      'app://evil/assets/index-abc123.js',
    ];
    for (const url of sneaky) {
      expect((await get(url)).status).toBe(404);
    }
    expect(readFile).not.toHaveBeenCalled();
  });
});

// The renderer folder's own check (readStatic) stands behind this one: each wall is tested alone,
// so taking either away fails a test even while the other still holds.
describe('the app:// path check on its own', () => {
  // Plain and %2e dot segments never get here: the URL parser (Chromium's, as Node's) removes them.
  it.each([
    'app://workstation/..%2frenderer-evil%2fx.js',
    'app://workstation/assets/..%2f..%2fsecret.js',
    'app://workstation/%2e%2e%2fsecret.js',
    'app://workstation/assets/.%2fsecret.js',
    'app://workstation/..%5csecret.js',
    'app://workstation/assets\\..\\..\\secret.js',
    'app://workstation/index.html%00.js',
    'app://workstation/%E0%A4%A',
    'app://evil/index.html',
    'app://workstation:8080/index.html',
    'app://user:pass@workstation/index.html',
    'file:///etc/passwd',
  ])('names no renderer file for %s', (url) => {
    expect(rendererPathOf(url)).toBeUndefined();
  });

  it('names the renderer file of an app page', () => {
    expect(rendererPathOf('app://workstation/assets/index-abc123.js?v=1')).toBe('/assets/index-abc123.js');
    expect(rendererPathOf('app://workstation/')).toBe('/');
  });
});
