import {
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Modal,
  Progress,
  Stack,
  Text,
  Textarea,
  ThemeIcon,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCheck, IconCircleDashed } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { type RunStep, tickStepBody } from '../../../common/src/contracts/playbooks.ts';
import { playbookRunReasonLabels } from '../../../common/src/labels/playbooks.ts';
import { touchpointKindLabels } from '../../../common/src/labels/touchpoints.ts';
import { type PlaybookRun, useRelationshipPlaybook, useTickStep } from '../api/playbooks.ts';
import { checkWith, formatDate, saved, showServerErrors } from './forms.ts';
import { Empty, QueryState } from './States.tsx';

/** What completed a step, in words. */
function HowDone({ step, partnerId }: { step: RunStep; partnerId: string }) {
  if (step.how === 'by_hand')
    return (
      <Text size="sm" c="dimmed">
        Ticked by {step.tickedBy?.name ?? 'someone'} on {formatDate(step.doneAt)}: {step.note}
      </Text>
    );
  const r = step.record;
  if (!r) return null;
  const on = formatDate(step.doneAt);
  if (r.entity === 'touchpoint')
    return (
      <Text size="sm" c="dimmed">
        Done on {on}:{' '}
        <Anchor component={Link} to={`/partners/${partnerId}/timeline`} size="sm">
          {r.label}
        </Anchor>
      </Text>
    );
  const what =
    r.entity === 'communication_plan_item'
      ? `plan item “${r.label}”`
      : r.entity === 'peer_pair'
        ? 'peer pairs named'
        : `review scheduled for ${formatDate(r.label)}`;
  return (
    <Text size="sm" c="dimmed">
      Done on {on}: {what}.
    </Text>
  );
}

function TickForm({ run, step, close }: { run: PlaybookRun; step: RunStep; close: () => void }) {
  const tick = useTickStep();
  const form = useForm({ initialValues: { evidence: '' }, validate: checkWith(tickStepBody) });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) =>
        tick.mutate(
          { runId: run.id, stepId: step.id, ...v },
          {
            onSuccess: () => {
              saved('Step ticked');
              close();
            },
            onError: (e) => showServerErrors(e, form.setErrors),
          },
        ),
      )}
    >
      <Stack gap="sm">
        <Textarea
          label="Evidence"
          description="What shows it was done: when, with whom, what was exchanged"
          required
          autosize
          minRows={3}
          data-autofocus
          {...form.getInputProps('evidence')}
        />
        <Button type="submit" loading={tick.isPending}>
          Tick the step
        </Button>
      </Stack>
    </form>
  );
}

/** A relationship's getting-to-know-you playbook: progress, each step and how it was done. */
export function PlaybookRunView({ run, partnerId }: { run: PlaybookRun; partnerId: string }) {
  const [ticking, setTicking] = useState<RunStep | null>(null);
  const { done, total } = run.progress;
  return (
    <Stack gap="xs">
      <Text size="sm">
        {playbookRunReasonLabels[run.reason]} on {formatDate(run.startedAt)}
        {run.manager ? ` (manager: ${run.manager.name})` : ''}. {done} of {total} steps done.
      </Text>
      <Progress value={total ? (100 * done) / total : 0} aria-label={`${done} of ${total} steps done`} />
      <List spacing="xs" listStyleType="none" aria-label="Steps">
        {run.steps.map((step) => (
          <List.Item
            key={step.id}
            icon={
              <ThemeIcon
                size={22}
                radius="xl"
                color={step.done ? 'teal.8' : 'gray.7'}
                variant="light"
                aria-hidden
              >
                {step.done ? <IconCheck size={14} /> : <IconCircleDashed size={14} />}
              </ThemeIcon>
            }
          >
            <Group gap="xs" wrap="wrap">
              <Text size="sm" fw={500}>
                {step.title}
              </Text>
              <Badge color={step.done ? '#216e39' : 'gray.7'} autoContrast>
                {step.done ? 'Done' : 'To do'}
              </Badge>
              {!step.done && step.touchpointKind && (
                <Text size="xs" c="dimmed">
                  (completes when a {touchpointKindLabels[step.touchpointKind].toLowerCase()} is logged)
                </Text>
              )}
              {!step.done && run.can.tick && (
                <Button
                  size="compact-xs"
                  variant="light"
                  onClick={() => setTicking(step)}
                  aria-label={`Tick “${step.title}”`}
                >
                  Tick
                </Button>
              )}
            </Group>
            {step.done && <HowDone step={step} partnerId={partnerId} />}
          </List.Item>
        ))}
      </List>
      <Modal
        opened={ticking !== null}
        onClose={() => setTicking(null)}
        title={ticking ? `Tick: ${ticking.title}` : ''}
      >
        {ticking && <TickForm run={run} step={ticking} close={() => setTicking(null)} />}
      </Modal>
    </Stack>
  );
}

export function PlaybookPanel({ relationshipId, partnerId }: { relationshipId: string; partnerId: string }) {
  const playbook = useRelationshipPlaybook(relationshipId);
  return (
    <QueryState isPending={playbook.isPending} error={playbook.error}>
      {playbook.data?.run ? (
        <PlaybookRunView run={playbook.data.run} partnerId={partnerId} />
      ) : (
        <Empty>No playbook has started for this relationship.</Empty>
      )}
    </QueryState>
  );
}
