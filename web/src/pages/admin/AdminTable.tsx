import { Button, Group, Modal, Stack, Table, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { Empty, QueryState } from '../../components/States.tsx';

type Props<T> = {
  title: string;
  query: { isPending: boolean; error: Error | null; data?: { items: T[] } };
  columns: { label: string; render: (row: T) => ReactNode }[];
  rowKey: (row: T) => string;
  addLabel: string;
  form: (close: () => void) => ReactNode;
};

/** An administration list with an "add" dialog: units, partner types, users. */
export function AdminTable<T>({ title, query, columns, rowKey, addLabel, form }: Props<T>) {
  const [adding, setAdding] = useState(false);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{title}</Title>
        <Button onClick={() => setAdding(true)}>{addLabel}</Button>
      </Group>
      <QueryState isPending={query.isPending} error={query.error}>
        {query.data?.items.length ? (
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => (
                  <Table.Th key={c.label}>{c.label}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.items.map((row) => (
                <Table.Tr key={rowKey(row)}>
                  {columns.map((c) => (
                    <Table.Td key={c.label}>{c.render(row)}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Empty>Nothing here yet.</Empty>
        )}
      </QueryState>
      <Modal opened={adding} onClose={() => setAdding(false)} title={addLabel}>
        {form(() => setAdding(false))}
      </Modal>
    </Stack>
  );
}
