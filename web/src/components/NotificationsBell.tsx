import { Button, Indicator, Menu, Stack, Text } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { useMarkNotificationsRead, useNotifications } from '../api/requests.ts';
import { formatDateTime } from './forms.ts';

/** The header's notifications: the unread count in the button's name, the latest in a menu. */
export function NotificationsBell() {
  const list = useNotifications();
  const markRead = useMarkNotificationsRead();
  const navigate = useNavigate();
  const unread = list.data?.unreadCount ?? 0;
  const latest = list.data?.items.slice(0, 8) ?? [];
  return (
    <Menu width={360} position="bottom-end">
      <Menu.Target>
        <Indicator label={unread} size={18} disabled={unread === 0} offset={4}>
          <Button variant="default" aria-label={`Notifications, ${unread} unread`}>
            Notifications
          </Button>
        </Indicator>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{unread ? `${unread} unread` : 'All read'}</Menu.Label>
        {latest.length === 0 && (
          <Text size="sm" p="xs">
            Nothing yet.
          </Text>
        )}
        {latest.map((n) => (
          <Menu.Item
            key={n.id}
            onClick={() => {
              if (!n.read) markRead.mutate([n.id]);
              if (n.link) navigate(n.link);
            }}
          >
            <Stack gap={0}>
              <Text size="sm" fw={n.read ? 400 : 700}>
                {n.read ? '' : 'New: '}
                {n.title}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(n.createdAt)}
              </Text>
            </Stack>
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item onClick={() => markRead.mutate(undefined)} disabled={unread === 0}>
          Mark all read
        </Menu.Item>
        <Menu.Item component={Link} to="/notifications">
          See all notifications
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
