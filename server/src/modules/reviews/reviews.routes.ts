import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createReviewActionBody,
  reviewActionSchema,
  reviewAgendaSchema,
  reviewList,
  reviewSchema,
  scheduleReviewBody,
  updateReviewBody,
} from '../../../../common/src/contracts/reviews.ts';
import { contextOf } from '../../lib/context.ts';
import { expectedVersion, setEtag } from '../../lib/etag.ts';
import { idParams } from '../../lib/records.ts';
import {
  addReviewAction,
  changeReview,
  getReview,
  listReviews,
  reviewAgenda,
  scheduleReview,
} from './reviews.service.ts';

const tags = ['Reviews'];

export const reviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/relationships/:id/reviews',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "A relationship's reviews, latest first",
        params: idParams,
        response: { 200: reviewList },
      },
    },
    async (request) => listReviews(contextOf(request), request.params.id),
  );
  app.post(
    '/relationships/:id/reviews',
    {
      config: { access: 'relationship_manager' },
      schema: {
        tags,
        summary: "Schedule the relationship's next review",
        description:
          "Without a date, the governing agreement's review date (agreementId) or the relationship's review date. A date before the relationship's start is refused (400); a second review still to be held is refused (409).",
        params: idParams,
        body: scheduleReviewBody,
        response: { 201: reviewSchema },
      },
    },
    async (request, reply) => {
      const review = await scheduleReview(contextOf(request), request.params.id, request.body);
      setEtag(reply, review);
      return reply.code(201).send(review);
    },
  );
  app.get(
    '/reviews/:id',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'A review, with its minutes and actions',
        params: idParams,
        response: { 200: reviewSchema },
      },
    },
    async (request, reply) => {
      const review = await getReview(contextOf(request), request.params.id);
      setEtag(reply, review);
      return review;
    },
  );
  app.patch(
    '/reviews/:id',
    {
      config: { access: 'relationship_manager', ifMatch: true },
      schema: {
        tags,
        summary: 'Move a review, record its minutes, or record the day it was held',
        params: idParams,
        body: updateReviewBody,
        response: { 200: reviewSchema },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const review = await changeReview(ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, review);
      return review;
    },
  );
  app.get(
    '/reviews/:id/agenda',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'The agenda, built from what you may see, for the period since the review before',
        params: idParams,
        response: { 200: reviewAgendaSchema },
      },
    },
    async (request) => reviewAgenda(contextOf(request), request.params.id),
  );
  app.post(
    '/reviews/:id/actions',
    {
      config: { access: 'relationship_manager' },
      schema: {
        tags,
        summary: 'Record an action agreed at the review, with its owner on either side; it becomes a task',
        params: idParams,
        body: createReviewActionBody,
        response: { 201: reviewActionSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addReviewAction(contextOf(request), request.params.id, request.body)),
  );
};
