import { Card, Group, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { usePlansDue } from '../../api/communication-plans.ts';
import { useSession, useUnits } from '../../api/hooks.ts';
import { PlanDueTable } from '../../components/PlanDueTable.tsx';
import { Empty, QueryState } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

/** A unit's view: every planned communication of its relationships, overdue first. */
export function CommunicationPlansPage() {
  usePageTitle('Communication plans');
  const session = useSession();
  const units = useUnits();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? session.data?.user.unitId ?? null;
  const show = params.get('show') === 'overdue' ? 'overdue' : 'all';
  const due = usePlansDue({ unitId, overdue: show === 'overdue' ? true : undefined });
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return (
    <Stack>
      <Title order={2}>Communication plans</Title>
      <Group align="flex-end" wrap="wrap">
        <Select
          label="Unit"
          searchable
          allowDeselect={false}
          value={unitId}
          onChange={(v) => set('unitId', v)}
          data={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
          w={{ base: '100%', sm: 320 }}
        />
        <SegmentedControl
          aria-label="Which items"
          value={show}
          onChange={(v) => set('show', v === 'overdue' ? 'overdue' : null)}
          data={[
            { value: 'all', label: 'All items' },
            { value: 'overdue', label: 'Overdue' },
          ]}
        />
      </Group>
      <Card withBorder>
        {unitId ? (
          <QueryState isPending={due.isPending} error={due.error}>
            {due.data?.items.length ? (
              <PlanDueTable rows={due.data.items} label="The unit's planned communication" showManager />
            ) : (
              <Empty>
                {show === 'overdue'
                  ? 'Nothing planned is overdue.'
                  : 'No communication is planned for this unit’s relationships.'}
              </Empty>
            )}
            {due.data?.truncated && (
              <Text size="sm" c="dimmed" mt="xs">
                Only the first 300 relationships are shown.
              </Text>
            )}
          </QueryState>
        ) : (
          <Empty>Choose a unit.</Empty>
        )}
      </Card>
    </Stack>
  );
}
