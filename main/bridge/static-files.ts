import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Reads a file of the built renderer (path already decoded, no query); refuses anything outside its folder. */
export async function readStatic(root: string, path: string): Promise<{ body: Buffer; type: string } | undefined> {
  const relative = path === '/' ? 'index.html' : path.replace(/^\/+/, '');
  const full = normalize(join(root, relative));
  if (!full.startsWith(normalize(root) + sep)) return undefined;
  const type = TYPES[extname(full)];
  if (type === undefined) return undefined;
  try {
    return { body: await readFile(full), type };
  } catch {
    return undefined;
  }
}
