import { Button, Group, Modal, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { deescalateBody, escalateBody } from '../../../common/src/contracts/escalations.ts';
import type { EscalationLevel } from '../../../common/src/labels/requests.ts';
import { api } from '../api/client.ts';
import { useWrite } from '../api/hooks.ts';
import type { Deescalate, Escalate, Escalation } from '../api/types.ts';
import { checkWith, formatDateTime, saved, showServerErrors } from './forms.ts';
import { PeoplePicker } from './PersonPicker.tsx';
import { escalationLevels, levelLabel } from './requestLabels.tsx';
import { Empty, QueryState } from './States.tsx';

type Props = { relationship: { id: string; unitName: string } | null; onClose: () => void };

/** Escalate a relationship as a whole (or de-escalate it), and see its escalation history. */
export function RelationshipEscalationModal({ relationship, onClose }: Props) {
  const id = relationship?.id ?? '';
  const history = useQuery({
    queryKey: ['relationship-escalations', id],
    queryFn: () => api<{ items: Escalation[] }>('GET', `/relationships/${id}/escalations`),
    enabled: Boolean(relationship),
  });
  const escalate = useWrite('relationshipEscalation', (body: Escalate) =>
    api('POST', `/relationships/${id}/escalate`, body),
  );
  const deescalate = useWrite('relationshipEscalation', (body: Deescalate) =>
    api('POST', `/relationships/${id}/deescalate`, body),
  );
  const up = useForm<Escalate & { level: EscalationLevel }>({
    initialValues: { level: 'head_of_unit', briefing: '', notifyUserIds: [] },
    validate: checkWith(escalateBody),
  });
  const down = useForm<Deescalate>({ initialValues: { reason: '' }, validate: checkWith(deescalateBody) });
  const open = history.data?.items.find((e) => !e.deescalatedAt);
  const done = (message: string) => () => {
    saved(message);
    up.reset();
    down.reset();
    onClose();
  };
  return (
    <Modal
      opened={relationship !== null}
      onClose={onClose}
      title={`Escalation: the ${relationship?.unitName ?? ''} relationship`}
      size="lg"
    >
      <QueryState isPending={history.isPending} error={history.error}>
        <Stack>
          {open ? (
            <form
              noValidate
              onSubmit={down.onSubmit((v) =>
                deescalate.mutate(v, {
                  onSuccess: done('De-escalated'),
                  onError: (e) => showServerErrors(e, down.setErrors),
                }),
              )}
            >
              <Stack gap="sm">
                <Text size="sm">
                  Escalated to {levelLabel(open.level).toLowerCase()} on {formatDateTime(open.raisedAt)} by{' '}
                  {open.raisedByName}: {open.briefing}
                </Text>
                <Textarea
                  label="Reason to de-escalate"
                  required
                  autosize
                  minRows={2}
                  {...down.getInputProps('reason')}
                />
                <Group justify="flex-end">
                  <Button type="submit" loading={deescalate.isPending}>
                    De-escalate
                  </Button>
                </Group>
              </Stack>
            </form>
          ) : null}
          <form
            noValidate
            onSubmit={up.onSubmit((v) =>
              escalate.mutate(v, {
                onSuccess: done('Escalated'),
                onError: (e) => showServerErrors(e, up.setErrors),
              }),
            )}
          >
            <Stack gap="sm">
              <Select label="Escalate to" required data={escalationLevels} {...up.getInputProps('level')} />
              <Textarea
                label="Briefing"
                description="What they need to know, and what you need from them"
                required
                autosize
                minRows={3}
                {...up.getInputProps('briefing')}
              />
              <PeoplePicker
                label="Also tell"
                active={Boolean(relationship)}
                {...up.getInputProps('notifyUserIds')}
              />
              <Group justify="flex-end">
                <Button type="submit" color="red" loading={escalate.isPending}>
                  Escalate
                </Button>
              </Group>
            </Stack>
          </form>
          <Title order={3} size="h5">
            History
          </Title>
          {history.data?.items.length ? (
            <Stack gap={4} component="ul" style={{ paddingLeft: 16, margin: 0 }}>
              {history.data.items.map((e) => (
                <li key={e.id}>
                  <Text size="sm">
                    {levelLabel(e.level)}, {formatDateTime(e.raisedAt)} by {e.raisedByName}
                    {e.deescalatedAt
                      ? ` — de-escalated ${formatDateTime(e.deescalatedAt)}: ${e.deescalationReason}`
                      : ' — open'}
                  </Text>
                </li>
              ))}
            </Stack>
          ) : (
            <Empty>Never escalated.</Empty>
          )}
        </Stack>
      </QueryState>
    </Modal>
  );
}
