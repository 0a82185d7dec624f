import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Read by scripts/build-web.mjs to report each main screen's first-load JavaScript, then removed.
    manifest: true,
    rolldownOptions: {
      output: {
        // The charts (recharts under Mantine's charts) load only when a chart is drawn, after the
        // page's words and tables (web/src/components/charts/Chart.tsx). Their scales and shapes
        // (d3, through victory-vendor) go in a chunk of their own, so no script is over 500 KB.
        codeSplitting: {
          groups: [
            { name: 'zod', test: /node_modules[\\/]zod[\\/]|web[\\/]src[\\/]zod-config\.ts$/ },
            { name: 'chart-scales', test: /node_modules[\\/](victory-vendor|d3-[a-z-]+|internmap)[\\/]/ },
          ],
        },
      },
    },
  },
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:3000' } },
});
