import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { type App, type AppOptions, buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { Database, Db } from '../db/client.ts';
import type { Role } from '../modules/access/actor.ts';
import { openTestDatabase } from './database.ts';
import { buildUnit, buildUser } from './factories/index.ts';
import { installResponseContract } from './response-contract.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

/** A signed-in member of staff: their user, and the headers a browser would send. */
export type Agent = {
  user: { id: string; email: string; role: Role; unitId: string | null };
  headers: Record<string, string>;
};

export type TestApp = {
  app: App;
  database: Database;
  db: Db;
  /** The folder this app keeps attachments in (a fresh one per app unless the env names one). */
  attachmentsDir: string;
  /** Creates a user with this role (in a new unit unless one is given) and signs them in. */
  signIn(role: Role, options?: { unitId?: string | null; email?: string }): Promise<Agent>;
  /** Sends a request as the agent (or anonymously), JSON body and extra headers optional. */
  call(
    agent: Agent | null,
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
};

/** An app on a fresh database; background jobs are only sent (not run) unless `jobs` says otherwise. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: {
    jobs?: AppOptions['jobs'];
    subscribers?: AppOptions['subscribers'];
    /** A logger (e.g. `{ level: 'info', stream }`) for tests that read the log. */
    logger?: AppOptions['logger'];
    /** The server's own kind of logger (lib/logging.ts), for tests of the log format. */
    loggerInstance?: AppOptions['loggerInstance'];
    /** A built web app to serve instead of web/dist. */
    webDist?: string;
  } = {},
): Promise<TestApp> {
  const database = await openTestDatabase();
  const ownFolder = env.RAPPORT_ATTACHMENTS_DIR
    ? null
    : mkdtempSync(path.join(os.tmpdir(), 'rapport-attachments-'));
  const config = loadConfig({
    RAPPORT_DEMO: '0',
    LOG_LEVEL: 'silent',
    ...(ownFolder ? { RAPPORT_ATTACHMENTS_DIR: ownFolder } : {}),
    ...env,
  });
  const app = await buildApp({
    config,
    database,
    jobs: options.jobs,
    subscribers: options.subscribers,
    logger: options.logger,
    loggerInstance: options.loggerInstance,
    webDist: options.webDist,
  });
  // Every answer the suite sees is checked against the response the OpenAPI document declares.
  const contract = installResponseContract(app);
  await app.ready();
  const db = database.db;

  async function signIn(
    role: Role,
    options: { unitId?: string | null; email?: string } = {},
  ): Promise<Agent> {
    const unitId = options.unitId === undefined ? (await buildUnit(db)).id : options.unitId;
    const user = await buildUser(db, { role, unitId, email: options.email, password: TEST_PASSWORD });
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    if (response.statusCode !== 200)
      throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === 'rapport_session');
    const csrf = response.json<{ csrfToken: string }>().csrfToken;
    return {
      user: { id: user.id, email: user.email, role, unitId },
      headers: { cookie: `rapport_session=${cookie!.value}`, 'x-csrf-token': csrf },
    };
  }

  function call(
    agent: Agent | null,
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    return app.inject({
      method,
      url,
      headers: { ...(agent?.headers ?? {}), ...headers },
      ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
    });
  }

  return {
    app,
    database,
    db,
    attachmentsDir: config.attachments.dir,
    signIn,
    call,
    close: async () => {
      await app.close();
      await database.close();
      if (ownFolder) rmSync(ownFolder, { recursive: true, force: true });
      if (contract.mismatches.length > 0)
        throw new Error(`answers that break the API description:\n${contract.mismatches.join('\n')}`);
    },
  };
}
