import { Alert, Anchor, List, Text } from '@mantine/core';
import { Link } from 'react-router';
import { requestKindLabels } from '../../../common/src/labels/requests.ts';
import { useOpenConcerns } from '../api/communication-plans.ts';

/**
 * Before logging a touch point or raising a request: the partner's open complaints, concerns
 * and disputes from every unit (those I may see), so nobody walks in unaware.
 */
export function OpenConcerns({ partnerId }: { partnerId: string | null }) {
  const open = useOpenConcerns(partnerId);
  const items = open.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Alert
      color="#7a4100"
      variant="light"
      role="status"
      title={`Open complaints and concerns (${items.length})`}
    >
      <List size="sm" spacing={4}>
        {items.map((r) => (
          <List.Item key={r.id}>
            <Anchor component={Link} to={`/requests/${r.id}`} size="sm">
              #{r.reference} {r.title}
            </Anchor>
            <Text span size="sm">
              {' '}
              · {requestKindLabels[r.kind]}, {r.unitName}
            </Text>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
