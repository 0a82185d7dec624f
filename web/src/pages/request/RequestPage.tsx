import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { deescalateBody, escalateBody } from '../../../../common/src/contracts/escalations.ts';
import { commentBody } from '../../../../common/src/contracts/requests.ts';
import {
  type RequestChangeField,
  type RequestStatus,
  requestChangeFieldLabels,
  requestKindLabels,
  requestPriorityLabels,
} from '../../../../common/src/labels/requests.ts';
import {
  type Visibility,
  visibilityBadges,
  visibilityLabels,
} from '../../../../common/src/labels/visibility.ts';
import {
  useCommentOnRequest,
  useDeescalateRequest,
  useEscalateRequest,
  useMoveRequest,
  useRequest,
  useRequestActivity,
} from '../../api/requests.ts';
import type {
  Deescalate,
  Escalate,
  NewComment,
  Request,
  RequestActivity,
  RequestItem,
} from '../../api/types.ts';
import { AttachmentsPanel } from '../../components/AttachmentsPanel.tsx';
import { DisputePanel } from '../../components/disputes/DisputePanel.tsx';
import { checkWith, formatDateTime, saved, showServerErrors } from '../../components/forms.ts';
import { HistoryPanel } from '../../components/HistoryPanel.tsx';
import { PeoplePicker } from '../../components/PersonPicker.tsx';
import { ResolveRequestModal } from '../../components/ResolveRequestModal.tsx';
import {
  escalationLevels,
  kindLabel,
  levelLabel,
  moveLabel,
  PriorityBadge,
  statusLabel,
  targetText,
} from '../../components/requestLabels.tsx';
import { Empty, QueryState } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { EditRequestModal } from './EditRequestModal.tsx';

/** One request: what it is, its targets, the moves it can make, its timeline, comments and escalation. */
export function RequestPage() {
  const { id = '' } = useParams();
  const request = useRequest(id);
  usePageTitle(request.data ? `#${request.data.reference} ${request.data.title}` : undefined, 'Requests');
  return (
    <QueryState isPending={request.isPending} error={request.error}>
      {request.data && <RequestView request={request.data} />}
    </QueryState>
  );
}

function RequestView({ request: r }: { request: RequestItem }) {
  const canWrite = r.can.move;
  const [editing, setEditing] = useState(false);
  const [resolving, setResolving] = useState(false);
  const [escalating, setEscalating] = useState(false);
  const [deescalating, setDeescalating] = useState(false);
  const move = useMoveRequest(r.id);
  const doMove = (to: RequestStatus) => {
    move.reset();
    if (to === 'resolved') return setResolving(true);
    move.mutate({ to }, { onSuccess: () => saved(`Moved to ${statusLabel[to]}`) });
  };
  const canEscalateHigher = r.status !== 'closed' && r.escalationLevel !== 'senior_management';
  return (
    <Stack>
      <div>
        <Text size="sm" c="dimmed">
          Request #{r.reference} · {kindLabel[r.kind]} ·{' '}
          <Anchor component={Link} to={`/partners/${r.partnerId}`} underline="always">
            {r.partnerName}
          </Anchor>{' '}
          · {r.unitName} · owner: {r.ownerName ?? 'nobody yet'}
        </Text>
        <Title order={2}>{r.title}</Title>
        <Group gap="xs" mt={4}>
          <Badge variant="filled">{statusLabel[r.status]}</Badge>
          <PriorityBadge priority={r.priority} />
          {r.escalationLevel && (
            <Badge color="red.9">Escalated to {levelLabel(r.escalationLevel).toLowerCase()}</Badge>
          )}
          {r.visibility !== 'institution' && (
            <Badge variant="outline">{visibilityBadges[r.visibility]}</Badge>
          )}
        </Group>
      </div>
      {(canWrite || r.can.update) && (
        <Group gap="xs" aria-label="Actions" role="group">
          {r.can.update && (
            <Button variant="default" onClick={() => setEditing(true)}>
              Edit
            </Button>
          )}
          {(canWrite ? r.allowedTransitions : []).map((to) => (
            <Button
              key={to}
              variant={to === 'resolved' ? 'filled' : 'default'}
              onClick={() => doMove(to)}
              loading={move.isPending}
            >
              {r.status === 'resolved' && to === 'in_progress'
                ? 'Reopen'
                : r.status === 'waiting_on_partner' && to === 'in_progress'
                  ? 'Resume work'
                  : to === 'new'
                    ? statusLabel[to]
                    : moveLabel[to]}
            </Button>
          ))}
          {canWrite && canEscalateHigher && (
            <Button color="red" variant="light" onClick={() => setEscalating(true)}>
              Escalate
            </Button>
          )}
          {canWrite && r.escalationLevel && (
            <Button variant="subtle" onClick={() => setDeescalating(true)}>
              De-escalate
            </Button>
          )}
        </Group>
      )}
      {move.error && (
        <Alert color="red" role="alert" title="Not moved" withCloseButton onClose={() => move.reset()}>
          {move.error.message}
        </Alert>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Card withBorder>
              <Title order={3} size="h4" mb="xs">
                Details
              </Title>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{r.description ?? 'No description.'}</Text>
              {r.resolution && (
                <Stack gap={2} mt="sm">
                  <Title order={4} size="h5">
                    Resolution
                  </Title>
                  <Text style={{ whiteSpace: 'pre-wrap' }}>{r.resolution}</Text>
                  {r.satisfaction && <Text size="sm">Partner satisfaction: {r.satisfaction} of 5</Text>}
                </Stack>
              )}
            </Card>
            {r.kind === 'dispute' && <DisputePanel requestId={r.id} partnerId={r.partnerId} />}
            <Activity id={r.id} canWrite={r.can.comment} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Card withBorder>
              <Title order={3} size="h4" mb="xs">
                Targets
              </Title>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Target</Table.Th>
                    <Table.Th>Due</Table.Th>
                    <Table.Th>State</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(
                    [
                      ['First response', r.targets.firstResponse],
                      ['Resolution', r.targets.resolution],
                    ] as const
                  ).map(([label, t]) => (
                    <Table.Tr key={label}>
                      <Table.Td>
                        {label} ({t.hours} working h)
                      </Table.Td>
                      <Table.Td>{t.dueAt ? formatDateTime(t.dueAt) : '—'}</Table.Td>
                      <Table.Td>
                        <Text
                          size="sm"
                          fw={t.breached ? 700 : 400}
                          c={t.breached ? 'var(--mantine-color-error)' : undefined}
                        >
                          {targetText(t)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
            <Card withBorder>
              <Title order={3} size="h4" mb="xs">
                People
              </Title>
              <Text size="sm">Unit: {r.unitName}</Text>
              <Text size="sm">Owner: {r.ownerName ?? 'Nobody yet'}</Text>
              <Text size="sm">Raised by: {r.raisedByName ?? '—'}</Text>
              <Text size="sm">Can also see it: {r.readers.map((p) => p.name).join(', ') || '—'}</Text>
            </Card>
            <HistoryPanel entity="request" id={r.id} />
            <Card withBorder>
              <AttachmentsPanel kind="requests" id={r.id} recordName="the request" />
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
      {r.can.update && <EditRequestModal request={r} opened={editing} onClose={() => setEditing(false)} />}
      <ResolveRequestModal request={r} opened={resolving} onClose={() => setResolving(false)} />
      <EscalateModal request={r} opened={escalating} onClose={() => setEscalating(false)} />
      <DeescalateModal request={r} opened={deescalating} onClose={() => setDeescalating(false)} />
    </Stack>
  );
}

function Activity({ id, canWrite }: { id: string; canWrite: boolean }) {
  const activity = useRequestActivity(id);
  const comment = useCommentOnRequest(id);
  const form = useForm<NewComment>({
    initialValues: { body: '', isShareable: false },
    validate: checkWith(commentBody),
  });
  const describe = (a: NonNullable<typeof activity.data>['items'][number]) => {
    switch (a.type) {
      case 'created':
        return 'raised the request';
      case 'changed':
        return 'changed the request';
      case 'transition':
        return `moved it from ${a.fromStatus ? statusLabel[a.fromStatus] : 'nowhere'} to ${a.toStatus ? statusLabel[a.toStatus] : 'nowhere'}`;
      case 'comment':
        return a.isShareable ? 'commented (shareable with the partner)' : 'commented (internal)';
      case 'escalated':
        return `escalated it to ${levelLabel(a.level).toLowerCase()}`;
      case 'deescalated':
        return `de-escalated it from ${levelLabel(a.level).toLowerCase()}`;
    }
  };
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">
        Timeline
      </Title>
      <QueryState isPending={activity.isPending} error={activity.error}>
        {activity.data?.items.length ? (
          <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {activity.data.items.map((a) => (
              <li key={a.id}>
                <Text size="sm">
                  <strong>{a.actorName ?? 'Rapport'}</strong> {describe(a)} · {formatDateTime(a.at)}
                </Text>
                {a.text && (
                  <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                    {a.text}
                  </Text>
                )}
                {a.changes && <ChangeList changes={a.changes} />}
              </li>
            ))}
          </Stack>
        ) : (
          <Empty>Nothing yet.</Empty>
        )}
      </QueryState>
      {canWrite && (
        <form
          noValidate
          onSubmit={form.onSubmit((v) =>
            comment.mutate(v, {
              onSuccess: () => {
                saved('Comment added');
                form.reset();
              },
              onError: (e) => showServerErrors(e, form.setErrors, ['body', 'isShareable']),
            }),
          )}
        >
          <Stack gap="xs" mt="md">
            <Textarea label="Add a comment" autosize minRows={2} {...form.getInputProps('body')} />
            <Group justify="space-between">
              <Checkbox
                label="Shareable with the partner"
                {...form.getInputProps('isShareable', { type: 'checkbox' })}
              />
              <Button type="submit" loading={comment.isPending}>
                Comment
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Card>
  );
}

type Change = NonNullable<RequestActivity['items'][number]['changes']>[number];

/** A field's value in words: vocabulary labels, dates as people read them, "none" for nothing. */
function shown(field: RequestChangeField, value: string | null) {
  if (value === null) return 'none';
  switch (field) {
    case 'priority':
      return requestPriorityLabels[value as keyof typeof requestPriorityLabels] ?? value;
    case 'kind':
      return requestKindLabels[value as keyof typeof requestKindLabels] ?? value;
    case 'visibility':
      return visibilityLabels[value as Visibility] ?? value;
    case 'responseDueAt':
    case 'resolveDueAt':
      return formatDateTime(value);
    default:
      return value;
  }
}

/** What an edit changed, one field a line: "Priority: Normal → High"; due dates say they were recomputed. */
function ChangeList({ changes }: { changes: Change[] }) {
  return (
    <Stack gap={0} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {changes.map((c) => (
        <Text key={c.field} component="li" size="sm" c="dimmed">
          {requestChangeFieldLabels[c.field]}
          {c.field === 'description' ? ' changed' : `: ${shown(c.field, c.from)} → ${shown(c.field, c.to)}`}
          {(c.field === 'responseDueAt' || c.field === 'resolveDueAt') && ', recomputed'}
        </Text>
      ))}
    </Stack>
  );
}

type ModalProps = { request: Request; opened: boolean; onClose: () => void };

function EscalateModal({ request, opened, onClose }: ModalProps) {
  const escalate = useEscalateRequest(request.id);
  // Offer the first level above the current one: escalating sideways or down is refused.
  const above = escalationLevels.findIndex((l) => l.value === request.escalationLevel) + 1;
  const form = useForm<Escalate>({
    initialValues: { level: '' as Escalate['level'], briefing: '', notifyUserIds: [] },
    validate: checkWith(escalateBody),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: start afresh each time the dialog opens
  useEffect(() => {
    if (opened)
      form.setValues({
        level: escalationLevels[above]?.value ?? ('' as Escalate['level']),
        briefing: '',
        notifyUserIds: [],
      });
  }, [opened]);
  return (
    <Modal opened={opened} onClose={onClose} title="Escalate the request" size="lg">
      <form
        noValidate
        onSubmit={form.onSubmit((v) =>
          escalate.mutate(v, {
            onSuccess: () => {
              saved('Escalated');
              form.reset();
              onClose();
            },
            onError: (e) => showServerErrors(e, form.setErrors, ['level', 'briefing', 'notifyUserIds']),
          }),
        )}
      >
        <Stack gap="sm">
          <Select
            label="Level"
            required
            data={escalationLevels.slice(above)}
            {...form.getInputProps('level')}
          />
          <Textarea
            label="Briefing"
            description="What they need to know, and what you need from them"
            required
            autosize
            minRows={4}
            data-autofocus
            {...form.getInputProps('briefing')}
          />
          <PeoplePicker
            label="Also tell"
            description={
              request.visibility === 'confidential'
                ? 'This request is confidential: only the people named here are told, and they can then see it'
                : 'Besides the people at that level'
            }
            active={opened}
            {...form.getInputProps('notifyUserIds')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={escalate.isPending}>
              Escalate
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeescalateModal({ request, opened, onClose }: ModalProps) {
  const deescalate = useDeescalateRequest(request.id);
  const form = useForm<Deescalate>({ initialValues: { reason: '' }, validate: checkWith(deescalateBody) });
  return (
    <Modal opened={opened} onClose={onClose} title="De-escalate the request">
      <form
        noValidate
        onSubmit={form.onSubmit((v) =>
          deescalate.mutate(v, {
            onSuccess: () => {
              saved('De-escalated');
              form.reset();
              onClose();
            },
            onError: (e) => showServerErrors(e, form.setErrors, ['reason']),
          }),
        )}
      >
        <Stack gap="sm">
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            data-autofocus
            {...form.getInputProps('reason')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={deescalate.isPending}>
              De-escalate
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
