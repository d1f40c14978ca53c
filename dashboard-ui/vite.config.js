import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// One HTML entry per page. The trends and explore pages join this list when they are built.
const pages = ['index', 'wall', 'trends', 'explore'];

export default defineConfig({
  base: '/',
  resolve: {
    alias: [
      // The event-bus client requires 'sockjs-client'; its browser build is self-contained,
      // while the package's main (lib/) expects Node's `global` and `process`.
      { find: /^sockjs-client$/, replacement: 'sockjs-client/dist/sockjs.min.js' },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: Object.fromEntries(pages.map((page) => [page, resolve(import.meta.dirname, `${page}.html`)])),
    },
  },
});
