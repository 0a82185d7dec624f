/** Relationship reviews: their schedule, the agenda built from the data, minutes and actions. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateReviewAction,
  ReviewActionDto,
  ReviewAgendaDto,
  ReviewDto,
  scheduleReviewBody,
  UpdateReview,
} from '../../../common/src/contracts/reviews.ts';
import { api } from './client.ts';

export type Review = ReviewDto;
export type ReviewAgenda = ReviewAgendaDto;
export type NewReview = z.input<typeof scheduleReviewBody>;

const KEY = 'reviews';

export const useRelationshipReviews = (relationshipId: string) =>
  useQuery({
    queryKey: [KEY, 'relationship', relationshipId],
    queryFn: () =>
      api<{ items: Review[]; can: { schedule: boolean } }>('GET', `/relationships/${relationshipId}/reviews`),
  });

export const useReviewAgenda = (id: string | null) =>
  useQuery({
    queryKey: [KEY, 'agenda', id],
    queryFn: () => api<ReviewAgenda>('GET', `/reviews/${id}/agenda`),
    enabled: Boolean(id),
  });

/** A write that refreshes every review query, Home (overdue reviews) and the tasks actions became. */
function useReviewWrite<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all(
        [KEY, 'home', 'tasks', 'senior-view', 'playbook'].map((key) =>
          client.invalidateQueries({ queryKey: [key] }),
        ),
      );
    },
  });
}

export const useScheduleReview = () =>
  useReviewWrite((input: { relationshipId: string; body: NewReview }) =>
    api<Review>('POST', `/relationships/${input.relationshipId}/reviews`, input.body),
  );

export const useChangeReview = () =>
  useReviewWrite((input: { review: Review; changes: UpdateReview }) =>
    api<Review>('PATCH', `/reviews/${input.review.id}`, input.changes, { version: input.review.version }),
  );

export const useAddReviewAction = () =>
  useReviewWrite((input: { reviewId: string; body: CreateReviewAction }) =>
    api<ReviewActionDto>('POST', `/reviews/${input.reviewId}/actions`, input.body),
  );
