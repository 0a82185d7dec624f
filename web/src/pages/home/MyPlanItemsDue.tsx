import { Anchor, Card, Group, Title } from '@mantine/core';
import { Link } from 'react-router';
import { usePlansDue } from '../../api/communication-plans.ts';
import { PlanDueTable } from '../../components/PlanDueTable.tsx';
import { Empty, QueryState } from '../../components/States.tsx';
import { useDeferredAnswer } from '../../components/useDeferredAnswer.ts';

/** Home: the planned communication of my relationships that is overdue. */
export function MyPlanItemsDue() {
  const due = useDeferredAnswer(usePlansDue({ overdue: true }));
  return (
    <Card withBorder component="section" aria-labelledby="my-plan-overdue">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id="my-plan-overdue">
          Planned communication overdue
        </Title>
        <Anchor component={Link} to="/communication" size="sm">
          My unit's plans
        </Anchor>
      </Group>
      <QueryState isPending={due.isPending} error={due.error}>
        {due.data?.items.length ? (
          <PlanDueTable rows={due.data.items} label="Planned communication overdue" />
        ) : (
          <Empty>Nothing planned is overdue for the relationships you manage.</Empty>
        )}
      </QueryState>
    </Card>
  );
}
