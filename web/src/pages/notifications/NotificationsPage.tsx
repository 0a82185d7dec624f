import { Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useMarkNotificationsRead, useNotifications } from '../../api/requests.ts';
import { formatDateTime } from '../../components/forms.ts';
import { Empty, QueryState } from '../../components/States.tsx';

/** Everything Rapport has told me, newest first. */
export function NotificationsPage() {
  const list = useNotifications();
  const markRead = useMarkNotificationsRead();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Notifications</Title>
        <Button
          variant="default"
          onClick={() => markRead.mutate(undefined)}
          disabled={!list.data?.unreadCount}
        >
          Mark all read
        </Button>
      </Group>
      <QueryState isPending={list.isPending} error={list.error}>
        {list.data?.items.length ? (
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {list.data.items.map((n) => (
              <Card key={n.id} withBorder padding="sm" component="li">
                <Text size="sm" fw={n.read ? 400 : 700}>
                  {n.read ? '' : 'New: '}
                  {n.link ? (
                    <Anchor component={Link} to={n.link} onClick={() => !n.read && markRead.mutate([n.id])}>
                      {n.title}
                    </Anchor>
                  ) : (
                    n.title
                  )}
                </Text>
                {n.body && (
                  <Text size="sm" c="dimmed">
                    {n.body}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {formatDateTime(n.createdAt)}
                </Text>
              </Card>
            ))}
          </Stack>
        ) : (
          <Empty>Nothing yet.</Empty>
        )}
      </QueryState>
    </Stack>
  );
}
