/**
 * The walls between parts of Rapport, kept by scripts/walls.test.ts (run by `npm test`).
 * Add a wall by adding a rule to `forbidden`: a name, a comment that says why (shown when the
 * test fails), and `from`/`to` path patterns relative to the repository root. Patterns are
 * regular expressions; `pathNot` excludes, and `$1` in `to` refers to a group captured in `from`.
 * A rule with `scope: 'folder'` compares folders instead of files (the test runs it on the modules
 * and insights alone, without their tests). No file is exempt: there is no list of exceptions.
 */

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'resolvable',
      comment: 'An import the cruiser cannot resolve would slip past every wall: fix the path.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'web-not-to-server',
      comment: 'The web app imports only common/ and its own code: contracts live in common/src/contracts.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^server/' },
    },
    {
      name: 'common-not-to-server-or-web',
      comment: 'common/ is shared by the server and the web app, so it depends on neither (zod only).',
      severity: 'error',
      from: { path: '^common/' },
      to: { path: '^(server|web)/' },
    },
    {
      name: 'common-zod-only',
      comment: 'common/ runs in the server and the browser: its only package is zod (tests aside).',
      severity: 'error',
      from: { path: '^common/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypesNot: ['local'], pathNot: '(^|/)node_modules/zod/' },
    },
    {
      name: 'labels-are-plain-values',
      comment:
        'common/src/labels holds the vocabularies and their labels as plain values: no zod and no contract, so a page that only shows a label does not load zod (the contracts build their schemas from these lists).',
      severity: 'error',
      from: { path: '^common/src/labels/' },
      to: { path: ['(^|/)node_modules/zod/', '^common/src/(contracts|lists)/'] },
    },
    {
      name: 'lists-are-plain-values',
      comment:
        "common/src/lists declares each list's filters and sorts as plain values, read by the web without zod (read.ts): only the server's zod queries built from them (query.ts, queries.ts) and the saved views' contract import zod or a contract, so a list screen does not load zod.",
      severity: 'error',
      from: {
        path: '^common/src/lists/',
        pathNot: '^common/src/lists/(query|queries|saved-views)\\.ts$|\\.test\\.ts$',
      },
      to: {
        path: ['(^|/)node_modules/zod/', '^common/src/contracts/', '^common/src/lists/(query|queries)\\.ts$'],
      },
    },
    {
      name: 'only-repositories-import-the-database',
      comment:
        'Only repositories (and db/) talk to the database: services, policies, routes, jobs, insights and lib/ call repository functions (type-only imports of Executor are fine).',
      severity: 'error',
      from: {
        path: '^server/src/(modules|insights|lib|jobs|plugins)/',
        pathNot: '(\\.repository\\.ts|\\.test\\.ts)$',
      },
      to: { path: '^server/src/db/(client|schema/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-module-imports-another-modules-repository',
      comment:
        "A module (or an insight) calls another one's service, never its repository; access/ is the shared audience rule and may be used by all.",
      severity: 'error',
      from: {
        path: '^server/src/(modules|insights)/([^/]+)/',
        pathNot: '\\.test\\.ts$',
      },
      to: {
        path: '^server/src/(modules|insights)/([^/]+)/[^/]+\\.repository\\.ts$',
        pathNot: ['^server/src/$1/$2/', '^server/src/modules/access/'],
      },
    },
    {
      name: 'records-never-import-insights',
      comment:
        'Insights (the senior view, home, the partner overview, later reports and health) read the records; records never depend on them (STYLE.md, direction of dependencies).',
      severity: 'error',
      from: { path: '^server/src/modules/' },
      to: { path: '^server/src/insights/' },
    },
    {
      name: 'no-circular-between-modules',
      comment:
        'Modules (and insights) depend on each other one way only: core records ← activity ← insights. Where two need each other, one calls the other with its transaction, or reacts to its events.',
      severity: 'error',
      // Per folder, not per file: tasks.service → touchpoints.service → tasks.repository was a
      // cycle between the two modules although no file imported itself. scripts/walls.test.ts
      // checks folder rules on the modules and insights alone, without their tests.
      scope: 'folder',
      from: { path: '^server/src/(modules|insights)/[^/]+$' },
      to: { path: '^server/src/(modules|insights)/[^/]+$', circular: true },
    },
    {
      name: 'lib-imports-no-module',
      comment: 'lib/ is generic machinery: it knows no domain module.',
      severity: 'error',
      from: { path: '^server/src/lib/' },
      to: { path: '^server/src/modules/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules is not followed, but stays in view so that common-zod-only sees packages.
    exclude: { path: '(^|/)(dist|data|test-output)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'],
      // Packages that publish only `exports` (vite, vitest/node, pglite's contrib) resolve too.
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
