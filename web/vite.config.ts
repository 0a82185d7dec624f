import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { routePreloads } from './route-preloads.ts';

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

/**
 * Mantine's stylesheet is split by component, as Mantine documents (`@mantine/core/styles/*.css`),
 * but without a list to keep by hand: each Mantine component's class-name module
 * (esm/components/…/Button.module.mjs) imports that component's stylesheet. So a component's CSS
 * goes wherever the bundler puts the component: with the entry (a <link> that blocks the first
 * paint) for the frame every screen draws, with a screen's chunk for the rest, which Vite loads
 * before that chunk runs (no unstyled flash). A component's module is imported after those it is
 * built on (Button after UnstyledButton), so their stylesheets keep Mantine's order. The layered
 * files (@layer mantine) are used, so web/src/styles.css overrides them in whatever order they load.
 */
function mantineStylesByComponent(): Plugin {
  const module = /[\\/]@mantine[\\/]core[\\/]esm[\\/]components[\\/].+[\\/]([A-Za-z]+)\.module\.mjs$/;
  const main = path.resolve(import.meta.dirname, 'src/main.tsx');
  let serving = false;
  return {
    name: 'rapport-mantine-styles-by-component',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    transform(code, id) {
      const file = id.split('?')[0]!;
      // The dev server serves Mantine pre-bundled, past this hook: there the whole stylesheet loads.
      if (serving)
        return path.resolve(file) === main ? `import '@mantine/core/styles.layer.css';\n${code}` : null;
      const name = module.exec(file)?.[1];
      if (!name) return null;
      return { code: `${code}\nimport '@mantine/core/styles/${name}.layer.css';\n`, map: null };
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    configuredZod(),
    mantineStylesByComponent(),
    react(),
    // Asked by every screen as it starts: the sign-in state (Layout and the sign-in page) and the
    // university's branding (main.tsx's theme). Neither answers an error when signed out.
    routePreloads(path.resolve(import.meta.dirname, 'src'), ['/api/v1/auth/status', '/api/v1/branding']),
  ],
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
            // Rolldown puts each module that the entry shares with a lazy screen in a small common
            // chunk: the entry loaded some thirty scripts (and, with Mantine's stylesheet split by
            // component, ten stylesheets) before the first paint, each a request on a phone's slow
            // link. All of them are needed for that paint, so they are one chunk and one stylesheet.
            { name: 'frame', tags: ['$initial'] },
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
