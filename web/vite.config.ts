import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const zodConfig = path.resolve(import.meta.dirname, 'src/zod-config.ts');
const staffMessages = path.resolve(import.meta.dirname, '../common/src/contracts/messages.ts');

/**
 * `zod`, imported by the web app's code, is web/src/zod-config.ts: zod configured (no run-time
 * compilation under the CSP, the staff's messages) before the first schema is built, wherever zod
 * first loads. So zod loads with the first form or contract that needs it, not with every page.
 * zod-config.ts and messages.ts themselves get zod.
 */
function configuredZod(): Plugin {
  return {
    name: 'rapport-configured-zod',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== 'zod' || !importer) return null;
      const from = path.resolve(importer.split('?')[0]!);
      return from === zodConfig || from === staffMessages ? null : zodConfig;
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [configuredZod(), react()],
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
        // d3-shape and d3-path are apart from them: Home's sparklines draw with them at first load.
        codeSplitting: {
          groups: [
            { name: 'zod', test: /node_modules[\\/]zod[\\/]|web[\\/]src[\\/]zod-config\.ts$/ },
            { name: 'chart-shapes', test: /node_modules[\\/]d3-(shape|path)[\\/]/ },
            {
              name: 'chart-scales',
              test: /node_modules[\\/](victory-vendor|d3-(?!shape[\\/]|path[\\/])[a-z-]+|internmap)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:3000' } },
});
