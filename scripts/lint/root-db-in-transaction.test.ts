import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { findRootDbInTransactions } from './root-db-in-transaction.ts';

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  noEmit: true,
  strict: true,
  skipLibCheck: true,
  types: ['node'],
};

const fixtures = mkdtempSync(path.join(tmpdir(), 'rapport-rule-'));
afterAll(() => rmSync(fixtures, { recursive: true, force: true }));

/** Runs the rule over small files written for the test. */
function scan(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(fixtures, 'case-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const program = ts.createProgram(
    Object.keys(files).map((name) => path.join(dir, name)),
    options,
  );
  return findRootDbInTransactions(program, (file) => file.startsWith(dir)).map((f) => ({
    file: path.basename(f.file),
    line: f.line,
    via: f.via.map((step) => step.replace(`${dir}/`, '')),
  }));
}

const types = `
export type Tx = { execute(q: string): Promise<unknown> };
export type Db = Tx & { transaction<T>(run: (tx: Tx) => Promise<T>): Promise<T> };
export type Ctx = { db: Db; userId: string };
`;

describe('the rule against the root database inside a transaction callback', () => {
  it('finds ctx.db written in the callback', () => {
    const found = scan({
      'types.ts': types,
      'service.ts': `import type { Ctx } from './types.ts';
export async function change(ctx: Ctx) {
  return ctx.db.transaction(async (tx) => {
    await tx.execute('update');
    return ctx.db.execute('select');
  });
}`,
    });
    expect(found).toEqual([{ file: 'service.ts', line: 3, via: ['ctx.db (service.ts:5)'] }]);
  });

  it('follows ctx through calls into other files, and through default parameters the call omits', () => {
    const found = scan({
      'types.ts': types,
      'touchpoints.ts': `import type { Ctx, Db, Tx } from './types.ts';
async function load(ctx: Ctx, db: Db | Tx, id: string) { return db.execute(id + ctx.userId); }
export async function getTouchpoint(ctx: Ctx, id: string, db: Db | Tx = ctx.db) { return load(ctx, db, id); }
export async function audit(tx: Tx, ctx: Ctx) { return tx.execute(ctx.userId); }`,
      'tasks.ts': `import type { Ctx, Tx } from './types.ts';
import { audit, getTouchpoint } from './touchpoints.ts';
async function loadVisible(ctx: Ctx, db: Tx, id: string) { return getTouchpoint(ctx, id); }
async function loadSafely(ctx: Ctx, db: Tx, id: string) { return getTouchpoint(ctx, id, db); }
export const change = (ctx: Ctx) =>
  ctx.db.transaction(async (tx) => {
    await audit(tx, ctx);
    await loadSafely(ctx, tx, '1');
    return loadVisible(ctx, tx, '1');
  });
export const safe = (ctx: Ctx) => ctx.db.transaction(async (tx) => loadSafely(ctx, tx, '1'));`,
    });
    expect(found).toEqual([
      {
        file: 'tasks.ts',
        line: 6,
        via: [
          'loadVisible (tasks.ts:9)',
          'getTouchpoint (tasks.ts:3) without argument 3',
          'ctx.db (touchpoints.ts:3)',
        ],
      },
    ]);
  });

  it('finds nothing in server/src', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const files = readdirSync(path.join(root, 'server/src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => path.join(root, 'server/src', f));
    const program = ts.createProgram(files, options);
    const found = findRootDbInTransactions(program, (file) => file.startsWith(path.join(root, 'server/src')));
    expect(
      found.map(
        (f) =>
          `${path.relative(root, f.file)}:${f.line} ${f.text}: ${f.via.join(' → ').replaceAll(`${root}/`, '')}`,
      ),
    ).toEqual([]);
    // Type-checking the whole server takes 10-30 s on two busy cores.
  }, 180_000);
});
