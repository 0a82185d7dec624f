import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * Each screen's code is a lazy route (web/src/router.tsx): without help the browser learns of it
 * only once the entry has downloaded and run, then asks for it, then for the data: a waterfall that
 * a slow phone pays in round trips. This plugin writes a small script that index.html loads first
 * (async, from our own origin, as the Content Security Policy requires): it matches the address
 * against the router's paths and adds a modulepreload for that screen's chunk and the chunks it
 * imports, so they download beside the entry. Nothing runs earlier than before; only the download
 * starts sooner.
 *
 * `requests` are API addresses every screen asks for as it starts (GET, never one that can answer
 * an error to a signed-out visitor): preloaded as fetches, the app's own fetch of the same address
 * takes the answer that is already on its way.
 *
 * The paths are read from router.tsx itself, so the two cannot disagree; a route written in
 * another shape stops the build rather than going unpreloaded.
 */
export function routePreloads(srcDir: string, requests: string[] = []): Plugin {
  const routerFile = path.join(srcDir, 'router.tsx');
  let base = '/';
  let outDir = '';
  return {
    name: 'rapport-route-preloads',
    apply: 'build',
    configResolved(config) {
      base = config.base;
      outDir = path.resolve(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      const routes = routesOf(readFileSync(routerFile, 'utf8'));
      const chunks = new Map<string, { imports: string[]; css: string[] }>();
      const byModule = new Map<string, string>();
      let entry: string | undefined;
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        chunks.set(output.fileName, {
          imports: output.imports,
          css: [...(output.viteMetadata?.importedCss ?? [])],
        });
        if (output.facadeModuleId) byModule.set(path.resolve(output.facadeModuleId), output.fileName);
        if (output.isEntry) entry = output.fileName;
      }
      if (!entry) throw new Error('route preloads: the build has no entry chunk');
      const closure = (start: string[], seen = new Set<string>()) => {
        for (const file of start) {
          if (seen.has(file)) continue;
          seen.add(file);
          closure(chunks.get(file)?.imports ?? [], seen);
        }
        return seen;
      };
      // What index.html already loads (the entry and its imports) is not named again.
      const loaded = closure([entry]);
      // Each file is named once; a route lists the numbers of its files (half the bytes).
      const files: string[] = [];
      const number = (file: string) => {
        const at = files.indexOf(base + file);
        return at >= 0 ? at : files.push(base + file) - 1;
      };
      const table: [string, number[]][] = [];
      for (const route of routes) {
        const chunk = byModule.get(path.resolve(srcDir, route.module));
        if (!chunk) throw new Error(`route preloads: no chunk for ${route.module} (${route.path})`);
        const js = [...closure([chunk])].filter((file) => !loaded.has(file));
        const css = [...new Set(js.flatMap((file) => chunks.get(file)?.css ?? []))];
        table.push([patternOf(route.path), [...js, ...css].map(number)]);
      }
      const source = `(()=>{const F=${JSON.stringify(files)},p=location.pathname;for(const h of ${JSON.stringify(requests)}){const l=document.createElement("link");l.rel="preload";l.as="fetch";l.crossOrigin="";l.href=h;document.head.append(l)}for(const[r,f]of ${JSON.stringify(table)})if(new RegExp(r).test(p)){for(const i of f){const h=F[i],l=document.createElement("link");if(h.endsWith(".css")){l.rel="preload";l.as="style"}else l.rel="modulepreload";l.crossOrigin="";l.href=h;document.head.append(l)}return}})();\n`;
      const hash = createHash('sha256').update(source).digest('base64url').slice(0, 8);
      const file = `assets/route-preloads-${hash}.js`;
      writeFileSync(path.join(outDir, file), source);
      const htmlFile = path.join(outDir, 'index.html');
      const html = readFileSync(htmlFile, 'utf8');
      // Before the entry, so the browser asks for it first.
      const at = html.indexOf('<script type="module"');
      if (at < 0) throw new Error('route preloads: index.html has no module script');
      writeFileSync(
        htmlFile,
        `${html.slice(0, at)}<script async src="${base}${file}"></script>\n    ${html.slice(at)}`,
      );
    },
  };
}

type Route = { path: string; module: string };

/** The lazy routes of router.tsx: each one's full path (children are under /) and its page module. */
export function routesOf(router: string): Route[] {
  const lazy =
    /(?:path: '([^']*)'|index: true),\s*lazy: async \(\) => \(\{\s*Component: \(await import\('([^']+)'\)\)/g;
  const routes = [...router.matchAll(lazy)].map(([, route = '', module = '']) => ({
    path: route.startsWith('/') ? route : `/${route}`,
    module,
  }));
  const count = router.match(/\blazy:/g)?.length ?? 0;
  if (routes.length !== count)
    throw new Error(
      `route preloads: read ${routes.length} of router.tsx's ${count} lazy routes; write each as the others are`,
    );
  // The catch-all (not found) would match every address: it is left to load on its own.
  return routes.filter((route) => !route.path.includes('*'));
}

/** A react-router path as a regular expression over location.pathname. */
export function patternOf(route: string): string {
  const parts = route
    .split('/')
    .filter(Boolean)
    .map((part) => {
      if (part.startsWith(':')) return part.endsWith('?') ? '(?:/[^/]+)?' : '/[^/]+';
      return `/${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
    });
  return `^${parts.join('')}/?$`;
}
