import { Anchor, Card, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useRequests } from '../api/requests.ts';
import { statusLabel, targetText } from './requestLabels.tsx';
import { Empty, QueryState } from './States.tsx';

/** A partner's open requests and escalations, for the partner page. */
export function PartnerRequests({ partnerId }: { partnerId: string }) {
  const open = useRequests({ partnerId, open: true, sort: 'due', limit: 10 });
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="sm">
        Open requests
      </Title>
      <QueryState isPending={open.isPending} error={open.error}>
        {open.data?.items.length ? (
          <Stack gap={6} component="ul" style={{ paddingLeft: 16, margin: 0 }}>
            {open.data.items.map((r) => (
              <li key={r.id}>
                <Anchor component={Link} to={`/requests/${r.id}`} size="sm">
                  #{r.reference} {r.title}
                </Anchor>
                <Text size="xs">
                  {statusLabel[r.status]} · {r.unitName} · resolution: {targetText(r.targets.resolution)}
                  {r.escalationLevel ? ' · escalated' : ''}
                </Text>
              </li>
            ))}
          </Stack>
        ) : (
          <Empty>No open requests.</Empty>
        )}
        <Anchor component={Link} to={`/requests?partnerId=${partnerId}`} size="sm">
          All requests for this partner
        </Anchor>
      </QueryState>
    </Card>
  );
}
