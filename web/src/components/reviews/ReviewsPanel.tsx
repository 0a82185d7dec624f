import { Accordion, Badge, Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { scheduleReviewBody } from '../../../../common/src/contracts/reviews.ts';
import { reviewStatusLabels } from '../../../../common/src/labels/reviews.ts';
import { usePartnerAgreements } from '../../api/agreements.ts';
import { type NewReview, type Review, useRelationshipReviews, useScheduleReview } from '../../api/reviews.ts';
import { checkWith, formatDate, saved, showServerErrors } from '../forms.ts';
import { Empty, QueryState } from '../States.tsx';
import { ReviewDetail } from './ReviewDetail.tsx';

type Relationship = { id: string; unitName: string };

const statusBadge = (r: Review) =>
  r.overdue ? (
    <Badge color="red.9" autoContrast>
      Overdue
    </Badge>
  ) : (
    <Badge color={r.status === 'held' ? 'success' : 'gray.7'} autoContrast>
      {reviewStatusLabels[r.status]}
    </Badge>
  );

type ScheduleValues = { scheduledFor: string; agreementId: string };
const toBody = (v: ScheduleValues): NewReview => ({
  ...(v.scheduledFor ? { scheduledFor: v.scheduledFor } : {}),
  agreementId: v.agreementId || null,
});

/** Schedules the next review: a date, or the agreement's or the relationship's review date. */
function ScheduleForm({ partnerId, relationshipId }: { partnerId: string; relationshipId: string }) {
  const agreements = usePartnerAgreements(partnerId);
  const schedule = useScheduleReview();
  const form = useForm<ScheduleValues>({
    initialValues: { scheduledFor: '', agreementId: '' },
    validate: checkWith(scheduleReviewBody, toBody),
  });
  const mine = (agreements.data?.items ?? []).filter((a) => a.relationshipId === relationshipId);
  const submit = form.onSubmit((v) =>
    schedule.mutate(
      { relationshipId, body: toBody(v) },
      {
        onSuccess: () => {
          saved('Review scheduled');
          form.reset();
        },
        onError: (e) => showServerErrors(e, form.setErrors),
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Schedule a review">
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label="Review date"
          description="Empty: the agreement's or the relationship's review date"
          type="date"
          {...form.getInputProps('scheduledFor')}
        />
        {mine.length > 0 && (
          <Select
            label="Governing agreement"
            clearable
            data={mine.map((a) => ({ value: a.id, label: a.title }))}
            {...form.getInputProps('agreementId')}
          />
        )}
        <Button type="submit" loading={schedule.isPending}>
          Schedule review
        </Button>
      </Group>
    </form>
  );
}

function RelationshipReviews({ partnerId, relationship }: { partnerId: string; relationship: Relationship }) {
  const reviews = useRelationshipReviews(relationship.id);
  const items = reviews.data?.items ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const shown = items.find((r) => r.id === chosen) ?? items[0] ?? null;
  return (
    <QueryState isPending={reviews.isPending} error={reviews.error}>
      <Stack gap="sm">
        {items.length === 0 && <Empty>No review yet.</Empty>}
        {items.length > 1 && (
          <Select
            label="Review"
            value={shown?.id ?? null}
            onChange={setChosen}
            allowDeselect={false}
            data={items.map((r) => ({
              value: r.id,
              label: `${formatDate(r.heldOn ?? r.scheduledFor)} (${reviewStatusLabels[r.status].toLowerCase()})`,
            }))}
          />
        )}
        {shown && (
          <>
            <Group gap="xs">
              <Text fw={600}>Review of {formatDate(shown.scheduledFor)}</Text>
              {statusBadge(shown)}
              {shown.agreement && (
                <Text size="sm" c="dimmed">
                  for {shown.agreement.title}
                </Text>
              )}
            </Group>
            <ReviewDetail review={shown} partnerId={partnerId} />
          </>
        )}
        {reviews.data?.can.schedule && (
          <ScheduleForm partnerId={partnerId} relationshipId={relationship.id} />
        )}
      </Stack>
    </QueryState>
  );
}

/** The partner page's relationship reviews: one section per relationship, the first open. */
export function ReviewsPanel({
  partnerId,
  relationships,
}: {
  partnerId: string;
  relationships: Relationship[];
}) {
  const [open, setOpen] = useState<string | null>(relationships[0]?.id ?? null);
  return (
    <Card withBorder component="section" aria-labelledby="relationship-reviews">
      <Title order={3} size="h4" mb="sm" id="relationship-reviews">
        Relationship reviews
      </Title>
      <Accordion value={open} onChange={setOpen} variant="separated">
        {relationships.map((r) => (
          <Accordion.Item key={r.id} value={r.id}>
            <Accordion.Control>{r.unitName}</Accordion.Control>
            <Accordion.Panel>
              {open === r.id && <RelationshipReviews partnerId={partnerId} relationship={r} />}
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Card>
  );
}
