import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** Everything the Fastify server answers; in development Vite forwards it so the page and API share an origin. */
const serverPaths = ['/api', '/docs', '/healthz', '/readyz', '/metrics'];
const serverOrigin = process.env.CIVICGRID_DEV_SERVER ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: Object.fromEntries(serverPaths.map((p) => [p, { target: serverOrigin, changeOrigin: false }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test-setup.ts'],
    css: false,
  },
});
