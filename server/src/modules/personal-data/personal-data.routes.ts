import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  dataProtectionAccess as accessSchema,
  contactConsents,
  dataProtectionHolders,
  eraseContactBody,
  erasureResult,
  grantParams,
  processingRecords,
  purposeList,
  purposeParams,
  purposeSchema,
  recordConsentBody,
  retentionReport,
  retentionRuleList,
  retentionRuleParams,
  retentionRuleSchema,
  retentionRunList,
  savePurposeBody,
  subjectAccessExport,
  updateRetentionRuleBody,
} from '../../../../common/src/contracts/personal-data.ts';
import { idParams } from '../../../../common/src/contracts/shared.ts';
import { contextOf } from '../../lib/context.ts';
import { expectedVersion, setEtag } from '../../lib/etag.ts';
import type { Storage } from '../attachments/storage.ts';
import {
  consentsOf,
  dataProtectionAccess,
  grantDataProtection,
  holders,
  purposes,
  putPurpose,
  recordConsent,
  requireDataProtection,
  retirePurpose,
  revokeDataProtection,
} from './consents.service.ts';
import { eraseContact } from './erasure.service.ts';
import { processingRecordsCsv, processingRecordsOf } from './processing.service.ts';
import {
  changeRetentionRule,
  retentionRules,
  retentionRunsOf,
  runRetentionRule,
} from './retention.service.ts';
import { subjectAccess } from './subject-access.service.ts';

const tags = ['Personal data'];
const noContent = { 204: z.null().describe('Done') };

export const personalDataRoutes: FastifyPluginAsyncZod<{ storage: Storage }> = async (app, { storage }) => {
  app.get(
    '/personal-data/access',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'Whether I hold the data protection ability',
        response: { 200: accessSchema },
      },
    },
    async (request) => dataProtectionAccess(contextOf(request)),
  );
  app.get(
    '/personal-data/purposes',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'The purposes contacts consent to be contacted for',
        response: { 200: purposeList },
      },
    },
    async (request) => purposes(contextOf(request)),
  );
  app.put(
    '/personal-data/purposes/:key',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Add a purpose, or change one (If-Match with its version)',
        params: purposeParams,
        body: savePurposeBody,
        response: { 200: purposeSchema },
      },
    },
    async (request, reply) => {
      const version = request.headers['if-match'] ? expectedVersion(request) : undefined;
      const saved = await putPurpose(contextOf(request), request.params.key, request.body, version);
      setEtag(reply, saved);
      return saved;
    },
  );
  for (const [path, retired, summary] of [
    [
      'retire',
      true,
      'Retire a purpose: nobody is contacted for it, its history stays (If-Match with its version)',
    ],
    ['reinstate', false, 'Bring a retired purpose back (If-Match with its version)'],
  ] as const)
    app.post(
      `/personal-data/purposes/:key/${path}`,
      {
        config: { access: 'administrator' },
        schema: { tags, summary, params: purposeParams, response: { 200: purposeSchema } },
      },
      async (request, reply) => {
        const saved = await retirePurpose(
          contextOf(request),
          request.params.key,
          expectedVersion(request),
          retired,
        );
        setEtag(reply, saved);
        return saved;
      },
    );
  app.get(
    '/contacts/:id/consents',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "A contact's consent per purpose and its full history",
        params: idParams,
        response: { 200: contactConsents },
      },
    },
    async (request) => consentsOf(contextOf(request), request.params.id),
  );
  app.post(
    '/contacts/:id/consents',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Record a consent decision for a purpose, with its lawful basis, source, date and evidence',
        params: idParams,
        body: recordConsentBody,
        response: { 201: contactConsents },
      },
    },
    async (request, reply) => {
      const result = await recordConsent(contextOf(request), request.params.id, request.body);
      return reply.code(201).send(result);
    },
  );
  const download = (id: string, extension: string) => ({
    'content-disposition': `attachment; filename="personal-data-${id}.${extension}"`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
  app.get(
    '/contacts/:id/personal-data',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'Subject access: everything held about a contact, as JSON (data protection ability)',
        params: idParams,
        response: { 200: subjectAccessExport },
      },
    },
    async (request, reply) => {
      const result = await subjectAccess(contextOf(request), request.params.id, 'json');
      return reply.headers(download(request.params.id, 'json')).send(result.data);
    },
  );
  app.get(
    '/contacts/:id/personal-data/pdf',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'Subject access as a readable PDF document (data protection ability)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const result = await subjectAccess(contextOf(request), request.params.id, 'pdf');
      return reply.headers(download(request.params.id, 'pdf')).type('application/pdf').send(result.pdf);
    },
  );
  app.post(
    '/contacts/:id/erase',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          "Erase a contact's personal data everywhere, keeping the counts (irreversible; data protection ability)",
        params: idParams,
        body: eraseContactBody,
        response: { 200: erasureResult },
      },
    },
    async (request) => eraseContact(contextOf(request), storage, request.params.id, request.body.confirmName),
  );
  app.get(
    '/personal-data/holders',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Who holds the data protection ability besides administrators',
        response: { 200: dataProtectionHolders },
      },
    },
    async (request) => holders(contextOf(request)),
  );
  app.put(
    '/personal-data/holders/:userId',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Give a member of staff the data protection ability',
        params: grantParams,
        response: noContent,
      },
    },
    async (request, reply) => {
      await grantDataProtection(contextOf(request), request.params.userId);
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/personal-data/holders/:userId',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Take the data protection ability away',
        params: grantParams,
        response: noContent,
      },
    },
    async (request, reply) => {
      await revokeDataProtection(contextOf(request), request.params.userId);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/personal-data/retention-rules',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'The retention schedule (data protection ability)',
        response: { 200: retentionRuleList },
      },
    },
    async (request) => retentionRules(contextOf(request)),
  );
  app.patch(
    '/personal-data/retention-rules/:key',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "Change a rule's period or turn it on or off (If-Match; data protection ability)",
        params: retentionRuleParams,
        body: updateRetentionRuleBody,
        response: { 200: retentionRuleSchema },
      },
    },
    async (request, reply) => {
      // The ability first: someone without it learns nothing from a missing If-Match.
      await requireDataProtection(contextOf(request));
      const rule = await changeRetentionRule(
        contextOf(request),
        request.params.key,
        expectedVersion(request),
        request.body,
      );
      setEtag(reply, rule);
      return rule;
    },
  );
  for (const [path, dryRun, summary] of [
    ['dry-run', true, 'Report what a rule would clear or erase, with counts (recorded)'],
    ['run', false, 'Apply a rule now, as the scheduled job does (recorded)'],
  ] as const)
    app.post(
      `/personal-data/retention-rules/:key/${path}`,
      {
        config: { access: 'staff' },
        schema: {
          tags,
          summary: `${summary}; data protection ability`,
          params: retentionRuleParams,
          response: { 200: retentionReport },
        },
      },
      async (request) => runRetentionRule(contextOf(request), request.params.key, dryRun),
    );
  app.get(
    '/personal-data/retention-runs',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'The latest runs of the retention rules (data protection ability)',
        response: { 200: retentionRunList },
      },
    },
    async (request) => retentionRunsOf(contextOf(request)),
  );
  app.get(
    '/personal-data/processing',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary:
          'Records of processing: personal data held per purpose, lawful basis and retention (data protection ability)',
        response: { 200: processingRecords },
      },
    },
    async (request) => processingRecordsOf(contextOf(request)),
  );
  app.get(
    '/personal-data/processing/export',
    {
      config: { access: 'viewer' },
      schema: { tags, summary: 'The records of processing as CSV (data protection ability)' },
    },
    async (request, reply) => {
      const csv = processingRecordsCsv(await processingRecordsOf(contextOf(request)));
      return reply
        .headers({
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="records-of-processing.csv"',
          'cache-control': 'no-store',
        })
        .send(csv);
    },
  );
};
