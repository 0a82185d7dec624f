import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  playbookBody,
  playbookRunList,
  playbookRunSchema,
  playbookSchema,
  relationshipPlaybookSchema,
  runStepParams,
  startedRunsSchema,
  tickStepBody,
} from '../../../../common/src/contracts/playbooks.ts';
import { contextOf } from '../../lib/context.ts';
import { idParams } from '../../lib/records.ts';
import {
  getPlaybook,
  myPlaybooks,
  relationshipPlaybook,
  setPlaybook,
  startOnWaiting,
  tickRunStep,
} from './playbooks.service.ts';

const tags = ['Playbooks'];

export const playbookRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/partner-types/:id/playbook',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "A partner type's getting-to-know-you playbook",
        params: idParams,
        response: { 200: playbookSchema },
      },
    },
    async (request) => getPlaybook(contextOf(request), request.params.id),
  );
  app.put(
    '/partner-types/:id/playbook',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: "Set a partner type's playbook steps, in order",
        description: 'Runs already under way keep the steps they started with; new runs take these.',
        params: idParams,
        body: playbookBody,
        response: { 200: playbookSchema },
      },
    },
    async (request) => setPlaybook(contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/partner-types/:id/playbook/runs',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Start the playbook on the relationships already under way that never had it',
        description:
          'Active relationships with partners of this type (not archived) that never had a run, because they began before the playbook had steps, each get one, recorded in their history. A second call starts nothing. Refused (409) while the playbook has no steps.',
        params: idParams,
        response: { 200: startedRunsSchema },
      },
    },
    async (request) => startOnWaiting(contextOf(request), request.params.id),
  );
  app.get(
    '/relationships/:id/playbook',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "A relationship's latest playbook run and how far it has got",
        description:
          'A step completes itself when a matching record exists that the caller may see: a confidential touch point outside their audience completes nothing for them, as it counts for nothing elsewhere.',
        params: idParams,
        response: { 200: relationshipPlaybookSchema },
      },
    },
    async (request) => relationshipPlaybook(contextOf(request), request.params.id),
  );
  app.get(
    '/playbook-runs/mine',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'Playbooks still under way on the relationships I manage or deputise on',
        response: { 200: playbookRunList },
      },
    },
    async (request) => myPlaybooks(contextOf(request)),
  );
  app.post(
    '/playbook-runs/:id/steps/:stepId/tick',
    {
      config: { access: 'relationship_manager' },
      schema: {
        tags,
        summary: 'Tick a step by hand, with the evidence that it was done',
        params: runStepParams,
        body: tickStepBody,
        response: { 200: playbookRunSchema },
      },
    },
    async (request) =>
      tickRunStep(contextOf(request), request.params.id, request.params.stepId, request.body),
  );
};
