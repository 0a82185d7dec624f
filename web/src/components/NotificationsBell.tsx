import { Anchor, Button, Group, Indicator, Popover, Stack, Text, Title } from '@mantine/core';
import { useWindowEvent } from '@mantine/hooks';
import { IconBell } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMarkNotificationsRead, useNotifications } from '../api/requests.ts';
import { formatDateTime } from './forms.ts';

/** The header's notifications: the unread count in the button's name, the latest in a popover. */
export function NotificationsBell() {
  const [opened, setOpened] = useState(false);
  const list = useNotifications();
  const markRead = useMarkNotificationsRead();
  const unread = list.data?.unreadCount ?? 0;
  const latest = list.data?.items.slice(0, 8) ?? [];
  const close = () => setOpened(false);
  // Escape closes the list wherever focus is (Mantine's own handler needs focus inside it).
  useWindowEvent('keydown', (event) => {
    if (opened && event.key === 'Escape') close();
  });
  return (
    <Indicator label={unread} size={18} disabled={unread === 0} offset={4}>
      <Popover
        opened={opened}
        onChange={setOpened}
        width="min(380px, calc(100vw - 16px))"
        position="bottom-end"
        trapFocus
        returnFocus
        shadow="md"
      >
        <Popover.Target>
          <Button
            variant="default"
            aria-label={`Notifications, ${unread} unread`}
            aria-expanded={opened}
            onClick={() => setOpened((o) => !o)}
            px={{ base: 'xs', sm: 'md' }}
          >
            {/* A bell alone on a phone, where the header has room for three buttons only. */}
            <IconBell size={18} stroke={1.6} aria-hidden />
            <Text span inherit visibleFrom="sm" ml={6}>
              Notifications
            </Text>
          </Button>
        </Popover.Target>
        <Popover.Dropdown aria-label="Notifications">
          <Title order={2} size="h5" mb="xs">
            {unread ? `${unread} unread` : 'All read'}
          </Title>
          {latest.length ? (
            <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {latest.map((n) => (
                <li key={n.id}>
                  <Text size="sm" fw={n.read ? 400 : 700}>
                    {n.read ? '' : 'New: '}
                    {n.link ? (
                      <Anchor
                        component={Link}
                        to={n.link}
                        onClick={() => {
                          if (!n.read) markRead.mutate([n.id]);
                          close();
                        }}
                      >
                        {n.title}
                      </Anchor>
                    ) : (
                      n.title
                    )}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(n.createdAt)}
                  </Text>
                </li>
              ))}
            </Stack>
          ) : (
            <Text size="sm">Nothing yet.</Text>
          )}
          <Group justify="space-between" mt="sm">
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => markRead.mutate(undefined)}
              disabled={unread === 0}
            >
              Mark all read
            </Button>
            <Anchor component={Link} to="/notifications" size="sm" onClick={close}>
              See all notifications
            </Anchor>
          </Group>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
