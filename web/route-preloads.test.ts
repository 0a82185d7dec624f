import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { patternOf, routesOf } from './route-preloads.ts';

const router = readFileSync(path.resolve(import.meta.dirname, 'src/router.tsx'), 'utf8');
const matches = (route: string, address: string) => new RegExp(patternOf(route)).test(address);

describe('route preloads', () => {
  it('reads every lazy route of the router, with its page module, except the catch-all', () => {
    const routes = routesOf(router);
    const lazy = router.match(/\blazy:/g)!.length;
    // Every lazy route but "*" (not found), which would match every address.
    expect(routes).toHaveLength(lazy - 1);
    expect(routes).toContainEqual({ path: '/partners/:id/:tab?', module: './pages/partner/PartnerPage.tsx' });
    expect(routes).toContainEqual({ path: '/sign-in', module: './pages/sign-in/SignInPage.tsx' });
    expect(routes).toContainEqual({ path: '/admin/branding', module: './pages/admin/BrandingPage.tsx' });
    expect(routes.some((r) => r.path.includes('*'))).toBe(false);
  });

  it('stops the build when a lazy route is written in a shape it cannot read', () => {
    const odd = `${router}\n{ path: 'odd', lazy: () => import('./pages/Odd.tsx') }`;
    expect(() => routesOf(odd)).toThrow(/write each as the others are/);
  });

  it('matches an address to its route only', () => {
    expect(matches('/partners/:id/:tab?', '/partners/3f2a')).toBe(true);
    expect(matches('/partners/:id/:tab?', '/partners/3f2a/timeline')).toBe(true);
    expect(matches('/partners/:id/:tab?', '/partners/3f2a/timeline/x')).toBe(false);
    expect(matches('/partners/:id/:tab?', '/partners')).toBe(false);
    expect(matches('/partners', '/partners/')).toBe(true);
    expect(matches('/', '/')).toBe(true);
    expect(matches('/', '/partners')).toBe(false);
    expect(matches('/admin/units', '/admin/unitsx')).toBe(false);
  });

  it('treats characters of a path literally', () => {
    expect(matches('/a.b', '/a.b')).toBe(true);
    expect(matches('/a.b', '/axb')).toBe(false);
  });
});
