import { Button, Checkbox, Group, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Preference } from '../../../../common/src/contracts/accounts.ts';
import { type Channel, channelLabels, channels } from '../../../../common/src/labels/accounts.ts';
import { notificationKindLabels } from '../../../../common/src/labels/notifications.ts';
import { usePreferences, useSetPreferences } from '../../api/account.ts';
import { saved, showServerErrors } from '../../components/forms.ts';
import { QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';

/** Per kind of notification: in Rapport, e-mail at once, daily digest. */
export function PreferencesSection() {
  const stored = usePreferences();
  const save = useSetPreferences();
  const [items, setItems] = useState<Preference[]>([]);
  useEffect(() => {
    if (stored.data) setItems(stored.data.items);
  }, [stored.data]);
  const toggle = (index: number, channel: Channel, on: boolean) =>
    setItems((all) => all.map((item, i) => (i === index ? { ...item, [channel]: on } : item)));
  const changed = JSON.stringify(items) !== JSON.stringify(stored.data?.items ?? []);
  return (
    <>
      <Title order={3} id="preferences-heading" size="h4" mb="xs">
        Notifications
      </Title>
      <Text size="sm" mb="sm">
        Choose how Rapport tells you of each kind of thing. Untick all three and you are not told at all.
      </Text>
      <QueryState isPending={stored.isPending} error={stored.error}>
        <TableBox minWidth={420} label="Notification choices">
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">What</Table.Th>
                {channels.map((c) => (
                  <Table.Th key={c} scope="col">
                    {channelLabels[c]}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item, index) => (
                <Table.Tr key={item.kind}>
                  <Table.Th scope="row" fw={400}>
                    {notificationKindLabels[item.kind]}
                  </Table.Th>
                  {channels.map((c) => (
                    <Table.Td key={c}>
                      <Checkbox
                        aria-label={`${notificationKindLabels[item.kind]}: ${channelLabels[c]}`}
                        checked={item[c]}
                        onChange={(e) => toggle(index, c, e.currentTarget.checked)}
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableBox>
        <Group mt="sm">
          <Button
            disabled={!changed}
            loading={save.isPending}
            onClick={() =>
              save.mutate(items, {
                onSuccess: () => saved('Your notification choices are saved'),
                onError: (error) => showServerErrors(error, () => undefined),
              })
            }
          >
            Save notification choices
          </Button>
        </Group>
      </QueryState>
    </>
  );
}
