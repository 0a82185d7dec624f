import {
  ActionIcon,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { PLAYBOOK_MAX_STEPS, playbookBody } from '../../../../common/src/contracts/playbooks.ts';
import { optionsOf } from '../../../../common/src/labels/options.ts';
import {
  type PlaybookStepKind,
  playbookStepKindLabels,
  playbookStepKinds,
} from '../../../../common/src/labels/playbooks.ts';
import {
  type TouchpointKind,
  touchpointKindLabels,
  touchpointKinds,
} from '../../../../common/src/labels/touchpoints.ts';
import { usePartnerTypes } from '../../api/hooks.ts';
import { usePlaybook, useSetPlaybook, useStartWaitingRuns } from '../../api/playbooks.ts';
import { checkWith, saved, showServerErrors } from '../../components/forms.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

type StepValues = {
  key: string;
  title: string;
  completesWhen: PlaybookStepKind;
  touchpointKind: TouchpointKind | null;
};
type Values = { steps: StepValues[] };

let nextKey = 0;
const keyed = (s: Omit<StepValues, 'key'>): StepValues => ({ ...s, key: `step-${nextKey++}` });
const toBody = (v: Values) => ({
  steps: v.steps.map(({ key: _key, ...s }) => ({
    ...s,
    touchpointKind: s.completesWhen === 'touchpoint' ? s.touchpointKind : null,
  })),
});

function PlaybookForm({ partnerTypeId, typeName }: { partnerTypeId: string; typeName: string }) {
  const playbook = usePlaybook(partnerTypeId);
  const write = useSetPlaybook(partnerTypeId);
  const form = useForm<Values>({ initialValues: { steps: [] }, validate: checkWith(playbookBody, toBody) });
  // biome-ignore lint/correctness/useExhaustiveDependencies: load the saved steps once they arrive
  useEffect(() => {
    if (playbook.data) form.setValues({ steps: playbook.data.steps.map(keyed) });
  }, [playbook.data]);
  const steps = form.values.steps;
  return (
    <QueryState isPending={playbook.isPending} error={playbook.error}>
      <form
        noValidate
        aria-label={`Steps for ${typeName}`}
        onSubmit={form.onSubmit((v) =>
          write.mutate(toBody(v), {
            onSuccess: () => saved('Playbook saved'),
            onError: (e) => showServerErrors(e, form.setErrors),
          }),
        )}
      >
        <Stack gap="sm">
          {steps.length === 0 && <Empty>No steps: no playbook starts for this partner type.</Empty>}
          {steps.map((step, i) => (
            <Card key={step.key} withBorder padding="sm" component="fieldset" aria-label={`Step ${i + 1}`}>
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={500} size="sm">
                    Step {i + 1}
                  </Text>
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      disabled={i === 0}
                      onClick={() => form.reorderListItem('steps', { from: i, to: i - 1 })}
                      aria-label={`Move step ${i + 1} up`}
                    >
                      <IconArrowUp size={16} />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      disabled={i === steps.length - 1}
                      onClick={() => form.reorderListItem('steps', { from: i, to: i + 1 })}
                      aria-label={`Move step ${i + 1} down`}
                    >
                      <IconArrowDown size={16} />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="red.8"
                      onClick={() => form.removeListItem('steps', i)}
                      aria-label={`Remove step ${i + 1}`}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                </Group>
                <TextInput label="What to do" required {...form.getInputProps(`steps.${i}.title`)} />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Select
                    label="Done when"
                    data={optionsOf(playbookStepKinds, playbookStepKindLabels)}
                    allowDeselect={false}
                    {...form.getInputProps(`steps.${i}.completesWhen`)}
                  />
                  {step.completesWhen === 'touchpoint' && (
                    <Select
                      label="Kind of touch point"
                      data={optionsOf(touchpointKinds, touchpointKindLabels)}
                      placeholder="Choose a kind"
                      {...form.getInputProps(`steps.${i}.touchpointKind`)}
                    />
                  )}
                </SimpleGrid>
              </Stack>
            </Card>
          ))}
          {form.errors.steps && (
            <Text c="red.8" size="sm" role="alert">
              {form.errors.steps}
            </Text>
          )}
          <Group justify="space-between">
            <Button
              variant="default"
              disabled={steps.length >= PLAYBOOK_MAX_STEPS}
              onClick={() =>
                form.insertListItem(
                  'steps',
                  keyed({ title: '', completesWhen: 'by_hand', touchpointKind: null }),
                )
              }
            >
              Add a step
            </Button>
            <Button type="submit" loading={write.isPending}>
              Save playbook
            </Button>
          </Group>
        </Stack>
      </form>
    </QueryState>
  );
}

/**
 * The relationships that began before the type's playbook had steps, and the button that starts
 * it on them (shown once the saved playbook has steps and some are waiting).
 */
function WaitingRelationships({ partnerTypeId, typeName }: { partnerTypeId: string; typeName: string }) {
  const playbook = usePlaybook(partnerTypeId);
  const start = useStartWaitingRuns(partnerTypeId);
  const waiting = playbook.data?.waiting ?? 0;
  if (!playbook.data || playbook.data.steps.length === 0 || waiting === 0) return null;
  const relationships =
    waiting === 1 ? '1 active relationship' : `${waiting.toLocaleString('en-GB')} active relationships`;
  return (
    <Card withBorder padding="sm" mt="md" component="section" aria-labelledby="playbook-waiting">
      <Stack gap="xs">
        <Title order={4} size="h5" id="playbook-waiting">
          Relationships already under way
        </Title>
        <Text size="sm">
          {relationships} with {typeName} partners began before this playbook had steps, so{' '}
          {waiting === 1 ? 'it has' : 'they have'} no playbook. Starting it gives each one a run of the saved
          steps, recorded in its history.
        </Text>
        <Group>
          <Button
            variant="light"
            loading={start.isPending}
            onClick={() =>
              start.mutate(undefined, {
                onError: (e) => showServerErrors(e, () => {}),
                onSuccess: (r) =>
                  saved(
                    r.started === 1
                      ? 'Playbook started on 1 relationship'
                      : `Playbook started on ${r.started} relationships`,
                  ),
              })
            }
          >
            Start it on {waiting === 1 ? 'that relationship' : `these ${waiting.toLocaleString('en-GB')}`}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** Administration of the getting-to-know-you playbooks: the steps for each partner type. */
export function PlaybooksPage() {
  usePageTitle('Playbooks', 'Administration');
  const types = usePartnerTypes();
  const [typeId, setTypeId] = useState<string | null>(null);
  const items = types.data?.items ?? [];
  const chosen = typeId ?? items[0]?.id ?? null;
  const typeName = items.find((t) => t.id === chosen)?.name ?? '';
  return (
    <Stack>
      <Title order={2}>Getting-to-know-you playbooks</Title>
      <Text size="sm">
        A relationship's playbook starts when it starts and again when it has a new manager. A step completes
        itself when its record exists; otherwise it is ticked by hand with evidence. A change applies to
        playbooks started afterwards. Relationships that began before a type's playbook had steps can be given
        it here too.
      </Text>
      <QueryState isPending={types.isPending} error={types.error}>
        <Card withBorder component="section" aria-labelledby="playbook-steps">
          <Title order={3} size="h4" mb="xs" id="playbook-steps">
            Steps
          </Title>
          <Select
            label="Partner type"
            data={items.map((t) => ({ value: t.id, label: t.name }))}
            value={chosen}
            onChange={setTypeId}
            allowDeselect={false}
            maw={360}
            mb="sm"
          />
          {chosen && <PlaybookForm key={chosen} partnerTypeId={chosen} typeName={typeName} />}
          {chosen && (
            <WaitingRelationships key={`waiting-${chosen}`} partnerTypeId={chosen} typeName={typeName} />
          )}
        </Card>
      </QueryState>
    </Stack>
  );
}
