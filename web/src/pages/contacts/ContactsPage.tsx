import { Anchor, Badge, Button, Card, Checkbox, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { consentStatusLabels } from '../../../../common/src/labels/contacts.ts';
import { contactList } from '../../../../common/src/lists/contacts.ts';
import { useContactPages } from '../../api/contacts.ts';
import { useSession } from '../../api/hooks.ts';
import { useListTotal } from '../../api/totals.ts';
import { useSelection } from '../../components/BulkActionBar.tsx';
import { ExportMenu } from '../../components/ExportMenu.tsx';
import { ListFilterBar } from '../../components/ListFilterBar.tsx';
import { SavedViewsMenu } from '../../components/SavedViewsMenu.tsx';
import { Empty, QueryState } from '../../components/States.tsx';
import { useListParams } from '../../components/useListParams.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { ContactBulkActions } from './ContactBulkActions.tsx';

/**
 * The contacts directory: everyone at every partner, filtered and sorted on the server, a page
 * at a time. The filters live in the address, so a saved view, a reload or a shared link shows
 * the same list, and Export gives every row they match. Staff select rows (or every one that
 * matches) to record consent, or a decision about one purpose, at once.
 */
export function ContactsPage() {
  usePageTitle('Contacts');
  const session = useSession();
  const filters = useListParams(contactList);
  const list = useContactPages(filters.queryString);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = useListTotal('contacts', filters.queryString).data?.total ?? rows.length;
  const canChange = !!session.data?.abilities.editSharedRecord;
  const selection = useSelection();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter is a new list; clear the choice
  useEffect(() => selection.clear(), [filters.queryString]);
  const chosen = (id: string) => selection.allMatching || selection.ids.has(id);
  const allShown = rows.length > 0 && rows.every((c) => chosen(c.id));
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>Contacts</Title>
        <Group wrap="wrap" align="flex-end">
          <SavedViewsMenu list="contacts" queryString={filters.queryString} onApply={filters.apply} />
          <ExportMenu list="contacts" queryString={filters.queryString} />
        </Group>
      </Group>
      <ListFilterBar meta={contactList} values={filters.values} onChange={filters.set} />
      <QueryState isPending={list.isPending} error={list.error}>
        <Card withBorder component="section" aria-label="Contact list">
          <Text size="sm" c="dimmed" aria-live="polite" mb="xs">
            {list.hasNextPage
              ? `${rows.length} of ${total.toLocaleString('en-GB')} contacts shown`
              : `${rows.length} ${rows.length === 1 ? 'contact' : 'contacts'}`}
          </Text>
          {canChange && (
            <ContactBulkActions
              selection={selection}
              shown={rows.length}
              matching={total}
              filterQuery={filters.queryString}
              nameOf={(id) => rows.find((c) => c.id === id)?.name}
            />
          )}
          {rows.length === 0 ? (
            <Empty>No contacts match these filters.</Empty>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  {canChange && (
                    <Table.Th w={44}>
                      <Checkbox
                        aria-label="Select every contact shown"
                        checked={allShown}
                        indeterminate={!allShown && selection.ids.size > 0}
                        onChange={(e) =>
                          selection.setMany(
                            rows.map((c) => c.id),
                            e.currentTarget.checked,
                          )
                        }
                      />
                    </Table.Th>
                  )}
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Partners and roles</Table.Th>
                  {/* On a phone the contact's page has these; the list keeps to who and where. */}
                  <Table.Th visibleFrom="sm">E-mail</Table.Th>
                  <Table.Th visibleFrom="sm">Consent</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c) => (
                  <Table.Tr key={c.id}>
                    {canChange && (
                      <Table.Td>
                        <Checkbox
                          aria-label={`Select ${c.name}`}
                          checked={chosen(c.id)}
                          onChange={(e) =>
                            selection.toggle(
                              c.id,
                              e.currentTarget.checked,
                              rows.map((r) => r.id),
                            )
                          }
                        />
                      </Table.Td>
                    )}
                    <Table.Td>
                      <Anchor component={Link} to={`/contacts/${c.id}`} fw={600}>
                        {c.name}
                      </Anchor>
                      {c.jobTitle && (
                        <Text size="xs" c="dimmed">
                          {c.jobTitle}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {c.affiliations.length
                        ? c.affiliations.map((a) => (
                            <Text size="sm" key={a.id}>
                              {a.role},{' '}
                              <Anchor component={Link} to={`/partners/${a.partnerId}`}>
                                {a.partnerName}
                              </Anchor>
                              {a.isKeyContact && (
                                <Badge size="xs" ml={4}>
                                  Key
                                </Badge>
                              )}
                            </Text>
                          ))
                        : '—'}
                    </Table.Td>
                    <Table.Td visibleFrom="sm" style={{ overflowWrap: 'anywhere' }}>
                      {c.emails.join(', ') || '—'}
                    </Table.Td>
                    <Table.Td visibleFrom="sm">{consentStatusLabels[c.consentStatus]}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
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
    </Stack>
  );
}
