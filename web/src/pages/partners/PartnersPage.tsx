import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useLocalStorage } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import Papa from 'papaparse';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { partnerStatuses, partnerStatusLabels } from '../../../../common/src/contracts/partners.ts';
import { optionsOf } from '../../../../common/src/contracts/shared.ts';
import {
  type PartnerFilters,
  usePartnerList,
  usePartnerTypes,
  useSession,
  useUnits,
} from '../../api/hooks.ts';
import { PartnerForm } from '../../components/PartnerForm.tsx';
import { Empty, QueryState } from '../../components/States.tsx';

type SavedView = { name: string; filters: PartnerFilters };
const ROW_HEIGHT = 44;

/** Every partner, filtered and sorted on the server; rows are virtualised so 50,000 scroll smoothly. */
export function PartnersPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<PartnerFilters>({ sort: 'name' });
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [views, setViews] = useLocalStorage<SavedView[]>({ key: 'rapport.partner-views', defaultValue: [] });
  const [creating, setCreating] = useState(false);
  const types = usePartnerTypes();
  const units = useUnits();
  const list = usePartnerList({ ...filters, q });
  const rows = list.data?.items ?? [];
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const set = (key: keyof PartnerFilters) => (value: string | null) =>
    setFilters((f) => ({ ...f, [key]: value ?? undefined }));

  const exportCsv = () => {
    const csv = Papa.unparse(
      rows.map((p) => ({
        name: p.name,
        type: p.typeName,
        status: p.status,
        sector: p.sector,
        city: p.city,
        website: p.website,
        tags: p.tags.join('; '),
      })),
    );
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    link.download = 'partners.csv';
    link.click();
  };
  const saveView = () => {
    const name = window.prompt('Name this view');
    if (name) setViews([...views.filter((v) => v.name !== name), { name, filters: { ...filters, q } }]);
  };
  const sortBy = (field: string) =>
    setFilters((f) => ({ ...f, sort: f.sort === field ? `-${field}` : field }));
  const sortLabel = (field: string) =>
    filters.sort === field ? 'ascending' : filters.sort === `-${field}` ? 'descending' : 'none';

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Partners</Title>
        <Group>
          <Button variant="default" onClick={exportCsv} disabled={!rows.length}>
            Export CSV
          </Button>
          {session.data?.abilities.editSharedRecord && (
            <Button onClick={() => setCreating(true)}>New partner</Button>
          )}
        </Group>
      </Group>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label="Name"
          placeholder="Search by name"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        <Select
          label="Type"
          clearable
          data={(types.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
          value={filters.typeId ?? null}
          onChange={set('typeId')}
        />
        <Select
          label="Unit"
          clearable
          searchable
          data={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
          value={filters.unitId ?? null}
          onChange={set('unitId')}
        />
        <Select
          label="Status"
          clearable
          data={optionsOf(partnerStatuses, partnerStatusLabels)}
          value={filters.status ?? null}
          onChange={set('status')}
        />
        <TextInput
          label="Tag"
          value={filters.tag ?? ''}
          onChange={(e) => set('tag')(e.currentTarget.value || null)}
        />
        <Select
          label="Saved views"
          placeholder="Choose a view"
          clearable
          data={views.map((v) => v.name)}
          onChange={(name) => {
            const view = views.find((v) => v.name === name);
            if (view) {
              setFilters(view.filters);
              setSearch(view.filters.q ?? '');
            }
          }}
        />
        <Button variant="subtle" onClick={saveView}>
          Save this view
        </Button>
      </Group>
      <QueryState isPending={list.isPending} error={list.error}>
        <Text size="sm" c="dimmed" aria-live="polite">
          {rows.length} partners{list.data?.truncated ? ' (the first 5,000: narrow the filters)' : ''}
        </Text>
        {rows.length === 0 ? (
          <Empty>No partners match these filters.</Empty>
        ) : (
          <section ref={scroller} style={{ height: '65vh', overflow: 'auto' }} aria-label="Partner list">
            <Table
              stickyHeader
              layout="fixed"
              aria-rowcount={rows.length + 1}
              styles={{ td: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' } }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th aria-sort={sortLabel('name')} w="40%">
                    <Anchor component="button" type="button" onClick={() => sortBy('name')}>
                      Name
                    </Anchor>
                  </Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>City</Table.Th>
                  <Table.Th aria-sort={sortLabel('updatedAt')}>
                    <Anchor component="button" type="button" onClick={() => sortBy('updatedAt')}>
                      Updated
                    </Anchor>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody style={{ position: 'relative', height: virtual.getTotalSize() }}>
                {virtual.getVirtualItems().map((row) => {
                  const p = rows[row.index]!;
                  return (
                    <Table.Tr
                      key={p.id}
                      aria-rowindex={row.index + 2}
                      style={{
                        position: 'absolute',
                        top: 0,
                        transform: `translateY(${row.start}px)`,
                        width: '100%',
                        display: 'table',
                        tableLayout: 'fixed',
                        height: ROW_HEIGHT,
                      }}
                      onDoubleClick={() => navigate(`/partners/${p.id}`)}
                    >
                      <Table.Td w="40%">
                        <Anchor component={Link} to={`/partners/${p.id}`}>
                          {p.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{p.typeName}</Table.Td>
                      <Table.Td>
                        <Badge color={p.status === 'active' ? '#216e39' : 'gray.7'}>{p.status}</Badge>
                      </Table.Td>
                      <Table.Td>{p.city ?? '—'}</Table.Td>
                      <Table.Td>{new Date(p.updatedAt).toLocaleDateString('en-GB')}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </section>
        )}
      </QueryState>
      <PartnerForm
        opened={creating}
        onClose={() => setCreating(false)}
        onSaved={(p) => navigate(`/partners/${p.id}`)}
      />
    </Stack>
  );
}
