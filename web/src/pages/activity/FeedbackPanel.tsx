import { Alert, Badge, Card, Center, Divider, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { feedbackRatingLabels } from '../../../../common/src/labels/activity-feedback.ts';
import { type Activity, useActivityFeedback, useGiveFeedback } from '../../api/activities.ts';
import { FeedbackChart } from '../../components/activities/FeedbackChart.tsx';
import { FeedbackForm } from '../../components/activities/FeedbackForm.tsx';
import { formatDateTime, saved } from '../../components/forms.ts';
import { Empty } from '../../components/States.tsx';

/** Feedback on the activity: the ratings as a chart and a table, the written answers, and my own. */
export function FeedbackPanel({ activity }: { activity: Activity }) {
  const feedback = useActivityFeedback(activity.id);
  const give = useGiveFeedback(activity.id);
  const data = feedback.data;
  return (
    <Card withBorder component="section" aria-labelledby="feedback">
      <Title order={2} size="h4" id="feedback" mb="xs">
        Feedback{data ? ` (${data.count})` : ''}
      </Title>
      {feedback.isPending && (
        <Center role="status" aria-label="Loading feedback">
          <Loader aria-hidden />
        </Center>
      )}
      {feedback.error && (
        <Alert color="red" role="alert">
          {feedback.error.message}
        </Alert>
      )}
      {data &&
        (new Date(data.opensAt) > new Date() ? (
          <Text c="dimmed">
            Feedback opens when the activity starts: those who came give it by the link in their invitation.
          </Text>
        ) : (
          <Stack>
            {data.count === 0 ? (
              <Empty>No feedback yet. Those who came give it by the link in their invitation.</Empty>
            ) : (
              <FeedbackChart summary={data} title={`Ratings for ${activity.title}`} />
            )}
            {data.answers.some((r) => r.useful || r.change) && (
              <Stack gap="xs">
                <Title order={3} size="h5">
                  What people said
                </Title>
                {data.answers
                  .filter((r) => r.useful || r.change)
                  .map((r) => (
                    <Card key={r.id} withBorder padding="sm" component="article">
                      <Group gap="xs" mb={4} wrap="wrap">
                        <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                          {r.authorName}
                        </Text>
                        <Badge variant="light" color={r.from === 'staff' ? 'gray' : 'blue'}>
                          {r.from === 'staff' ? 'Staff' : 'Attendee'}
                        </Badge>
                        <Text size="sm">
                          {feedbackRatingLabels[r.rating as 1 | 2 | 3 | 4 | 5]} ({r.rating} of 5)
                        </Text>
                        <Text size="xs" c="dimmed">
                          {formatDateTime(r.createdAt)}
                        </Text>
                      </Group>
                      {r.useful && (
                        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                          <strong>Useful:</strong> {r.useful}
                        </Text>
                      )}
                      {r.change && (
                        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                          <strong>To change:</strong> {r.change}
                        </Text>
                      )}
                    </Card>
                  ))}
              </Stack>
            )}
            {data.can.give && (
              <>
                <Divider />
                <Title order={3} size="h5">
                  My feedback
                </Title>
                <FeedbackForm
                  idPrefix="staff-feedback"
                  pending={give.isPending}
                  onSubmit={(body, onError) =>
                    give.mutate(body, { onSuccess: () => saved('Thank you for your feedback'), onError })
                  }
                />
              </>
            )}
            {data.mine && <Text size="sm">You have given your feedback.</Text>}
          </Stack>
        ))}
    </Card>
  );
}
