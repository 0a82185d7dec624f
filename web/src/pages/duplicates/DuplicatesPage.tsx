import { Anchor, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from 'react-router';
import type { DuplicatePair } from '../../../../common/src/contracts/merges.ts';
import { duplicateEvidenceLabels, type MergeKind } from '../../../../common/src/labels/merges.ts';
import { duplicateList } from '../../../../common/src/lists/duplicates.ts';
import { useSession } from '../../api/hooks.ts';
import { useDismissals, useDismissDuplicate, useDuplicatePages, useUndoDismissal } from '../../api/merges.ts';
import { ListFilterBar } from '../../components/ListFilterBar.tsx';
import { Empty, QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import { useListParams } from '../../components/useListParams.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';

const pathOf = { partner: 'partners', contact: 'contacts' } as const;

function Side({
  pair,
  side,
}: {
  pair: Pick<DuplicatePair, 'kind' | 'first' | 'second'>;
  side: 'first' | 'second';
}) {
  const record = pair[side];
  return (
    <>
      <Anchor component={Link} to={`/${pathOf[pair.kind]}/${record.id}`} fw={600}>
        {record.name}
      </Anchor>
      {record.detail && (
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {record.detail}
        </Text>
      )}
    </>
  );
}

/**
 * Likely duplicates among partners or contacts, the likeliest first, each with its evidence.
 * Administrators compare and merge a pair, or say it is not a duplicate (never proposed again).
 */
export function DuplicatesPage() {
  usePageTitle('Duplicates');
  const session = useSession();
  const mayMerge = Boolean(session.data?.abilities.mergeRecords);
  const filters = useListParams(duplicateList);
  const kind = filters.values.kind ?? 'partner';
  const list = useDuplicatePages(filters.queryString);
  const dismiss = useDismissDuplicate();
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const noun = kind === 'partner' ? 'partners' : 'contacts';
  return (
    <Stack>
      <Title order={2}>Duplicates</Title>
      <Text size="sm">
        Pairs of {noun} that may be one and the same: the same e-mail address, the same web or e-mail domain,
        or a similar name.
        {mayMerge ? ' Compare a pair to merge it, or say it is not a duplicate.' : ''}
      </Text>
      <ListFilterBar meta={duplicateList} values={{ ...filters.values, kind }} onChange={filters.set} />
      <QueryState isPending={list.isPending} error={list.error}>
        <Card withBorder component="section" aria-label={`Likely duplicate ${noun}`}>
          <Text size="sm" c="dimmed" aria-live="polite" mb="xs">
            {rows.length} {rows.length === 1 ? 'pair' : 'pairs'}
            {list.hasNextPage ? ' shown' : ''}
          </Text>
          {rows.length === 0 ? (
            <Empty>No likely duplicates among {noun}.</Empty>
          ) : (
            <TableBox label={`Likely duplicate ${noun}`} minWidth={720}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Likelihood</Table.Th>
                    <Table.Th>One</Table.Th>
                    <Table.Th>The other</Table.Th>
                    <Table.Th>Evidence</Table.Th>
                    {mayMerge && <Table.Th>Actions</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((pair) => (
                    <Table.Tr key={`${pair.first.id}-${pair.second.id}`}>
                      <Table.Td>{Math.round(pair.likelihood * 100)}%</Table.Td>
                      <Table.Td>
                        <Side pair={pair} side="first" />
                      </Table.Td>
                      <Table.Td>
                        <Side pair={pair} side="second" />
                      </Table.Td>
                      <Table.Td>
                        {/* Plain lines, not badges: a long domain wraps instead of being cut. */}
                        <Stack gap={2}>
                          {pair.evidence.map((e) => (
                            <Text key={e.kind} size="sm" style={{ overflowWrap: 'anywhere' }}>
                              <Text span fw={600} size="sm">
                                {duplicateEvidenceLabels[e.kind]}:
                              </Text>{' '}
                              {e.value}
                            </Text>
                          ))}
                        </Stack>
                      </Table.Td>
                      {mayMerge && (
                        <Table.Td>
                          <Group gap="xs" wrap="nowrap">
                            <Button
                              size="compact-sm"
                              component={Link}
                              to={`/merge?kind=${pair.kind}&ids=${pair.first.id},${pair.second.id}`}
                              aria-label={`Compare and merge ${pair.first.name} and ${pair.second.name}`}
                            >
                              Compare
                            </Button>
                            <Button
                              size="compact-sm"
                              variant="default"
                              loading={dismiss.isPending && dismiss.variables?.firstId === pair.first.id}
                              aria-label={`Not a duplicate: ${pair.first.name} and ${pair.second.name}`}
                              onClick={() =>
                                dismiss.mutate(
                                  { kind: pair.kind, firstId: pair.first.id, secondId: pair.second.id },
                                  {
                                    onSuccess: () =>
                                      notifications.show({
                                        message: `${pair.first.name} and ${pair.second.name} will not be proposed again`,
                                      }),
                                  },
                                )
                              }
                            >
                              Not a duplicate
                            </Button>
                          </Group>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableBox>
          )}
          {list.hasNextPage && (
            <Group justify="center" mt="sm">
              <Button
                variant="default"
                loading={list.isFetchingNextPage}
                onClick={() => list.fetchNextPage()}
              >
                Show more
              </Button>
            </Group>
          )}
        </Card>
      </QueryState>
      {mayMerge && <Dismissals kind={kind} noun={noun} />}
    </Stack>
  );
}

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/London',
  });

/** The pairs said not to be duplicates, the latest first; each can be proposed again. */
function Dismissals({ kind, noun }: { kind: MergeKind; noun: string }) {
  const list = useDismissals(kind, true);
  const undo = useUndoDismissal();
  const items = list.data?.items ?? [];
  return (
    <Card withBorder component="section" aria-label={`Pairs of ${noun} set aside`}>
      <Title order={3} size="h4" mb="xs">
        Said not to be duplicates
      </Title>
      <QueryState isPending={list.isPending} error={list.error}>
        {items.length === 0 ? (
          <Empty>No pair of {noun} has been set aside.</Empty>
        ) : (
          <>
            <Text size="sm" c="dimmed" mb="xs">
              {list.data!.total > items.length
                ? `The latest ${items.length} of ${list.data!.total} pairs.`
                : `${items.length} ${items.length === 1 ? 'pair' : 'pairs'}.`}{' '}
              Proposing a pair again puts it back among the likely duplicates.
            </Text>
            <TableBox label={`${noun} said not to be duplicates`} minWidth={640}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>One</Table.Th>
                    <Table.Th>The other</Table.Th>
                    <Table.Th>Set aside</Table.Th>
                    <Table.Th>Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Td>
                        <Side pair={d} side="first" />
                      </Table.Td>
                      <Table.Td>
                        <Side pair={d} side="second" />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {when(d.dismissedAt)} by {d.dismissedByName}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Button
                          size="compact-sm"
                          variant="default"
                          loading={undo.isPending && undo.variables === d.id}
                          aria-label={`Propose again: ${d.first.name} and ${d.second.name}`}
                          onClick={() =>
                            undo.mutate(d.id, {
                              onSuccess: () =>
                                notifications.show({
                                  message: `${d.first.name} and ${d.second.name} are proposed again`,
                                }),
                            })
                          }
                        >
                          Propose again
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableBox>
          </>
        )}
      </QueryState>
      {undo.error && (
        <Text size="sm" c="red" role="alert" mt="xs">
          {undo.error.message}
        </Text>
      )}
    </Card>
  );
}
