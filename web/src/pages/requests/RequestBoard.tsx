import { Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Request } from '../../api/types.ts';
import {
  PriorityBadge,
  RequestTargets,
  requestStatuses,
  statusLabel,
} from '../../components/requestLabels.tsx';
import { Empty } from '../../components/States.tsx';

type Props = {
  rows: Request[];
  /** Requests per status for the filters, from the server (the cards may be fewer). */
  counts: Record<string, number>;
  /** "Open only" is ticked: the resolved and closed columns say so rather than show 0. */
  settledHidden: boolean;
};

/** The register as one column per status, each headed by its count. */
export function RequestBoard({ rows, counts, settledHidden }: Props) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3, xl: 6 }} spacing="sm">
      {requestStatuses.map((s) => {
        const hidden = settledHidden && (s === 'resolved' || s === 'closed');
        const cards = hidden ? [] : rows.filter((r) => r.status === s);
        const count = counts[s] ?? 0;
        return (
          <Card key={s} component="section" aria-labelledby={`column-${s}`} withBorder padding="xs">
            <Title order={3} size="h5" id={`column-${s}`} mb="xs">
              {statusLabel[s]}
              {hidden ? '' : ` (${count})`}
            </Title>
            <Stack gap="xs">
              {hidden ? (
                <Empty>Not shown while “Open only” is ticked.</Empty>
              ) : cards.length ? (
                cards.map((r) => (
                  <Card key={r.id} withBorder padding="xs">
                    <Anchor component={Link} to={`/requests/${r.id}`} fw={600} size="sm">
                      #{r.reference} {r.title}
                    </Anchor>
                    <Text size="xs">{r.partnerName}</Text>
                    <Group gap={4} mt={4}>
                      <PriorityBadge priority={r.priority} />
                      <RequestTargets request={r} />
                    </Group>
                  </Card>
                ))
              ) : (
                <Empty>None</Empty>
              )}
              {cards.length > 0 && cards.length < count && (
                <Text size="xs">
                  {count - cards.length} more: use Show more below, or narrow the filters.
                </Text>
              )}
            </Stack>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}
