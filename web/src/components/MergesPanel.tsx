import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useSession } from '../api/hooks.ts';
import { useMergesOf, useUnmerge } from '../api/merges.ts';
import { formatDateTime } from './forms.ts';

/**
 * The merges this record took part in, for administrators: who merged what into it and when,
 * and, within the grace period, Unmerge (the records and their links come back as they were).
 */
export function MergesPanel({ id }: { id: string }) {
  const session = useSession();
  const allowed = Boolean(session.data?.abilities.mergeRecords);
  const merges = useMergesOf(id, allowed);
  const unmerge = useUnmerge();
  const items = (merges.data?.items ?? []).filter((m) => m.survivorId === id);
  if (!allowed || items.length === 0) return null;
  return (
    <Card withBorder component="section" aria-labelledby={`merges-${id}`}>
      <Title order={3} size="h4" id={`merges-${id}`}>
        Merges
      </Title>
      <Stack gap="sm" mt="xs">
        {items.map((m) => (
          <Group key={m.id} justify="space-between" wrap="wrap" align="flex-start">
            <div>
              <Text size="sm">
                {m.mergedNames.join(', ')} merged into this {m.kind} by {m.mergedByName}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(m.mergedAt)} · {m.movedLinks} {m.movedLinks === 1 ? 'link' : 'links'} moved
                {m.unmergedAt
                  ? ` · undone ${formatDateTime(m.unmergedAt)}`
                  : m.unmergeUntil
                    ? ` · can be undone until ${formatDateTime(m.unmergeUntil)}`
                    : ''}
              </Text>
            </div>
            {m.canUnmerge && (
              <Button
                size="compact-sm"
                variant="default"
                loading={unmerge.isPending && unmerge.variables === m.id}
                onClick={() =>
                  unmerge.mutate(m.id, {
                    onSuccess: () =>
                      notifications.show({
                        color: 'green',
                        title: 'Unmerged',
                        message: `${m.mergedNames.join(', ')} ${m.mergedNames.length === 1 ? 'is' : 'are'} back, with ${m.mergedNames.length === 1 ? 'its' : 'their'} links`,
                      }),
                  })
                }
              >
                Unmerge
              </Button>
            )}
          </Group>
        ))}
        {unmerge.error && (
          <Alert color="red" role="alert" title="Not unmerged">
            {unmerge.error.message}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
