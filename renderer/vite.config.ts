import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is built once and served by Electron's app:// protocol or by the HTTP bridge.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    // Keep every asset a file: the CSP allows no data: scripts and no inline styles.
    assetsInlineLimit: 0,
    // nhsuk-frontend's CSS carries an old-IE media hack that lightningcss rejects.
    cssMinify: 'esbuild',
  },
});
