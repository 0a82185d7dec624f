import { Anchor, Badge, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { initiativeStatusLabels, involvementLabels } from '../../../../common/src/labels/initiatives.ts';
import { usePartnerInitiatives } from '../../api/initiatives.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import type { PartnerPanelProps } from './panel.ts';

/** The initiatives the partner is involved in, with what they said that has no response yet. */
export function InitiativesPanel({ overview }: PartnerPanelProps) {
  const initiatives = usePartnerInitiatives(overview.partner.id);
  const items = initiatives.data?.items ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="partner-initiatives">
      <Title order={2} size="h4" id="partner-initiatives" mb="xs">
        Initiatives
      </Title>
      <QueryState isPending={initiatives.isPending} error={initiatives.error}>
        {items.length === 0 && <Empty>This partner is not involved in any initiative.</Empty>}
        <Stack gap="sm">
          {items.map((i) => (
            <div key={i.id}>
              <Group gap="xs" wrap="wrap">
                <Anchor component={Link} to={`/initiatives/${i.id}`} fw={500}>
                  {i.title}
                </Anchor>
                <Badge variant="light" size="sm">
                  {involvementLabels[i.involvement]}
                </Badge>
                <Badge variant="outline" size="sm" color="gray">
                  {initiativeStatusLabels[i.status]}
                </Badge>
              </Group>
              {i.open.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No open “you said” items.
                </Text>
              ) : (
                <>
                  <Text size="sm" mt={4}>
                    Open “you said” items:
                  </Text>
                  <List size="sm">
                    {i.open.map((o) => (
                      <List.Item key={o.id}>{o.summary}</List.Item>
                    ))}
                  </List>
                </>
              )}
            </div>
          ))}
        </Stack>
      </QueryState>
    </Card>
  );
}
