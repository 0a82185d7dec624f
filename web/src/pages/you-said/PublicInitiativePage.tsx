import { Alert, Badge, Card, Center, Container, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { initiativeStatusLabels, inputStatusLabels } from '../../../../common/src/labels/initiatives.ts';
import { ApiError } from '../../api/client.ts';
import { usePublicInitiative } from '../../api/initiatives.ts';
import { formatDate } from '../../components/forms.ts';

/** What the page says when no response was written. */
const noResponse = {
  open: 'We are still considering this.',
  adopted: 'We took this on.',
  adapted: 'We took this on, changed.',
  not_adopted: 'We decided not to take this forward.',
} as const;

const statusColour = {
  open: 'gray',
  adopted: 'success',
  adapted: 'rapport',
  not_adopted: 'warning',
} as const;

/**
 * The published "you said, we did" page, opened by its private link: no account, no sign-in.
 * Only what the university chose to publish; read-only.
 */
export function PublicInitiativePage() {
  const { token = '' } = useParams();
  const page = usePublicInitiative(token);
  const data = page.data;
  return (
    <Container size="md" py="xl" component="main" id="main">
      {page.isPending && (
        <Center p="xl" role="status" aria-label="Loading the page">
          <Loader aria-hidden />
        </Center>
      )}
      {page.error && (
        <Stack>
          <Title order={1} size="h2">
            You said, we did
          </Title>
          <Alert color="red" role="alert" title="This link does not work">
            {page.error instanceof ApiError && page.error.status === 404
              ? 'This page is not published, or the link has been replaced. Ask your contact at the university for the current link.'
              : page.error.message}
          </Alert>
        </Stack>
      )}
      {data && (
        <Stack>
          <Text c="dimmed" size="sm">
            You said, we did · {data.unitName}
          </Text>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {data.title}
          </Title>
          <Group gap="xs">
            <Badge variant="light">{initiativeStatusLabels[data.status]}</Badge>
          </Group>
          {data.description && <Text style={{ whiteSpace: 'pre-wrap' }}>{data.description}</Text>}
          {data.milestones.length > 0 && (
            <Card withBorder component="section" aria-labelledby="public-milestones">
              <Title order={2} size="h4" id="public-milestones" mb="xs">
                Milestones
              </Title>
              <Stack gap={4}>
                {data.milestones.map((m) => (
                  <Group key={`${m.title}-${m.dueDate}`} justify="space-between" gap="xs">
                    <Text>{m.title}</Text>
                    <Text size="sm" c="dimmed">
                      {m.reached ? 'Reached' : `Due ${formatDate(m.dueDate)}`}
                    </Text>
                  </Group>
                ))}
              </Stack>
            </Card>
          )}
          <Title order={2} size="h3">
            What you told us, and what we did
          </Title>
          {data.items.length === 0 && <Text c="dimmed">Nothing has been published yet.</Text>}
          {data.items.map((item, index) => (
            <Card
              withBorder
              key={`${item.partnerName}\n${item.youSaid}\n${item.weDid}`}
              component="article"
              aria-label={`Item ${index + 1}`}
            >
              <Stack gap={6}>
                <Group justify="space-between" gap="xs">
                  <Text size="sm" c="dimmed">
                    {item.partnerName}
                  </Text>
                  <Badge variant="light" color={statusColour[item.status]}>
                    {inputStatusLabels[item.status]}
                  </Badge>
                </Group>
                <Text>
                  <strong>You said:</strong> {item.youSaid}
                </Text>
                <Text>
                  <strong>We did:</strong> {item.weDid ?? noResponse[item.status]}
                </Text>
                {item.reason && (
                  <Text size="sm">
                    <strong>Why:</strong> {item.reason}
                  </Text>
                )}
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
    </Container>
  );
}
