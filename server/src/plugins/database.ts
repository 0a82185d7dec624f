import fp from 'fastify-plugin';
import type { Database } from '../db/client.ts';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
  }
}

/** Makes the open database available to routes; closing the app closes it. */
export const databasePlugin = fp<{ database: Database; closeOnShutdown: boolean }>(async (app, options) => {
  app.decorate('database', options.database);
  if (options.closeOnShutdown) app.addHook('onClose', async () => options.database.close());
});
