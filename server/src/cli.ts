import { Command, Option } from 'commander';
import { backupCommand, restoreCommand } from './cli/backup.ts';
import { CliError, createUserCommand } from './cli/create-user.ts';
import { loadConfig } from './config.ts';
import { migrateDatabase } from './db/migrate.ts';
import { describeDatabase, openConfiguredDatabase } from './db/open.ts';
import { scoreDemoHealth, seedDemo } from './demo/seed.ts';
import { explainStartupError, serve } from './main.ts';
import { importFilesIn } from './modules/attachments/storage.ts';

const program = new Command('rapport').description('Rapport: relationship management for universities');

program
  .command('serve')
  .description('migrate the database, then serve the web app and API')
  .addOption(
    new Option('--role <role>', 'web: answer HTTP only; worker: run background jobs only; all: both')
      .choices(['web', 'worker', 'all'])
      .default('all'),
  )
  .action(async (options: { role: 'web' | 'worker' | 'all' }) => serve(loadConfig(), options.role));

program
  .command('migrate')
  .description('apply committed database migrations')
  .action(async () => {
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    try {
      await migrateDatabase(database);
      process.stdout.write(`Migrated ${describeDatabase(config)}\n`);
    } finally {
      await database.close();
    }
  });

program
  .command('seed-demo')
  .description('load the demo University of Northmoor into an empty database')
  .action(async () => {
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    try {
      await migrateDatabase(database);
      const importFiles = importFilesIn(config.attachments.dir);
      if ((await seedDemo(database.db, new Date(), { importFiles })) === 'not-empty') {
        throw new CliError(
          'The database already holds partners or users; the demo only loads into an empty one.',
        );
      }
      await scoreDemoHealth(database.db);
      await database.analyze();
      process.stdout.write(`Loaded the demo into ${describeDatabase(config)}\n`);
    } finally {
      await database.close();
    }
  });

program
  .command('create-user')
  .description('create a staff account')
  .requiredOption('--email <email>', 'e-mail address (the sign-in name)')
  .requiredOption('--password <password>', 'initial password, at least 12 characters')
  .requiredOption('--role <role>', 'administrator, senior_manager, relationship_manager, staff or viewer')
  .option('--unit <unit>', 'unit name or code')
  .option('--name <name>', 'full name')
  .action(
    async (options: { email: string; password: string; role: string; unit?: string; name?: string }) => {
      const config = loadConfig();
      const database = await openConfiguredDatabase(config);
      try {
        await migrateDatabase(database);
        const user = await createUserCommand(database.db, options);
        process.stdout.write(`Created ${user.role} ${user.email}\n`);
      } finally {
        await database.close();
      }
    },
  );

program
  .command('backup')
  .description(
    'back up the database to a file (PostgreSQL: pg_dump custom format; embedded: its data folder)',
  )
  .argument('<file>', 'where to write the backup')
  .action(async (file: string) => {
    process.stdout.write(`${await backupCommand(loadConfig(), file)}\n`);
  });

program
  .command('restore')
  .description('restore a backup into an empty database, then apply the migrations')
  .argument('<file>', 'a file written by rapport backup')
  .option('--force', 'replace the database that is there')
  .action(async (file: string, options: { force?: boolean }) => {
    process.stdout.write(`${await restoreCommand(loadConfig(), file, options.force === true)}\n`);
  });

program.parseAsync().catch((error: unknown) => {
  const message = error instanceof CliError ? error.message : explainStartupError(error);
  process.stderr.write(
    `${message ?? (error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
  );
  process.exit(1);
});
