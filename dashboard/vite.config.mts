import { defineConfig } from 'vite';

/**
 * The operators' dashboard: a React single-page app, built to dashboard/dist and served by the API at `/`.
 * No React plugin: Vite's own transformer (Oxc) compiles TSX with the automatic JSX runtime; the app needs no
 * fast refresh. The zod schemas of ../domain are bundled so forms validate exactly like the API.
 */
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // helmet's Content-Security-Policy allows no inline script: keep every script in a file.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: {
      '/v1': 'http://127.0.0.1:3000',
      '/openapi.json': 'http://127.0.0.1:3000',
      '/healthz': 'http://127.0.0.1:3000',
    },
  },
});
