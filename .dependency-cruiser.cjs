/**
 * The walls between parts of Rapport, kept by scripts/walls.test.ts (run by `npm test`).
 * Add a wall by adding a rule to `forbidden`: a name, a comment that says why (shown when the
 * test fails), and `from`/`to` path patterns relative to the repository root. Patterns are
 * regular expressions; `pathNot` excludes, and `$1` in `to` refers to a group captured in `from`.
 * Later walls planned: only repositories and db/ import the database; no module imports another
 * module's repository; lib/ imports no module; records never import read models.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
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
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|data|test-output)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'] },
  },
};
