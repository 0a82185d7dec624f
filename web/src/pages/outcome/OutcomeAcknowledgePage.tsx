import { Alert, Button, Card, Center, Container, Loader, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useAcknowledgeOutcome, usePublicOutcome } from '../../api/disputes.ts';
import { formatDateTime } from '../../components/forms.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';

const linkProblem = (error: Error) =>
  error instanceof ApiError && error.status === 404
    ? 'We could not find this outcome. Check that you opened the whole link you were sent.'
    : error instanceof ApiError && error.status === 410
      ? 'This link has expired. Ask your contact at the university for a new one.'
      : error.message;

/**
 * The page an outcome's private link opens: no account, no sign-in. The partner's contact reads
 * what was agreed and acknowledges it, once.
 */
export function OutcomeAcknowledgePage() {
  const { token = '' } = useParams();
  usePageTitle('Dispute outcome');
  const outcome = usePublicOutcome(token);
  const acknowledge = useAcknowledgeOutcome(token);
  const data = outcome.data;
  return (
    <Container size="sm" py="xl" px="sm" component="main" id="main">
      {outcome.isPending && (
        <Center p="xl" role="status" aria-label="Loading the outcome">
          <Loader aria-hidden />
        </Center>
      )}
      {outcome.error && (
        <Stack>
          <Title order={1} size="h2">
            Dispute outcome
          </Title>
          <Alert color="red" role="alert" title="This link does not work">
            {linkProblem(outcome.error)}
          </Alert>
        </Stack>
      )}
      {data && (
        <Stack>
          <Text c="dimmed" size="sm">
            {data.unitName} and {data.partnerName}
          </Text>
          <Title order={1} size="h2">
            {data.title}
          </Title>
          <Card withBorder>
            <Stack gap="xs">
              <Title order={2} size="h4">
                What was agreed
              </Title>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{data.agreed}</Text>
            </Stack>
          </Card>
          {data.acknowledgedAt ? (
            <Alert color="success" role="status" title="Thank you">
              You acknowledged this outcome on {formatDateTime(data.acknowledgedAt)}. This link has been used
              and cannot be used again.
            </Alert>
          ) : (
            <Stack gap="xs">
              <Text>
                {data.contactName}, please confirm that this is what was agreed between {data.partnerName} and
                the {data.unitName}.
              </Text>
              {acknowledge.error && (
                <Alert color="red" role="alert" title="Not acknowledged">
                  {linkProblem(acknowledge.error)}
                </Alert>
              )}
              <Button onClick={() => acknowledge.mutate()} loading={acknowledge.isPending} w="fit-content">
                I acknowledge this outcome
              </Button>
            </Stack>
          )}
        </Stack>
      )}
    </Container>
  );
}
