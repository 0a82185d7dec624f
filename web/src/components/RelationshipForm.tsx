import { Button, Group, Modal, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import {
  createRelationshipBody,
  updateRelationshipBody,
} from '../../../common/src/contracts/relationships.ts';
import { optionsOf } from '../../../common/src/labels/options.ts';
import {
  type RelationshipStage,
  type RelationshipStatus,
  relationshipStageLabels,
  relationshipStages,
  relationshipStatuses,
  relationshipStatusLabels,
} from '../../../common/src/labels/relationships.ts';
import { api } from '../api/client.ts';
import { useSession, useUnits, useWrite } from '../api/hooks.ts';
import type { NewRelationship, Relationship, RelationshipChanges } from '../api/types.ts';
import { blankToNull, checkWith, saved, showServerErrors } from './forms.ts';
import { PeoplePicker, PersonPicker } from './PersonPicker.tsx';

const stages = optionsOf(relationshipStages, relationshipStageLabels);
const statuses = optionsOf(relationshipStatuses, relationshipStatusLabels);

type Values = {
  unitId: string;
  managerId: string;
  deputyIds: string[];
  stage: RelationshipStage;
  status: RelationshipStatus;
  cadenceDays: number | string;
  reviewDate: string;
  objectives: string;
};
/** The body as the contract reads it; a cadence that is not a number is sent as typed, to be refused. */
const toBody = (v: Values, partnerId: string): NewRelationship =>
  blankToNull({
    ...v,
    partnerId,
    cadenceDays: v.cadenceDays === '' ? null : (Number(v.cadenceDays) as number),
  });

type Props = { opened: boolean; onClose: () => void; partnerId: string; relationship?: Relationship };

/** Starts a relationship for a unit, or (given one) changes its manager, deputies, stage and cadence. */
export function RelationshipForm({ opened, onClose, partnerId, relationship }: Props) {
  const session = useSession();
  const units = useUnits();
  const form = useForm<Values>({
    validate: checkWith(relationship ? updateRelationshipBody : createRelationshipBody, (v: Values) =>
      toBody(v, partnerId),
    ),
    initialValues: {
      unitId: session.data?.user.unitId ?? '',
      managerId: session.data?.user.id ?? '',
      deputyIds: [] as string[],
      stage: 'getting_to_know',
      status: 'active',
      cadenceDays: 30,
      reviewDate: '',
      objectives: '',
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: load the record when the dialog opens
  useEffect(() => {
    if (opened && relationship) {
      form.setValues({
        unitId: relationship.unitId,
        managerId: relationship.managerId ?? '',
        deputyIds: relationship.deputies.map((d) => d.id),
        stage: relationship.stage,
        status: relationship.status,
        cadenceDays: relationship.cadenceDays ?? '',
        reviewDate: relationship.reviewDate ?? '',
        objectives: relationship.objectives ?? '',
      });
    }
  }, [opened, relationship]);
  const write = useWrite('relationship', (body: NewRelationship) => {
    if (!relationship) return api('POST', '/relationships', body);
    const { unitId: _u, partnerId: _p, ...changes } = body;
    const patch: RelationshipChanges = changes;
    return api('PATCH', `/relationships/${relationship.id}`, patch, { version: relationship.version });
  });
  const submit = form.onSubmit((v) =>
    write.mutate(toBody(v, partnerId), {
      onSuccess: () => {
        saved(relationship ? 'Relationship updated' : 'Relationship started');
        if (!relationship) form.reset();
        onClose();
      },
      onError: (e) => showServerErrors(e, form.setErrors),
    }),
  );
  const title = relationship
    ? `${relationship.unitName} and ${relationship.partnerName}`
    : 'Start a relationship';
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {!relationship && (
            <Select
              label="Unit (the provider)"
              required
              searchable
              data={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
              {...form.getInputProps('unitId')}
            />
          )}
          <PersonPicker label="Relationship manager" active={opened} {...form.getInputProps('managerId')} />
          <PeoplePicker label="Deputies" active={opened} {...form.getInputProps('deputyIds')} />
          <Group grow>
            <Select label="Stage" data={stages} {...form.getInputProps('stage')} />
            <Select label="Status" data={statuses} {...form.getInputProps('status')} />
          </Group>
          <Group grow>
            <NumberInput
              label="Expected contact every (days)"
              min={1}
              max={730}
              clampBehavior="none"
              {...form.getInputProps('cadenceDays')}
            />
            <TextInput label="Next review" type="date" {...form.getInputProps('reviewDate')} />
          </Group>
          <Textarea label="Objectives" autosize minRows={2} {...form.getInputProps('objectives')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={write.isPending}>
              {relationship ? 'Save relationship' : 'Start relationship'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
