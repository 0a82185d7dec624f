// `npm run openapi`: writes the OpenAPI document to test-output/openapi.json without serving it:
// the app is built on an in-memory PGlite (no migrations, no listen) and asked for app.swagger().
//   --out FILE   where to write it (default test-output/openapi.json)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import type { Database, Db } from '../server/src/db/client.ts';
import * as schema from '../server/src/db/schema/index.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'test-output/openapi.json' } } });
const out = path.resolve(values.out);

const client = await PGlite.create();
const database: Database = {
  db: drizzle(client, { schema }) as unknown as Db,
  driver: 'pglite',
  analyze: async () => {},
  listen: async () => async () => {},
  close: () => client.close(),
};
const app = await buildApp({ config: loadConfig({ RAPPORT_DEMO: '0', LOG_LEVEL: 'silent' }), database });
await app.ready();
const document = app.swagger();
await app.close();
await client.close();
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
console.log(`OpenAPI document written to ${path.relative(process.cwd(), out)}`);
