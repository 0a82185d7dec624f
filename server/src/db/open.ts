import type { Config } from '../config.ts';
import { type Database, openDatabase } from './client.ts';

/** PostgreSQL when DATABASE_URL is set, otherwise PGlite in the data folder. */
export function openConfiguredDatabase(config: Config): Promise<Database> {
  return config.databaseUrl
    ? openDatabase({
        driver: 'postgres',
        url: config.databaseUrl,
        timeouts: config.databaseTimeouts,
        guard: config.transactionGuard,
      })
    : openDatabase({ driver: 'pglite', dataDir: config.dataDir, prepared: config.pglitePrepared });
}

/** Where the data lives, for messages (never the password). */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `embedded PGlite in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
