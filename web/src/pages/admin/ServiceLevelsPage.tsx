import {
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  attentionRulesBody,
  createHolidayBody,
  updateServiceLevelBody,
  workingWeekSchema,
} from '../../../../common/src/contracts/service-levels.ts';
import { requestKindLabels, requestPriorityLabels } from '../../../../common/src/labels/requests.ts';
import { api } from '../../api/client.ts';
import { useWrite } from '../../api/hooks.ts';
import type {
  Holiday,
  NewHoliday,
  AttentionRules as Rules,
  ServiceLevel,
  ServiceLevelChanges,
  WorkingWeek,
} from '../../api/types.ts';
import { DisputeTimescalesCard } from '../../components/disputes/DisputeTimescalesCard.tsx';
import { checkWith, formatDate, saved, showServerErrors } from '../../components/forms.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { HealthRuleCard } from './HealthRuleCard.tsx';

const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const ruleLabels: Record<keyof Rules, string> = {
  approachingFraction: 'A target is approaching when this share of its time has gone (0–1)',
  cadenceOverdueFactor: 'A relationship is long overdue after this many cadences',
  sentimentWindowDays: 'Sentiment window (days)',
  sentimentMinTouchpoints: 'Fewest touch points for a sentiment flag',
  sentimentThreshold: 'Flag partners whose average sentiment is at or below (−2 to 0)',
  disputeOpenDays: 'A dispute is long-running after (days)',
};

type TargetValues = { firstResponseHours: number | string; resolveHours: number | string };
/** An emptied field becomes null, which the contract refuses ("Enter …") before anything is sent. */
const toTargets = (v: TargetValues) => ({
  firstResponseHours: v.firstResponseHours === '' ? null : Number(v.firstResponseHours),
  resolveHours: v.resolveHours === '' ? null : Number(v.resolveHours),
});

function TargetForm({ level, close }: { level: ServiceLevel; close: () => void }) {
  const form = useForm<TargetValues>({
    initialValues: { firstResponseHours: level.firstResponseHours, resolveHours: level.resolveHours },
    validate: checkWith(updateServiceLevelBody, toTargets),
  });
  const write = useWrite('serviceLevel', (body: ServiceLevelChanges) =>
    api('PATCH', `/service-levels/${level.id}`, body, { version: level.version }),
  );
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) =>
        // The contract has checked the values (onSubmit validates first): both are numbers here.
        write.mutate(toTargets(v) as ServiceLevelChanges, {
          onSuccess: () => {
            saved('Target changed');
            close();
          },
          onError: (e) => showServerErrors(e, form.setErrors),
        }),
      )}
    >
      <Stack gap="sm">
        <NumberInput
          label="First response (working hours)"
          min={1}
          clampBehavior="none"
          data-autofocus
          {...form.getInputProps('firstResponseHours')}
        />
        <NumberInput
          label="Resolution (working hours)"
          min={1}
          clampBehavior="none"
          {...form.getInputProps('resolveHours')}
        />
        <Button type="submit" loading={write.isPending}>
          Save target
        </Button>
      </Stack>
    </form>
  );
}

function WorkingWeekForm() {
  const week = useQuery({
    queryKey: ['working-week'],
    queryFn: () => api<WorkingWeek>('GET', '/working-week'),
  });
  const form = useForm<WorkingWeek>({
    initialValues: { timeZone: '', days: [], start: '', end: '' },
    validate: checkWith(workingWeekSchema),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: load the saved week once it arrives
  useEffect(() => {
    if (week.data) form.setValues(week.data);
  }, [week.data]);
  const write = useWrite('workingWeek', (body: WorkingWeek) => api('PUT', '/working-week', body));
  return (
    <Card withBorder component="section" aria-labelledby="working-week">
      <Title order={3} size="h4" mb="xs" id="working-week">
        Working week
      </Title>
      <QueryState isPending={week.isPending} error={week.error}>
        <form
          noValidate
          onSubmit={form.onSubmit((v) =>
            write.mutate(v, {
              onSuccess: () => saved('Working week saved'),
              onError: (e) => showServerErrors(e, form.setErrors),
            }),
          )}
        >
          <Stack gap="sm">
            <TextInput
              label="Time zone"
              description="IANA name, e.g. Europe/London"
              {...form.getInputProps('timeZone')}
            />
            <Checkbox.Group
              label="Working days"
              value={form.values.days.map(String)}
              onChange={(v) => form.setFieldValue('days', v.map(Number))}
              error={form.errors.days}
            >
              <Group mt={4}>
                {weekdays.map((d, i) => (
                  <Checkbox key={d} value={String(i + 1)} label={d} />
                ))}
              </Group>
            </Checkbox.Group>
            <Group grow>
              <TextInput label="Opens at" type="time" {...form.getInputProps('start')} />
              <TextInput label="Closes at" type="time" {...form.getInputProps('end')} />
            </Group>
            <Group justify="flex-end">
              <Button type="submit" loading={write.isPending}>
                Save working week
              </Button>
            </Group>
          </Stack>
        </form>
      </QueryState>
    </Card>
  );
}

function Holidays() {
  const list = useQuery({
    queryKey: ['holidays'],
    queryFn: () => api<{ items: Holiday[] }>('GET', '/holidays'),
  });
  const add = useWrite('holiday', (body: NewHoliday) => api('POST', '/holidays', body));
  const remove = useWrite('holiday', (day: string) => api('DELETE', `/holidays/${day}`));
  const form = useForm<NewHoliday>({
    initialValues: { day: '', name: '' },
    validate: checkWith(createHolidayBody),
  });
  return (
    <Card withBorder component="section" aria-labelledby="holidays">
      <Title order={3} size="h4" mb="xs" id="holidays">
        Closed days
      </Title>
      <Text size="sm" mb="xs">
        Service-level clocks do not run on these days.
      </Text>
      <QueryState isPending={list.isPending} error={list.error}>
        {list.data?.items.length ? (
          <Table>
            <Table.Tbody>
              {list.data.items.map((h) => (
                <Table.Tr key={h.day}>
                  <Table.Td>{formatDate(h.day)}</Table.Td>
                  <Table.Td>{h.name}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => remove.mutate(h.day)}
                      aria-label={`Remove ${h.name} ${h.day}`}
                    >
                      Remove
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Empty>No closed days.</Empty>
        )}
      </QueryState>
      <form
        noValidate
        onSubmit={form.onSubmit((v) =>
          add.mutate(v, {
            onSuccess: () => {
              saved('Closed day added');
              form.reset();
            },
            onError: (e) => showServerErrors(e, form.setErrors),
          }),
        )}
      >
        <Group align="flex-end" mt="sm">
          <TextInput label="Day" type="date" {...form.getInputProps('day')} />
          <TextInput label="Name" {...form.getInputProps('name')} />
          <Button type="submit" loading={add.isPending}>
            Add closed day
          </Button>
        </Group>
      </form>
    </Card>
  );
}

function AttentionRules() {
  const rules = useQuery({
    queryKey: ['attention-rules'],
    queryFn: () => api<Rules>('GET', '/attention-rules'),
  });
  const form = useForm<Rules>({ initialValues: {} as Rules, validate: checkWith(attentionRulesBody) });
  // biome-ignore lint/correctness/useExhaustiveDependencies: load the saved rules once they arrive
  useEffect(() => {
    if (rules.data) form.setValues(rules.data);
  }, [rules.data]);
  const write = useWrite('attentionRules', (body: Rules) => api('PUT', '/attention-rules', body));
  return (
    <Card withBorder component="section" aria-labelledby="attention-rules">
      <Title order={3} size="h4" mb="xs" id="attention-rules">
        Senior view rules
      </Title>
      <QueryState isPending={rules.isPending} error={rules.error}>
        <form
          noValidate
          onSubmit={form.onSubmit((v) =>
            write.mutate(v, {
              onSuccess: () => saved('Rules saved'),
              onError: (e) => showServerErrors(e, form.setErrors),
            }),
          )}
        >
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {(Object.keys(ruleLabels) as (keyof Rules)[]).map((key) => (
              <NumberInput
                key={key}
                label={ruleLabels[key]}
                decimalScale={2}
                clampBehavior="none"
                {...form.getInputProps(key)}
              />
            ))}
          </SimpleGrid>
          <Group justify="flex-end" mt="sm">
            <Button type="submit" loading={write.isPending}>
              Save rules
            </Button>
          </Group>
        </form>
      </QueryState>
    </Card>
  );
}

/** Administration of service levels: targets per kind and priority, the working week, closed days, senior-view rules. */
export function ServiceLevelsPage() {
  const levels = useQuery({
    queryKey: ['service-levels'],
    queryFn: () => api<{ items: ServiceLevel[] }>('GET', '/service-levels'),
  });
  const [editing, setEditing] = useState<ServiceLevel | null>(null);
  usePageTitle('Service levels', 'Administration');
  return (
    <Stack>
      <Title order={2}>Service levels</Title>
      <Card withBorder component="section" aria-labelledby="targets">
        <Title order={3} size="h4" mb="xs" id="targets">
          Targets in working hours
        </Title>
        <Text size="sm" mb="xs">
          A change applies to requests raised (or re-prioritised) afterwards.
        </Text>
        <QueryState isPending={levels.isPending} error={levels.error}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Priority</Table.Th>
                <Table.Th>First response</Table.Th>
                <Table.Th>Resolution</Table.Th>
                <Table.Th>
                  <span className="visually-hidden">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {levels.data?.items.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>{requestKindLabels[l.kind]}</Table.Td>
                  <Table.Td>{requestPriorityLabels[l.priority]}</Table.Td>
                  <Table.Td>{l.firstResponseHours} h</Table.Td>
                  <Table.Td>{l.resolveHours} h</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => setEditing(l)}
                      aria-label={`Change the target for ${l.priority} ${l.kind}`}
                    >
                      Change
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </QueryState>
      </Card>
      <WorkingWeekForm />
      <Holidays />
      <AttentionRules />
      <DisputeTimescalesCard />
      <HealthRuleCard />
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? `Target: ${editing.priority} ${editing.kind}` : ''}
      >
        {editing && <TargetForm level={editing} close={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}
