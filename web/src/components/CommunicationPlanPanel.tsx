import {
  Badge,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import {
  type PlanChannel,
  type PlanDirection,
  planChannelLabels,
  planChannels,
  planDirectionLabels,
  planDirections,
} from '../../../common/src/labels/communication-plans.ts';
import { optionsOf } from '../../../common/src/labels/options.ts';
import {
  useCommunicationLevels,
  useCreatePeerPair,
  useCreatePlanItem,
  useDeletePeerPair,
  useDeletePlanItem,
  useRelationshipPlan,
} from '../api/communication-plans.ts';
import { usePartnerAffiliations } from '../api/hooks.ts';
import { formatDate, showServerErrors } from './forms.ts';
import { PersonPicker } from './PersonPicker.tsx';
import { adherenceInWords, frequencyInWords, PlanStatusBadge } from './planStatus.tsx';
import { Empty, QueryState } from './States.tsx';
import { TableBox } from './TableBox.tsx';

/** A relationship's plan in force and its peer pairs, with what the touch points show. */
export function CommunicationPlanPanel({
  relationshipId,
  partnerId,
  unitName,
}: {
  relationshipId: string;
  partnerId: string;
  unitName: string;
}) {
  const plan = useRelationshipPlan(relationshipId);
  const removeItem = useDeletePlanItem();
  const removePair = useDeletePeerPair();
  const [adding, setAdding] = useState<'item' | 'pair' | null>(null);
  const can = plan.data?.can.update ?? false;
  return (
    <QueryState isPending={plan.isPending} error={plan.error}>
      <Stack gap="sm">
        <Title order={4} size="h5">
          Planned communication
        </Title>
        {plan.data?.items.length ? (
          <TableBox minWidth={760} label={`Communication plan of the ${unitName} relationship`}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Purpose</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Channel</Table.Th>
                  <Table.Th>How often</Table.Th>
                  <Table.Th>Last</Table.Th>
                  <Table.Th>Next due</Table.Th>
                  <Table.Th>Kept over the year</Table.Th>
                  {can && (
                    <Table.Th>
                      <span className="visually-hidden">Actions</span>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {plan.data.items.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>
                      {i.purpose}
                      <Text size="xs" c="dimmed">
                        {planDirectionLabels[i.direction]}
                        {i.levels.length ? ` · ${i.levels.map((l) => l.name).join(', ')}` : ''}
                        {i.owner ? ` · ${i.owner.name}` : ''}
                        {i.inherited ? ' · partner type default' : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <PlanStatusBadge status={i.status} />
                    </Table.Td>
                    <Table.Td>{planChannelLabels[i.channel]}</Table.Td>
                    <Table.Td>{frequencyInWords(i.frequencyDays)}</Table.Td>
                    <Table.Td>{formatDate(i.status.lastAt)}</Table.Td>
                    <Table.Td>{formatDate(i.status.nextDueOn)}</Table.Td>
                    <Table.Td>{adherenceInWords(i.status.adherence)}</Table.Td>
                    {can && (
                      <Table.Td>
                        {!i.inherited && (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red.9"
                            c="red.9"
                            aria-label={`Remove ${i.purpose}`}
                            onClick={() => removeItem.mutate(i)}
                          >
                            Remove
                          </Button>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableBox>
        ) : (
          <Empty>No communication is planned for this relationship yet.</Empty>
        )}
        <Title order={4} size="h5">
          Peer pairs
        </Title>
        {plan.data?.peerPairs.length ? (
          <TableBox minWidth={640} label={`Peer pairs of the ${unitName} relationship`}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Level</Table.Th>
                  <Table.Th>Coverage</Table.Th>
                  <Table.Th>Ours</Table.Th>
                  <Table.Th>Theirs</Table.Th>
                  <Table.Th>Last two-way contact</Table.Th>
                  {can && (
                    <Table.Th>
                      <span className="visually-hidden">Actions</span>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {plan.data.peerPairs.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>{p.level.name}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {p.coverage.silent ? (
                          <Badge color="red.9" autoContrast>
                            Silent over {p.cadenceDays} days
                          </Badge>
                        ) : (
                          <Badge color="#216e39" autoContrast>
                            In touch
                          </Badge>
                        )}
                        {p.coverage.notPeerCount > 0 && (
                          <Badge color="yellow.4" autoContrast>
                            Not peer: {p.coverage.notPeerCount}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{p.user.name}</Table.Td>
                    <Table.Td>{p.contact.name}</Table.Td>
                    <Table.Td>{formatDate(p.coverage.lastTwoWayAt)}</Table.Td>
                    {can && (
                      <Table.Td>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red.9"
                          c="red.9"
                          aria-label={`Remove the ${p.level.name} pair ${p.user.name} and ${p.contact.name}`}
                          onClick={() => removePair.mutate(p)}
                        >
                          Remove
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableBox>
        ) : (
          <Empty>No peer pairs are named yet.</Empty>
        )}
        {can && (
          <Group gap="xs">
            <Button size="xs" variant="light" onClick={() => setAdding(adding === 'item' ? null : 'item')}>
              Plan a communication
            </Button>
            <Button size="xs" variant="light" onClick={() => setAdding(adding === 'pair' ? null : 'pair')}>
              Name a peer pair
            </Button>
          </Group>
        )}
        {adding === 'item' && <PlanItemForm relationshipId={relationshipId} onDone={() => setAdding(null)} />}
        {adding === 'pair' && (
          <PeerPairForm
            relationshipId={relationshipId}
            partnerId={partnerId}
            onDone={() => setAdding(null)}
          />
        )}
      </Stack>
    </QueryState>
  );
}

function PlanItemForm({ relationshipId, onDone }: { relationshipId: string; onDone: () => void }) {
  const levels = useCommunicationLevels();
  const create = useCreatePlanItem();
  const form = useForm({
    initialValues: {
      purpose: '',
      channel: 'meeting' as PlanChannel,
      direction: 'both' as PlanDirection,
      frequencyDays: 30 as number | string,
      levelId: null as string | null,
    },
    validate: {
      purpose: (v) => (v.trim() ? null : 'Enter the purpose'),
      frequencyDays: (v) => (v === '' ? 'Enter how often, in days' : null),
    },
  });
  const submit = form.onSubmit((v) =>
    create.mutate(
      {
        relationshipId,
        purpose: v.purpose,
        channel: v.channel,
        direction: v.direction,
        frequencyDays: Number(v.frequencyDays),
        levelIds: v.levelId ? [v.levelId] : [],
      },
      {
        onSuccess: onDone,
        onError: (err) => showServerErrors(err, form.setErrors, Object.keys(form.values)),
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Plan a communication">
      <Stack gap="xs">
        <TextInput
          label="Purpose"
          placeholder="Termly service review"
          required
          {...form.getInputProps('purpose')}
        />
        <Group grow align="flex-start" wrap="wrap">
          <Select
            label="Channel"
            data={optionsOf(planChannels, planChannelLabels)}
            allowDeselect={false}
            {...form.getInputProps('channel')}
          />
          <Select
            label="Direction"
            data={optionsOf(planDirections, planDirectionLabels)}
            allowDeselect={false}
            {...form.getInputProps('direction')}
          />
          <NumberInput
            label="Every (days)"
            min={1}
            max={366}
            required
            {...form.getInputProps('frequencyDays')}
          />
          <Select
            label="Level"
            placeholder="Any level"
            clearable
            data={(levels.data?.items ?? []).map((l) => ({ value: l.id, label: l.name }))}
            {...form.getInputProps('levelId')}
          />
        </Group>
        <Group gap="xs">
          <Button type="submit" size="xs" loading={create.isPending}>
            Add to the plan
          </Button>
          <Button size="xs" variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PeerPairForm({
  relationshipId,
  partnerId,
  onDone,
}: {
  relationshipId: string;
  partnerId: string;
  onDone: () => void;
}) {
  const levels = useCommunicationLevels();
  const contacts = usePartnerAffiliations(partnerId);
  const create = useCreatePeerPair();
  const form = useForm({
    initialValues: {
      levelId: null as string | null,
      userId: null as string | null,
      contactId: null as string | null,
      cadenceDays: 30 as number | string,
    },
    validate: {
      levelId: (v) => (v ? null : 'Choose the level'),
      userId: (v) => (v ? null : 'Choose our member of staff'),
      contactId: (v) => (v ? null : "Choose the partner's contact"),
      cadenceDays: (v) => (v === '' ? 'Enter how often they should talk, in days' : null),
    },
  });
  const submit = form.onSubmit((v) =>
    create.mutate(
      {
        relationshipId,
        levelId: v.levelId!,
        userId: v.userId!,
        contactId: v.contactId!,
        cadenceDays: Number(v.cadenceDays),
      },
      {
        onSuccess: onDone,
        onError: (err) => showServerErrors(err, form.setErrors, Object.keys(form.values)),
      },
    ),
  );
  const contactOptions = [
    ...new Map(
      (contacts.data?.items ?? []).map((a) => [a.contactId, { value: a.contactId, label: a.contactName }]),
    ).values(),
  ];
  return (
    <form onSubmit={submit} noValidate aria-label="Name a peer pair">
      <Stack gap="xs">
        <Group grow align="flex-start" wrap="wrap">
          <Select
            label="Level"
            required
            data={(levels.data?.items ?? []).map((l) => ({ value: l.id, label: l.name }))}
            {...form.getInputProps('levelId')}
          />
          <PersonPicker label="Ours" required {...form.getInputProps('userId')} />
          <Select
            label="Theirs"
            required
            searchable
            data={contactOptions}
            {...form.getInputProps('contactId')}
          />
          <NumberInput
            label="Talk every (days)"
            min={1}
            max={366}
            required
            {...form.getInputProps('cadenceDays')}
          />
        </Group>
        <Group gap="xs">
          <Button type="submit" size="xs" loading={create.isPending}>
            Name the pair
          </Button>
          <Button size="xs" variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
