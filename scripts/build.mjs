// Builds the renderer (Vite) and bundles main, preload and the browser-build entry (esbuild).
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import { cpSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await vite({ configFile: 'renderer/vite.config.ts', logLevel: 'error' });
// The design system's CSS points at /assets/images/…: serve its icons from the same place.
cpSync('node_modules/nhsuk-frontend/dist/nhsuk/assets/images', 'dist/renderer/assets/images', { recursive: true });

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', packages: 'external' };
await Promise.all([
  // Electron loads CommonJS main and preload; node_modules stay outside the bundle (better-sqlite3 is native).
  esbuild({ ...common, entryPoints: ['main/electron/main.ts'], outfile: 'dist/main/electron.cjs', format: 'cjs', external: ['electron'] }),
  // A sandboxed preload may only require('electron'): bundle everything else into it.
  esbuild({ ...common, packages: undefined, entryPoints: ['preload/index.ts'], outfile: 'dist/preload/preload.cjs', format: 'cjs', platform: 'browser', external: ['electron'] }),
  esbuild({ ...common, entryPoints: ['main/web/serve.ts'], outfile: 'dist/main/web.mjs', format: 'esm' }),
]);
console.log('built dist/renderer, dist/main, dist/preload');
