import { Anchor, Button, Card, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { momentInWords } from '../../../../common/src/wording.ts';
import { useUniversityTimeZone } from '../../api/calendar.ts';
import { useMarkNotificationsRead, useNotificationPages } from '../../api/requests.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

/** Everything Rapport has told me, newest first, each dated in the university's time zone. */
export function NotificationsPage() {
  const timeZone = useUniversityTimeZone();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotificationPages(unreadOnly);
  const markRead = useMarkNotificationsRead();
  usePageTitle('Notifications');
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = list.data?.pages[0]?.unreadCount ?? 0;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Notifications</Title>
        <Group>
          <Checkbox
            label="Unread only"
            checked={unreadOnly}
            onChange={(e) => setUnreadOnly(e.currentTarget.checked)}
          />
          <Button variant="default" onClick={() => markRead.mutate(undefined)} disabled={!unread}>
            Mark all read
          </Button>
        </Group>
      </Group>
      <Text size="sm" aria-live="polite">
        {list.data ? (unread ? `${unread} unread.` : 'All read.') : ''}
      </Text>
      <QueryState isPending={list.isPending} error={list.error}>
        {items.length ? (
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {items.map((n) => (
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
                  <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                    {n.body}
                  </Text>
                )}
                <Text size="xs" c="dimmed" component="time" dateTime={n.createdAt}>
                  {momentInWords(n.createdAt, timeZone)}
                </Text>
              </Card>
            ))}
          </Stack>
        ) : (
          <Empty>{unreadOnly ? 'Nothing unread.' : 'Nothing yet.'}</Empty>
        )}
        {list.hasNextPage && (
          <Group>
            <Button variant="default" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
              Show older notifications
            </Button>
          </Group>
        )}
      </QueryState>
    </Stack>
  );
}
