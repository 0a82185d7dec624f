import { Command } from 'commander';
import { loadConfig } from './config.ts';
import { migrateDatabase } from './db/migrate.ts';
import { describeDatabase, openConfiguredDatabase } from './db/open.ts';
import { explainStartupError, serve } from './main.ts';

const program = new Command('rapport').description('Rapport: relationship management for universities');

program
  .command('serve')
  .description('migrate the database and serve the web app and API')
  .action(async () => serve(loadConfig()));

program
  .command('migrate')
  .description('apply committed database migrations')
  .action(async () => {
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    await migrateDatabase(database);
    await database.close();
    process.stdout.write(`Migrated ${describeDatabase(config)}\n`);
  });

program.parseAsync().catch((error: unknown) => {
  const message = explainStartupError(error);
  process.stderr.write(
    `${message ?? (error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
  );
  process.exit(1);
});
