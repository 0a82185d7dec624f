import {
  Anchor,
  Badge,
  Button,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link } from 'react-router';
import { createReviewActionBody, updateReviewBody } from '../../../../common/src/contracts/reviews.ts';
import { usePartnerAffiliations } from '../../api/hooks.ts';
import {
  type Review,
  type ReviewAgenda,
  useAddReviewAction,
  useChangeReview,
  useReviewAgenda,
} from '../../api/reviews.ts';
import { checkWith, formatDate, saved, showServerErrors } from '../forms.ts';
import { PersonPicker } from '../PersonPicker.tsx';
import { Empty, QueryState } from '../States.tsx';
import { TableBox } from '../TableBox.tsx';

function Figure({ label, value, hint }: { label: string; value: string | number; hint?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      <Text size="sm">{label}</Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Stack>
  );
}

/** The agenda: the figures and lists the data gives for the period, as this reader may see them. */
function Agenda({ agenda }: { agenda: ReviewAgenda }) {
  const r = agenda.requests;
  return (
    <Stack gap="sm" role="group" aria-label="Agenda">
      <Title order={4} size="h5">
        Agenda: {formatDate(agenda.period.from)} to {formatDate(agenda.period.to)}
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Figure label="Open requests" value={r.open} />
        <Figure label="Raised in the period" value={r.raised} />
        <Figure label="Closed in the period" value={r.closed} />
        <Figure
          label="Met their service level"
          value={r.metPercent === null ? '—' : `${r.metPercent}%`}
          hint={`${r.metTarget} of ${r.withTarget} with a target`}
        />
        <Figure label="Activities attended" value={agenda.activities.length} />
        <Figure label="Open tasks" value={agenda.openTasks} />
      </SimpleGrid>
      <Text fw={600} size="sm">
        Concerns, complaints and disputes
      </Text>
      {agenda.concerns.length ? (
        <Stack gap={2}>
          {agenda.concerns.map((c) => (
            <Anchor key={c.id} component={Link} to={`/requests/${c.id}`} size="sm">
              #{c.reference} {c.title} ({c.kind}, {c.status.replace(/_/g, ' ')})
            </Anchor>
          ))}
        </Stack>
      ) : (
        <Empty>None raised in the period.</Empty>
      )}
      <Text fw={600} size="sm">
        Escalations
      </Text>
      {agenda.escalations.length ? (
        <Stack gap={2}>
          {agenda.escalations.map((e) => (
            <Text key={`${e.raisedAt}-${e.briefing}`} size="sm">
              {formatDate(e.raisedAt)}: {e.requestTitle ?? 'The relationship'} — {e.briefing}
            </Text>
          ))}
        </Stack>
      ) : (
        <Empty>None in the period.</Empty>
      )}
      <Text fw={600} size="sm">
        Communication plan and peer pairs
      </Text>
      {agenda.plan.length || agenda.peerCoverage.length ? (
        <TableBox minWidth={420} label="Communication plan adherence">
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Item or pair</Table.Th>
                <Table.Th>State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agenda.plan.map((i) => (
                <Table.Tr key={`plan-${i.purpose}`}>
                  <Table.Td>{i.purpose}</Table.Td>
                  <Table.Td>
                    {i.overdue ? 'Overdue' : 'On track'}
                    {i.adherencePercent !== null && `, kept ${i.adherencePercent}% over the year`}
                  </Table.Td>
                </Table.Tr>
              ))}
              {agenda.peerCoverage.map((p) => (
                <Table.Tr key={`pair-${p.level}-${p.user}-${p.contact}`}>
                  <Table.Td>
                    {p.level}: {p.user} ↔ {p.contact}
                  </Table.Td>
                  <Table.Td>
                    {p.silent ? 'Silent' : 'In touch'}, last two-way{' '}
                    {p.lastTwoWayAt ? formatDate(p.lastTwoWayAt) : 'never'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableBox>
      ) : (
        <Empty>No communication plan or peer pairs.</Empty>
      )}
      {agenda.activities.length > 0 && (
        <Text size="sm">
          Activities: {agenda.activities.map((a) => `${a.title} (${formatDate(a.startsAt)})`).join('; ')}
        </Text>
      )}
    </Stack>
  );
}

type MinutesValues = { minutes: string; heldOn: string };

function MinutesForm({ review }: { review: Review }) {
  const change = useChangeReview();
  const toBody = (v: MinutesValues) => ({ minutes: v.minutes || null, heldOn: v.heldOn || null });
  const form = useForm<MinutesValues>({
    initialValues: { minutes: review.minutes ?? '', heldOn: review.heldOn ?? '' },
    validate: checkWith(updateReviewBody, toBody),
  });
  const submit = form.onSubmit((v) =>
    change.mutate(
      { review, changes: toBody(v) },
      {
        onSuccess: () => saved('Review saved'),
        onError: (e) => showServerErrors(e, form.setErrors),
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Minutes">
      <Stack gap="xs">
        <Textarea label="Minutes" autosize minRows={3} {...form.getInputProps('minutes')} />
        <Group align="flex-end">
          <TextInput label="Held on" type="date" {...form.getInputProps('heldOn')} />
          <Button type="submit" loading={change.isPending}>
            Save minutes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type ActionValues = { description: string; side: 'university' | 'partner'; owner: string; dueOn: string };
const actionBody = (v: ActionValues) => ({
  description: v.description,
  ...(v.side === 'university' ? { ownerUserId: v.owner || null } : { ownerContactId: v.owner || null }),
  dueOn: v.dueOn,
});

function ActionForm({
  review,
  partnerId,
  onDone,
}: {
  review: Review;
  partnerId: string;
  onDone: () => void;
}) {
  const add = useAddReviewAction();
  const contacts = usePartnerAffiliations(partnerId);
  const form = useForm<ActionValues>({
    initialValues: { description: '', side: 'university', owner: '', dueOn: '' },
    validate: checkWith(createReviewActionBody, actionBody, {
      ownerUserId: 'owner',
      ownerContactId: 'owner',
    }),
  });
  const people = [...new Map((contacts.data?.items ?? []).map((a) => [a.contactId, a])).values()];
  const submit = form.onSubmit((v) =>
    add.mutate(
      { reviewId: review.id, body: actionBody(v) },
      {
        onSuccess: () => {
          saved('Action recorded, and a task set');
          form.reset();
          onDone();
        },
        onError: (e) =>
          showServerErrors(e, (errors) =>
            form.setErrors(
              Object.fromEntries(
                Object.entries(errors).map(([k, m]) => [k.startsWith('owner') ? 'owner' : k, m]),
              ),
            ),
          ),
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Add an action">
      <Stack gap="xs">
        <TextInput label="Action" required {...form.getInputProps('description')} />
        <SegmentedControl
          aria-label="Owner's side"
          data={[
            { value: 'university', label: 'Ours' },
            { value: 'partner', label: 'The partner’s' },
          ]}
          {...form.getInputProps('side')}
          onChange={(side) => {
            form.setFieldValue('side', side as ActionValues['side']);
            form.setFieldValue('owner', '');
          }}
        />
        <Group align="flex-start" grow>
          {form.values.side === 'university' ? (
            <PersonPicker label="Owner" required excludeRoles={['viewer']} {...form.getInputProps('owner')} />
          ) : (
            <Select
              label="Owner"
              required
              data={people.map((a) => ({ value: a.contactId, label: a.contactName }))}
              {...form.getInputProps('owner')}
            />
          )}
          <TextInput label="Due" type="date" required {...form.getInputProps('dueOn')} />
        </Group>
        <Group justify="flex-end">
          <Button type="submit" loading={add.isPending}>
            Add action
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** One review: its agenda from the data, its minutes and its actions. */
export function ReviewDetail({ review, partnerId }: { review: Review; partnerId: string }) {
  const agenda = useReviewAgenda(review.id);
  const [adding, setAdding] = useState(false);
  return (
    <Stack gap="md">
      <QueryState isPending={agenda.isPending} error={agenda.error}>
        {agenda.data && <Agenda agenda={agenda.data} />}
      </QueryState>
      {review.can.update ? (
        <MinutesForm key={`${review.id}-${review.version}`} review={review} />
      ) : (
        <Stack gap={2}>
          <Text fw={600} size="sm">
            Minutes
          </Text>
          <Text size="sm">{review.minutes ?? 'None recorded yet.'}</Text>
        </Stack>
      )}
      <Stack gap="xs">
        <Title order={4} size="h5">
          Actions
        </Title>
        {review.actions.length ? (
          <TableBox minWidth={480} label="Actions">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>Owner</Table.Th>
                  <Table.Th>Due</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {review.actions.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      {a.description}{' '}
                      {a.done && (
                        <Badge color="success" autoContrast>
                          Done
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {a.owner.name} ({a.owner.side === 'university' ? 'ours' : 'partner'})
                    </Table.Td>
                    <Table.Td>{formatDate(a.dueOn)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableBox>
        ) : (
          <Empty>No action agreed yet.</Empty>
        )}
        {review.can.update &&
          (adding ? (
            <ActionForm review={review} partnerId={partnerId} onDone={() => setAdding(false)} />
          ) : (
            <Group>
              <Button variant="light" onClick={() => setAdding(true)}>
                Add an action
              </Button>
            </Group>
          ))}
      </Stack>
    </Stack>
  );
}
