import { Button, Group, Modal, Stack, Table, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { Empty, QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

type Props<T> = {
  title: string;
  query: { isPending: boolean; error: Error | null; data?: { items: T[] } };
  columns: { label: string; render: (row: T) => ReactNode }[];
  rowKey: (row: T) => string;
  rowLabel: (row: T) => string;
  addLabel: string;
  /** The add form (no row) or the edit form (a row). */
  form: (close: () => void, row?: T) => ReactNode;
};

/** An administration list with "add" and "change" dialogs: units, partner types, users. */
export function AdminTable<T>({ title, query, columns, rowKey, rowLabel, addLabel, form }: Props<T>) {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const close = () => setEditing(null);
  usePageTitle(title, 'Administration');
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{title}</Title>
        <Button onClick={() => setEditing('new')}>{addLabel}</Button>
      </Group>
      <QueryState isPending={query.isPending} error={query.error}>
        {query.data?.items.length ? (
          <TableBox minWidth={640} label={title}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  {columns.map((c) => (
                    <Table.Th key={c.label}>{c.label}</Table.Th>
                  ))}
                  <Table.Th>
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {query.data.items.map((row) => (
                  <Table.Tr key={rowKey(row)}>
                    {columns.map((c) => (
                      <Table.Td key={c.label}>{c.render(row)}</Table.Td>
                    ))}
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => setEditing(row)}
                        aria-label={`Change ${rowLabel(row)}`}
                      >
                        Change
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableBox>
        ) : (
          <Empty>Nothing here yet.</Empty>
        )}
      </QueryState>
      <Modal
        opened={editing !== null}
        onClose={close}
        title={editing === 'new' ? addLabel : editing ? `Change ${rowLabel(editing)}` : ''}
      >
        {editing !== null && form(close, editing === 'new' ? undefined : editing)}
      </Modal>
    </Stack>
  );
}
