import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { consentStatusLabels } from '../../../../common/src/contracts/contacts.ts';
import { contactList } from '../../../../common/src/lists/contacts.ts';
import { useContactPages } from '../../api/contacts.ts';
import { ExportMenu } from '../../components/ExportMenu.tsx';
import { ListFilterBar } from '../../components/ListFilterBar.tsx';
import { SavedViewsMenu } from '../../components/SavedViewsMenu.tsx';
import { Empty, QueryState } from '../../components/States.tsx';
import { useListParams } from '../../components/useListParams.ts';

/**
 * The contacts directory: everyone at every partner, filtered and sorted on the server, a page
 * at a time. The filters live in the address, so a saved view, a reload or a shared link shows
 * the same list, and Export gives every row they match.
 */
export function ContactsPage() {
  const filters = useListParams(contactList);
  const list = useContactPages(filters.queryString);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
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
            {rows.length} {rows.length === 1 ? 'contact' : 'contacts'}
            {list.hasNextPage ? ' shown' : ''}
          </Text>
          {rows.length === 0 ? (
            <Empty>No contacts match these filters.</Empty>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
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
