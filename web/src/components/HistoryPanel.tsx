import { Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import {
  describeChange,
  type FieldWords,
  formatMoment,
  type HistoryEntity,
} from '../../../common/src/history/describe.ts';
import { auditActionLabels } from '../../../common/src/labels/audit.ts';
import { useHistory } from '../api/history.ts';
import { Empty, QueryState } from './States.tsx';

/** The API path of each kind of record's `/history`. */
const pathOf: Record<HistoryEntity, string> = {
  partner: 'partners',
  contact: 'contacts',
  affiliation: 'affiliations',
  relationship: 'relationships',
  request: 'requests',
  touchpoint: 'touchpoints',
  task: 'tasks',
  activity: 'activities',
  initiative: 'initiatives',
};

type Props = {
  entity: HistoryEntity;
  id: string;
  /** Drawn without its own card and heading (inside a dialog that has them). */
  bare?: boolean;
  /** Fields the record's page says in words of its own, such as a repeat rule. */
  words?: FieldWords;
};

/**
 * Who changed what and when, field by field and in words ("Status: Active → Dormant"), newest
 * first, ten changes at a time. The same panel on every record that keeps a history.
 */
export function HistoryPanel({ entity, id, bare = false, words }: Props) {
  const history = useHistory(pathOf[entity], id);
  const entries = history.data?.pages.flatMap((p) => p.items) ?? [];
  const body = (
    <QueryState isPending={history.isPending} error={history.error}>
      {entries.length === 0 ? (
        <Empty>No changes recorded.</Empty>
      ) : (
        <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
          {entries.map((entry) => {
            const changes = describeChange(entity, entry.before, entry.after, words);
            return (
              <li key={entry.id}>
                <Text size="sm" fw={600}>
                  {auditActionLabels[entry.action]} by {entry.actorName ?? 'the system'}
                </Text>
                <Text size="xs" c="dimmed" component="time" dateTime={entry.at}>
                  {formatMoment(entry.at)}
                </Text>
                {changes.length > 0 && (
                  <List size="sm" spacing={2} mt={2}>
                    {changes.map((c) => (
                      <List.Item key={c.field} style={{ overflowWrap: 'anywhere' }}>
                        <Text span size="sm" fw={500}>
                          {c.label}:
                        </Text>{' '}
                        {c.before === null ? c.after : `${c.before} → ${c.after}`}
                      </List.Item>
                    ))}
                  </List>
                )}
              </li>
            );
          })}
        </Stack>
      )}
      {history.hasNextPage && (
        <Group justify="center" mt="sm">
          <Button
            variant="default"
            size="xs"
            loading={history.isFetchingNextPage}
            onClick={() => history.fetchNextPage()}
          >
            Show older changes
          </Button>
        </Group>
      )}
    </QueryState>
  );
  if (bare) return body;
  const headingId = `history-${entity}-${id}`;
  return (
    <Card withBorder component="section" aria-labelledby={headingId}>
      <Title order={3} size="h4" mb="sm" id={headingId}>
        History
      </Title>
      {body}
    </Card>
  );
}
