import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * nhsuk-frontend's CSS loads Frutiger from assets.nhs.uk. The CSP allows fonts from the app
 * only, and Frutiger is licensed to NHS websites, not bundled with the package, so those
 * @font-face rules are dropped: the design system's own fallback (Arial, then the system
 * sans-serif) is used, and the console stays free of CSP errors.
 */
function dropRemoteFonts(): Plugin {
  return {
    name: 'drop-remote-fonts',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('nhsuk-frontend') || !id.endsWith('.css')) return null;
      return { code: code.replace(/@font-face\s*\{[^}]*url\(\s*["']?https?:[^}]*\}/g, ''), map: null };
    },
  };
}

// The renderer is built once and served by Electron's app:// protocol or by the HTTP bridge.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [dropRemoteFonts(), react()],
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
