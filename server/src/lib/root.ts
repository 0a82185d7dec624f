import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's folder: the nearest one above this file that holds package.json. Found by
 * looking, not by a fixed number of `..`, because this code runs both from server/src (tests,
 * `npm run dev`) and bundled into server/dist/cli.mjs (`npm start`), at different depths.
 */
function findRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 8; i++) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`no package.json above ${start}: is Rapport installed in one piece?`);
}

export const repositoryRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));
