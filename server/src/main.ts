import pino from 'pino';
import { buildApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './db/lock.ts';
import { migrateDatabase } from './db/migrate.ts';
import { describeDatabase, openConfiguredDatabase } from './db/open.ts';

/** `rapport serve`: migrate, then serve the API (and the web app once built) until SIGTERM. */
export async function serve(config: Config): Promise<void> {
  const log = pino({ level: config.logLevel });
  const database = await openConfiguredDatabase(config);
  await migrateDatabase(database);
  const app = await buildApp({ config, database, closeDatabase: true, logger: { level: config.logLevel } });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    // Fastify stops accepting connections, waits for in-flight requests, then closes the database.
    await app.close();
    log.info('stopped cleanly');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  process.stdout.write(
    `\nRapport is running at ${url}\n  API docs: ${url}/api/docs\n  Database: ${describeDatabase(config)}\n\n`,
  );
}

/** Turns start-up failures a person can fix into one clear line instead of a stack trace. */
export function explainStartupError(error: unknown): string | null {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) return error.message;
  return null;
}

export { loadConfig };
