// Builds the dashboard (web/) into dist/web/, which amr serves at / (src/server/dashboard-routes.ts).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // One page, two libraries: Chart.js is the bulk; it gets its own chunk so app changes keep it cached.
    rollupOptions: { output: { manualChunks: { chart: ['chart.js'] } } },
    chunkSizeWarningLimit: 300,
  },
});
