import { Anchor, Button, Card, Group, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { TaskForm } from '../../components/dialogs.tsx';
import { TaskList } from '../../components/TaskList.tsx';
import type { PartnerPanelProps } from './panel.ts';

/** The partner's open follow-ups, with a way to add one. */
export function OpenTasksPanel({ overview, can }: PartnerPanelProps) {
  const [creating, setCreating] = useState(false);
  const partnerId = overview.partner.id;
  return (
    <Card withBorder component="section" aria-labelledby="partner-tasks">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id="partner-tasks">
          Open tasks
        </Title>
        <Group gap="xs">
          <Anchor component={Link} to={`/tasks?partnerId=${partnerId}`} size="sm">
            All tasks
          </Anchor>
          {can.editSharedRecord && (
            <Button
              size="compact-sm"
              variant="default"
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => setCreating(true)}
            >
              New task
            </Button>
          )}
        </Group>
      </Group>
      <TaskList tasks={overview.openTasks} showPartner={false} empty="No open tasks." />
      <TaskForm opened={creating} onClose={() => setCreating(false)} partnerId={partnerId} />
    </Card>
  );
}
