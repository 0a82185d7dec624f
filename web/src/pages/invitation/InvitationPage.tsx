import {
  Alert,
  Badge,
  Button,
  Card,
  Center,
  Container,
  Group,
  Loader,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useParams } from 'react-router';
import { activityKindLabels, invitationStatusLabels } from '../../../../common/src/labels/activities.ts';
import { useGiveFeedbackByLink, usePublicInvitation, useRespond } from '../../api/activities.ts';
import { ApiError } from '../../api/client.ts';
import { FeedbackForm } from '../../components/activities/FeedbackForm.tsx';
import { whenInWords } from '../activities/activityLabels.ts';

/**
 * The page the private link in an invitation opens: no account, no sign-in. The invited contact
 * sees the activity and registers, declines or cancels; from its start, those who came give feedback.
 */
export function InvitationPage() {
  const { token = '' } = useParams();
  const invitation = usePublicInvitation(token);
  const respond = useRespond(token);
  const feedback = useGiveFeedbackByLink(token);
  const data = invitation.data;

  return (
    <Container size="sm" py="xl" component="main" id="main">
      {invitation.isPending && (
        <Center p="xl" role="status" aria-label="Loading the invitation">
          <Loader aria-hidden />
        </Center>
      )}
      {invitation.error && (
        <Stack>
          <Title order={1} size="h2">
            Invitation
          </Title>
          <Alert color="red" role="alert" title="This link does not work">
            {invitation.error instanceof ApiError && invitation.error.status === 404
              ? 'We could not find this invitation. Check that you opened the whole link from the e-mail.'
              : invitation.error.message}
          </Alert>
        </Stack>
      )}
      {data && (
        <Stack>
          <Text c="dimmed" size="sm">
            {data.contactName ? `Invitation for ${data.contactName}` : 'Invitation'}
          </Text>
          <Title order={1} size="h2">
            {data.activity.title}
          </Title>
          <Card withBorder component="section" aria-label="The activity">
            <Stack gap="xs">
              <Group gap="xs">
                <Badge variant="light">{activityKindLabels[data.activity.kind]}</Badge>
                <Text size="sm">organised by {data.activity.unitName}</Text>
              </Group>
              <Text>
                <strong>When:</strong> {whenInWords(data.activity)} ({data.activity.timeZone})
              </Text>
              <Text>
                <strong>Where:</strong>{' '}
                {data.activity.format === 'online'
                  ? 'Online (the link is in your calendar invitation)'
                  : (data.activity.location ?? 'To be confirmed')}
              </Text>
              {data.activity.placesLeft !== null && (
                <Text>
                  <strong>Places left:</strong> {data.activity.placesLeft}
                </Text>
              )}
              {data.activity.description && (
                <Text style={{ whiteSpace: 'pre-wrap' }}>{data.activity.description}</Text>
              )}
            </Stack>
          </Card>
          <Card withBorder component="section" aria-labelledby="your-answer">
            <Title order={2} size="h4" id="your-answer" mb="xs">
              Your answer
            </Title>
            <Text aria-live="polite" mb="sm">
              {data.status === 'waiting'
                ? `You are on the waiting list (number ${data.waitingPosition}). We will e-mail you if a place becomes free.`
                : data.status === 'registered'
                  ? 'You are registered. We look forward to seeing you.'
                  : `Status: ${invitationStatusLabels[data.status]}`}
            </Text>
            {respond.error && (
              <Alert color="red" role="alert" mb="sm">
                {respond.error.message}
              </Alert>
            )}
            {data.activity.started ? (
              <Text c="dimmed">The activity has started: answers are closed.</Text>
            ) : (
              <Group wrap="wrap">
                {['invited', 'declined', 'cancelled'].includes(data.status) && (
                  <Button onClick={() => respond.mutate('register')} loading={respond.isPending}>
                    {data.activity.placesLeft === 0 ? 'Join the waiting list' : 'Register'}
                  </Button>
                )}
                {data.status === 'invited' && (
                  <Button
                    variant="default"
                    onClick={() => respond.mutate('decline')}
                    disabled={respond.isPending}
                  >
                    Decline
                  </Button>
                )}
                {(data.status === 'registered' || data.status === 'waiting') && (
                  <Button
                    variant="default"
                    color="red"
                    onClick={() => respond.mutate('cancel')}
                    loading={respond.isPending}
                  >
                    {data.status === 'waiting' ? 'Leave the waiting list' : 'Cancel my place'}
                  </Button>
                )}
              </Group>
            )}
          </Card>
          {data.activity.started && (data.feedback.open || data.feedback.given) && (
            <Card withBorder component="section" aria-labelledby="your-feedback">
              <Title order={2} size="h4" id="your-feedback" mb="xs">
                Your feedback
              </Title>
              {data.feedback.given ? (
                <Text role="status">Thank you: your feedback has been received.</Text>
              ) : (
                <Stack gap="sm">
                  <Text size="sm">Three short questions: they help us plan the next one.</Text>
                  <FeedbackForm
                    idPrefix="feedback"
                    pending={feedback.isPending}
                    onSubmit={(body, onError) => feedback.mutate(body, { onError })}
                  />
                </Stack>
              )}
            </Card>
          )}
        </Stack>
      )}
    </Container>
  );
}
