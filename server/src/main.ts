import { buildApp } from './app.ts';
import { type Config, ConfigError } from './config.ts';
import { DataDirLockedError } from './db/lock.ts';
import { migrateDatabase } from './db/migrate.ts';
import { describeDatabase, openConfiguredDatabase } from './db/open.ts';
import { demoAccounts, demoPassword, scoreDemoHealth, seedDemo } from './demo/seed.ts';
import { createLogger, resolveLogFormat } from './lib/logging.ts';
import { importFilesIn } from './modules/attachments/storage.ts';
import { ensureBootstrapAdministrator } from './modules/users/bootstrap.ts';

/** `rapport serve`: migrate, bootstrap, load the demo into an empty database, then serve until SIGTERM. */
export async function serve(config: Config, role: 'web' | 'worker' | 'all' = 'all'): Promise<void> {
  const log = createLogger({ level: config.logLevel, format: resolveLogFormat(config.logFormat) });
  const database = await openConfiguredDatabase(config);
  await migrateDatabase(database);
  const admin = await ensureBootstrapAdministrator(database.db, config);
  if (admin === 'created') log.info({ email: config.admin?.email }, 'created the bootstrap administrator');
  let demo = false;
  if (
    config.demo &&
    (await seedDemo(database.db, new Date(), { importFiles: importFilesIn(config.attachments.dir) })) ===
      'loaded'
  ) {
    await scoreDemoHealth(database.db);
    await database.analyze();
    demo = true;
    log.info('loaded the demo University of Northmoor');
  }
  // On PGlite there is only ever one process, so it always runs the jobs itself.
  const work = role !== 'web' || database.driver === 'pglite';
  const app = await buildApp({
    config,
    database,
    closeDatabase: true,
    loggerInstance: log,
    jobs: { work, queue: 'auto' },
    validateResponses: false,
  });
  if (!config.smtp) log.info('SMTP_URL is not set: notifications stay in the app, no e-mail is sent');
  // PGlite never autovacuums: refresh planner statistics ourselves every hour.
  if (database.driver === 'pglite') {
    const timer = setInterval(() => {
      database.analyze().catch((error: unknown) => log.warn({ err: error }, 'scheduled ANALYZE failed'));
    }, 3_600_000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    const seconds = config.shutdownTimeoutMs / 1000;
    log.info({ signal }, `shutting down: finishing in-flight requests (at most ${seconds} s)`);
    // A request stuck for good (a hung query, a client that never finishes its body) must not
    // keep the process alive: after the deadline it exits anyway, and the supervisor restarts it.
    setTimeout(() => {
      log.error(`in-flight requests did not finish within ${seconds} s: exiting anyway`);
      process.exit(1);
    }, config.shutdownTimeoutMs);
    // Fastify stops accepting connections, waits for in-flight requests, then closes the database.
    await app.close();
    log.info('stopped cleanly');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  if (role === 'worker') {
    await app.ready();
    process.stdout.write(
      `Rapport worker started (${describeDatabase(config)}, ${app.jobs.kind} queue): delivering events to subscribers (notices), e-mail, checking service-level targets, sending daily digests.\n`,
    );
    return;
  }
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  // The banner comes last: every line logged so far is written out before it.
  await new Promise<void>((resolve) => log.flush(() => resolve()));
  process.stdout.write(
    `\nRapport is running at ${url}\n  API docs: ${url}/api/docs\n  Database: ${describeDatabase(config)}\n`,
  );
  process.stdout.write(`${signInHelp(config, demo)}\n`);
}

function signInHelp(config: Config, demoLoaded: boolean): string {
  if (demoLoaded || config.demo) {
    const accounts = demoAccounts
      .map((a) => `    ${a.email.padEnd(26)} ${a.role.replace('_', ' ')}`)
      .join('\n');
    const note = demoLoaded ? 'Demo data loaded.' : 'Demo accounts (if this database holds the demo):';
    return `  ${note} Sign in with password "${demoPassword}" as:\n${accounts}\n`;
  }
  if (config.admin)
    return `  Sign in as ${config.admin.email} with the password in RAPPORT_ADMIN_PASSWORD.\n`;
  return '  Create an account with: npx rapport create-user --email you@example.ac.uk --password "…" --role administrator\n';
}

/** Turns start-up failures a person can fix into one clear line instead of a stack trace. */
export function explainStartupError(error: unknown): string | null {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) return error.message;
  return null;
}
