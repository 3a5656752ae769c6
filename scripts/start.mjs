// `npm start`: Electron when its runtime is installed, otherwise the browser build (one line says so).
// `npm run start:web`: always the browser build.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const web = process.argv.includes('--web');
const passThrough = process.argv.slice(2).filter((a) => a !== '--web');

const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

/** Electron's package downloads its binary lazily; look for it without triggering that download. */
function electronBinary() {
  const dir = join('node_modules', 'electron');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

const electron = web ? undefined : electronBinary();
if (!web && electron === undefined) {
  console.log('Electron runtime is not installed on this machine: starting the browser build instead.');
}
const [command, args] =
  electron !== undefined ? [electron, ['.', ...passThrough]] : [process.execPath, ['dist/main/web.mjs', ...passThrough]];
const child = spawn(command, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
