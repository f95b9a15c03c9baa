import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { serviceWorkerPlugin } from './build/service-worker-plugin';

/** Everything the Fastify server answers; in development Vite forwards it so the page and API share an origin. */
const serverPaths = ['/api', '/docs', '/healthz', '/readyz', '/metrics'];
const serverOrigin = process.env.CIVICGRID_DEV_SERVER ?? 'http://localhost:8080';
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Three pages in one build: the console (`/`), the grid worker's phone app (`/m/`, installable, with a service
 * worker at `/m/sw.js`) and the citizen portal (`/portal/`). They share the API client and the locales; each
 * loads only its own chunks.
 */
export default defineConfig({
  plugins: [
    react(),
    serviceWorkerPlugin({
      entryHtml: 'm/index.html',
      worker: 'sw',
      extra: ['m/manifest.webmanifest', 'm/icon.svg', 'm/icon-192.png', 'm/icon-512.png'],
    }),
  ],
  server: {
    proxy: Object.fromEntries(serverPaths.map((p) => [p, { target: serverOrigin, changeOrigin: false }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      input: {
        console: here('index.html'),
        mobile: here('m/index.html'),
        portal: here('portal/index.html'),
        sw: here('src/mobile/sw.ts'),
      },
      output: {
        // The service worker keeps one address: its scope is its folder and browsers look for updates there.
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'm/sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test-setup.ts'],
    css: false,
  },
});
