import {
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import {
  type ActivityKind,
  activityKindLabels,
  activityKinds,
  createActivityBody,
  DEFAULT_TIME_ZONE,
} from '../../../../common/src/contracts/activities.ts';
import { optionsOf } from '../../../../common/src/contracts/shared.ts';
import {
  type Visibility,
  visibilities,
  visibilityLabels,
} from '../../../../common/src/contracts/visibility.ts';
import { type NewActivity, useCreateActivity } from '../../api/activities.ts';
import { checkWith, saved, showServerErrors } from '../../components/forms.ts';

type Values = {
  kind: string;
  title: string;
  description: string;
  start: string;
  end: string;
  timeZone: string;
  format: 'in_person' | 'online';
  location: string;
  onlineUrl: string;
  capacity: number | string;
  visibility: string;
  recurrence: string;
};

const toBody = (v: Values): NewActivity => ({
  kind: v.kind as ActivityKind,
  title: v.title,
  description: v.description || null,
  start: v.start,
  end: v.end,
  timeZone: v.timeZone,
  format: v.format,
  location: v.format === 'in_person' ? v.location || null : null,
  onlineUrl: v.format === 'online' ? v.onlineUrl || null : null,
  capacity: v.capacity === '' ? null : Number(v.capacity),
  visibility: v.visibility as Visibility,
  recurrence: v.recurrence || null,
});

const fields = [
  'kind',
  'title',
  'description',
  'start',
  'end',
  'timeZone',
  'format',
  'location',
  'onlineUrl',
  'capacity',
  'visibility',
  'recurrence',
];

/** Schedule a new activity: what, when (in a time zone), where, for how many, and whether it repeats. */
export function ActivityForm({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateActivity();
  const navigate = useNavigate();
  const form = useForm<Values>({
    validate: checkWith(createActivityBody, toBody),
    initialValues: {
      kind: 'seminar',
      title: '',
      description: '',
      start: '',
      end: '',
      timeZone: DEFAULT_TIME_ZONE,
      format: 'in_person',
      location: '',
      onlineUrl: '',
      capacity: '',
      visibility: 'institution',
      recurrence: '',
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a fresh form each time the dialog opens
  useEffect(() => {
    if (opened) form.reset();
  }, [opened]);
  const submit = form.onSubmit((v) =>
    create.mutate(toBody(v), {
      onSuccess: (a) => {
        saved('Activity scheduled');
        onClose();
        navigate(`/activities/${a.id}`);
      },
      onError: (e) => showServerErrors(e, form.setErrors, fields),
    }),
  );
  return (
    <Modal opened={opened} onClose={onClose} title="New activity" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Select
            label="Kind"
            required
            allowDeselect={false}
            data={optionsOf(activityKinds, activityKindLabels)}
            {...form.getInputProps('kind')}
          />
          <TextInput label="Title" required data-autofocus {...form.getInputProps('title')} />
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <Group grow wrap="wrap" align="flex-start">
            <TextInput
              label="Starts"
              type="datetime-local"
              required
              miw={200}
              {...form.getInputProps('start')}
            />
            <TextInput label="Ends" type="datetime-local" required miw={200} {...form.getInputProps('end')} />
          </Group>
          <TextInput
            label="Time zone"
            description="For example Europe/London"
            required
            {...form.getInputProps('timeZone')}
          />
          <SegmentedControl
            aria-label="Where it happens"
            data={[
              { value: 'in_person', label: 'In person' },
              { value: 'online', label: 'Online' },
            ]}
            {...form.getInputProps('format')}
            style={{ alignSelf: 'flex-start' }}
          />
          {form.values.format === 'in_person' ? (
            <TextInput label="Location" {...form.getInputProps('location')} />
          ) : (
            <TextInput label="Online link" type="url" required {...form.getInputProps('onlineUrl')} />
          )}
          <NumberInput
            label="Places"
            description="Leave empty for no limit"
            min={1}
            allowDecimal={false}
            {...form.getInputProps('capacity')}
          />
          <Select
            label="Who can see it"
            allowDeselect={false}
            data={optionsOf(visibilities, visibilityLabels)}
            {...form.getInputProps('visibility')}
          />
          <TextInput
            label="Repeats"
            description="Optional: an iCalendar rule, e.g. FREQ=MONTHLY;BYDAY=1TU for the first Tuesday of each month"
            {...form.getInputProps('recurrence')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Schedule
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
