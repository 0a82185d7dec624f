import cookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyServerOptions, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { briefingRoutes } from './insights/briefings/briefings.routes.ts';
import { homeRoutes } from './insights/home/home.routes.ts';
import { institutionStageRoutes } from './insights/institution-stage/institution-stage.routes.ts';
import { partnerViewRoutes } from './insights/partner-view/partner-view.routes.ts';
import { relationshipHealthRoutes } from './insights/relationship-health/relationship-health.routes.ts';
import { seniorViewRoutes } from './insights/senior-view/senior-view.routes.ts';
import { whoKnowsWhomRoutes } from './insights/who-knows-whom/who-knows-whom.routes.ts';
import { loggablePath, logSerializers, requestLine } from './lib/logging.ts';
import { accountRoutes } from './modules/accounts/accounts.routes.ts';
import { activityRoutes } from './modules/activities/activities.routes.ts';
import { affiliationRoutes } from './modules/affiliations/affiliations.routes.ts';
import { agreementRoutes } from './modules/agreements/agreements.routes.ts';
import { assessmentRoutes } from './modules/assessments/assessments.routes.ts';
import { attachmentRoutes } from './modules/attachments/attachments.routes.ts';
import { importFilesIn, localFolderStorage } from './modules/attachments/storage.ts';
import { flushReads } from './modules/audit/read-counts.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { brandingRoutes } from './modules/branding/branding.routes.ts';
import { communicationPlanRoutes } from './modules/communication-plans/communication-plans.routes.ts';
import { contactRoutes } from './modules/contacts/contacts.routes.ts';
import { coordinationRoutes } from './modules/coordination/coordination.routes.ts';
import { disputeRoutes } from './modules/disputes/disputes.routes.ts';
import { escalationRoutes } from './modules/escalations/escalations.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { importRoutes } from './modules/imports/imports.routes.ts';
import { IMPORT_MAX_BYTES } from './modules/imports/imports.service.ts';
import { initiativeRoutes } from './modules/initiatives/initiatives.routes.ts';
import { introductionRoutes } from './modules/introductions/introductions.routes.ts';
import { mergeRoutes } from './modules/merge/merge.routes.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import { partnerTypeRoutes } from './modules/partner-types/partner-types.routes.ts';
import { partnerRoutes } from './modules/partners/partners.routes.ts';
import { personalDataRoutes } from './modules/personal-data/personal-data.routes.ts';
import { playbookRoutes } from './modules/playbooks/playbooks.routes.ts';
import { relationshipRoutes } from './modules/relationships/relationships.routes.ts';
import { requestRoutes } from './modules/requests/requests.routes.ts';
import { reviewRoutes } from './modules/reviews/reviews.routes.ts';
import { savedViewRoutes } from './modules/saved-views/saved-views.routes.ts';
import { searchRoutes } from './modules/search/search.routes.ts';
import { serviceLevelRoutes } from './modules/service-levels/service-levels.routes.ts';
import { signOnRoutes } from './modules/sign-on/sign-on.routes.ts';
import { surveyRoutes } from './modules/surveys/surveys.routes.ts';
import { taskRoutes } from './modules/tasks/tasks.routes.ts';
import { tokenRoutes } from './modules/tokens/tokens.routes.ts';
import { touchpointRoutes } from './modules/touchpoints/touchpoints.routes.ts';
import { unitRoutes } from './modules/units/units.routes.ts';
import { userRoutes } from './modules/users/users.routes.ts';
import { authenticationPlugin } from './plugins/authentication.ts';
import { compressionPlugin } from './plugins/compression.ts';
import { databasePlugin } from './plugins/database.ts';
import { clientErrorHandler, errorsPlugin, frameworkErrors } from './plugins/errors.ts';
import { skipValidationOfHotReads } from './plugins/hot-reads.ts';
import { idempotencyPlugin } from './plugins/idempotency.ts';
import { type JobsOptions, jobsPlugin } from './plugins/jobs.ts';
import { mailPlugin } from './plugins/mail.ts';
import { openapiPlugin } from './plugins/openapi.ts';
import { securityHeadersPlugin } from './plugins/security-headers.ts';
import { textInputPlugin } from './plugins/text-input.ts';
import { webPlugin } from './plugins/web.ts';

export const VERSION = '0.1.0';

export type AppOptions = {
  config: Config;
  database: Database;
  /** Close the database when the app closes (the server does; tests own their database). */
  closeDatabase?: boolean;
  logger?: FastifyServerOptions['logger'];
  /** A logger made by lib/logging.ts's createLogger (the server's); takes the place of `logger`. */
  loggerInstance?: FastifyBaseLogger;
  /** Background jobs: run them here, and on which queue (default: send only, in-process). */
  jobs?: Pick<JobsOptions, 'work' | 'queue'>;
  /** Event subscribers beyond Rapport's own. */
  subscribers?: JobsOptions['subscribers'];
  /** The built web app to serve (default web/dist). */
  webDist?: string;
  /**
   * Check every answer against its zod schema (default). The server turns it off for hot reads
   * (routes marked `hotRead`); tests keep it on.
   */
  validateResponses?: boolean;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The logger options with Rapport's error serializer (no SQL parameters in the log). */
function withSerializers(logger: AppOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  return { ...(logger === true ? {} : logger), serializers: { ...logSerializers } };
}

/**
 * Fastify 5.12 treats a hop count as "trust nothing" (its types leave numbers out), so a count
 * becomes proxy-addr's trust function: the socket peer is hop 0, and only the nearest n are believed.
 */
function trustProxyOption(setting: Config['trustProxy']) {
  if (typeof setting !== 'number') return setting;
  return (_address: string, hop: number) => hop < setting;
}

/** Builds the whole HTTP application without listening, so tests drive it with inject(). */
export async function buildApp(options: AppOptions) {
  const app = Fastify({
    ...(options.loggerInstance
      ? { loggerInstance: options.loggerInstance }
      : { logger: withSerializers(options.logger) }),
    // One line per request, when it is answered (the hooks below), instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // The client's X-Request-Id goes into logs and the audit log: only a UUID is kept.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && UUID.test(given) ? given.toLowerCase() : crypto.randomUUID();
    },
    requestIdHeader: false,
    frameworkErrors,
    clientErrorHandler,
    trustProxy: trustProxyOption(options.config.trustProxy),
    bodyLimit: 5 * 1024 * 1024,
    // Fastify gives each plugin 10 s to load. On a cold PostgreSQL (first start, a busy
    // machine) that is too short: the server has refused to start with a timeout naming
    // "cli-auto-5" (fastify-plugin's name for an unnamed plugin of the bundled server,
    // most likely the jobs plugin, which starts pg-boss and creates its queues while it
    // loads). A minute still stops a start where a plugin hangs for good.
    pluginTimeout: 60_000,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  skipValidationOfHotReads(app, options.validateResponses ?? true);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onRequest', async (request) => {
    request.log.debug({ method: request.method, url: loggablePath(request.url) }, 'incoming request');
  });
  app.addHook('onResponse', async (request, reply) => {
    const path = loggablePath(request.url);
    // The web app's files (content-hashed, cached for a year) would drown the requests that matter.
    if (path.startsWith('/assets/') && reply.statusCode < 400) return;
    const line = requestLine(request.method, path, reply.statusCode, reply.elapsedTime);
    request.log.info(line.fields, line.message);
  });

  await app.register(errorsPlugin);
  await app.register(textInputPlugin);
  await app.register(databasePlugin, {
    database: options.database,
    closeOnShutdown: options.closeDatabase ?? false,
  });
  // Reads tallied in memory are counted before the database closes (hooks run last-first).
  app.addHook('onClose', async () => flushReads(options.database.db));
  const storage = localFolderStorage(options.config.attachments.dir);
  const importDeps = {
    storage: importFilesIn(options.config.attachments.dir),
    maxBytes: IMPORT_MAX_BYTES,
    partnerSimilarity: options.config.imports.partnerSimilarity,
  };
  await app.register(mailPlugin, { config: options.config });
  await app.register(jobsPlugin, {
    config: options.config,
    storage,
    imports: importDeps,
    ...(options.jobs ?? { work: false, queue: 'in-process' }),
    subscribers: options.subscribers,
  });
  await app.register(cookie);
  await app.register(securityHeadersPlugin, { config: options.config });
  await app.register(compressionPlugin);
  await app.register(openapiPlugin);
  await app.register(authenticationPlugin, { config: options.config });
  await app.register(idempotencyPlugin, { leaseSeconds: options.config.idempotencyLeaseSeconds });

  await app.register(
    async (api) => {
      await api.register(healthRoutes, { version: VERSION });
      await api.register(authRoutes, { config: options.config });
      await api.register(accountRoutes);
      await api.register(signOnRoutes, { config: options.config });
      await api.register(unitRoutes);
      await api.register(partnerTypeRoutes);
      await api.register(partnerRoutes);
      await api.register(contactRoutes);
      await api.register(mergeRoutes);
      await api.register(affiliationRoutes);
      await api.register(relationshipRoutes);
      await api.register(userRoutes);
      await api.register(tokenRoutes);
      await api.register(touchpointRoutes);
      await api.register(taskRoutes);
      await api.register(partnerViewRoutes);
      await api.register(searchRoutes);
      await api.register(homeRoutes);
      await api.register(requestRoutes);
      await api.register(seniorViewRoutes);
      await api.register(briefingRoutes);
      await api.register(whoKnowsWhomRoutes);
      await api.register(introductionRoutes);
      await api.register(institutionStageRoutes);
      await api.register(relationshipHealthRoutes);
      await api.register(escalationRoutes);
      await api.register(notificationRoutes);
      await api.register(serviceLevelRoutes);
      await api.register(savedViewRoutes);
      await api.register(attachmentRoutes, {
        deps: {
          storage,
          maxBytes: options.config.attachments.maxBytes,
          types: options.config.attachments.types,
        },
      });
      await api.register(activityRoutes);
      await api.register(brandingRoutes);
      await api.register(communicationPlanRoutes);
      await api.register(playbookRoutes);
      await api.register(agreementRoutes);
      await api.register(reviewRoutes);
      await api.register(disputeRoutes);
      await api.register(initiativeRoutes);
      await api.register(coordinationRoutes);
      await api.register(importRoutes, { deps: importDeps });
      await api.register(personalDataRoutes, { storage });
      await api.register(surveyRoutes);
      await api.register(assessmentRoutes);
    },
    { prefix: '/api/v1' },
  );
  await app.register(webPlugin, { dist: options.webDist });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
