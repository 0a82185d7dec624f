import { Alert, Button, Code, CopyButton, Group, Text, Title } from '@mantine/core';
import { useState } from 'react';
import {
  type NewCalendarFeed,
  useCalendarFeed,
  useRenewCalendarFeed,
  useStopCalendarFeed,
} from '../../api/activities.ts';
import { formatDateTime, saved, showServerErrors } from '../../components/forms.ts';
import { QueryState } from '../../components/States.tsx';

/** My calendar feed: a private address Outlook or Google Calendar subscribes to, for the activities I organise. */
export function CalendarFeedSection() {
  const feed = useCalendarFeed();
  const renew = useRenewCalendarFeed();
  const stop = useStopCalendarFeed();
  const [created, setCreated] = useState<NewCalendarFeed | null>(null);
  const address = created ? `${window.location.origin}${created.path}` : '';
  const active = feed.data?.active ?? false;
  return (
    <>
      <Title order={3} id="calendar-heading" size="h4" mb="xs">
        Calendar feed
      </Title>
      <Text size="sm" mb="sm">
        Subscribe to the activities you organise from Outlook or Google Calendar. Anyone with the address sees
        them, so keep it private; a new address stops the old one.
      </Text>
      {created && (
        <Alert color="#216e39" role="status" title="Your calendar feed's address" mb="sm">
          <Text size="sm" mb={4}>
            Copy it into your calendar now: it is shown this once only.
          </Text>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Code
              block
              style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', flex: 1 }}
              aria-label="Calendar feed address"
            >
              {address}
            </Code>
            <CopyButton value={address}>
              {({ copied, copy }) => (
                <Button variant="default" size="xs" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      <QueryState isPending={feed.isPending} error={feed.error}>
        {feed.data && (
          <>
            <Text size="sm" mb="sm">
              {active
                ? `Made ${formatDateTime(feed.data.createdAt!)}; ${
                    feed.data.lastReadAt
                      ? `last read by a calendar ${formatDateTime(feed.data.lastReadAt)}`
                      : 'not read by a calendar yet'
                  }.`
                : 'You have no calendar feed.'}
            </Text>
            <Group gap="xs">
              <Button
                variant={active ? 'default' : 'filled'}
                loading={renew.isPending}
                onClick={() =>
                  renew.mutate(undefined, {
                    onSuccess: setCreated,
                    onError: (e) => showServerErrors(e, () => undefined),
                  })
                }
              >
                {active ? 'Make a new address' : 'Make a feed address'}
              </Button>
              {active && (
                <Button
                  variant="default"
                  color="red"
                  loading={stop.isPending}
                  onClick={() =>
                    stop.mutate(undefined, {
                      onSuccess: () => {
                        setCreated(null);
                        saved('The calendar feed has stopped');
                      },
                      onError: (e) => showServerErrors(e, () => undefined),
                    })
                  }
                >
                  Stop the feed
                </Button>
              )}
            </Group>
          </>
        )}
      </QueryState>
    </>
  );
}
