import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo } from 'react';
import { useNavigate } from 'react-router';
import {
  createActivityBody,
  DEFAULT_TIME_ZONE,
  updateActivityBody,
} from '../../../../common/src/contracts/activities.ts';
import {
  type ActivityKind,
  activityKindLabels,
  activityKinds,
} from '../../../../common/src/labels/activities.ts';
import { optionsOf } from '../../../../common/src/labels/options.ts';
import { type Visibility, visibilities, visibilityLabels } from '../../../../common/src/labels/visibility.ts';
import {
  type Activity,
  type ActivityChanges,
  type NewActivity,
  useChangeActivity,
  useCreateActivity,
} from '../../api/activities.ts';
import { checkWith, saved, showServerErrors } from '../../components/forms.ts';
import {
  noRepeat,
  type Repeat,
  repeatEnds,
  repeatOf,
  repeatOptions,
  repeatsInWords,
  ruleOf,
} from './repeats.ts';

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
  repeat: Repeat;
  exceptionDates: string[];
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
  recurrence: ruleOf(v.repeat, v.start),
  // A series skips these dates; a single meeting has none. Empty date fields are rows not yet filled in.
  exceptionDates: ruleOf(v.repeat, v.start) ? v.exceptionDates.filter(Boolean) : [],
});

const valuesOf = (a: Activity): Values => ({
  kind: a.kind,
  title: a.title,
  description: a.description ?? '',
  start: a.localStart,
  end: a.localEnd,
  timeZone: a.timeZone,
  format: a.format,
  location: a.location ?? '',
  onlineUrl: a.onlineUrl ?? '',
  capacity: a.capacity ?? '',
  visibility: a.visibility,
  repeat: repeatOf(a.recurrence, a.localStart),
  exceptionDates: a.exceptionDates,
});

const endLabels = { never: 'Never', count: 'After a number of meetings', until: 'On a date' } as const;

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/** Only what the form changed, so a change never overwrites what it did not touch. */
function changesOf(before: Values, after: Values): ActivityChanges {
  const a = toBody(before);
  const b = toBody(after);
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(b) as (keyof NewActivity)[]) if (!same(a[key], b[key])) changes[key] = b[key];
  return changes as ActivityChanges;
}

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
  'exceptionDates',
];

const blank: Values = {
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
  repeat: noRepeat,
  exceptionDates: [],
};

/** Every IANA zone the browser knows, with the activity's own first if the browser lacks it. */
function useTimeZones(current: string) {
  return useMemo(() => {
    const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    return [...new Set([current, DEFAULT_TIME_ZONE, 'UTC', ...known].filter(Boolean))].sort();
  }, [current]);
}

/**
 * Schedule a new activity, or change one (`activity`): what, when (in a time zone), where, for
 * how many, whether it repeats and which dates of the series it skips.
 */
export function ActivityForm({
  opened,
  onClose,
  activity,
}: {
  opened: boolean;
  onClose: () => void;
  activity?: Activity;
}) {
  const create = useCreateActivity();
  const change = useChangeActivity();
  const navigate = useNavigate();
  const editing = activity !== undefined;
  const form = useForm<Values>({
    validate: editing
      ? checkWith(updateActivityBody, (v: Values) => changesOf(valuesOf(activity), v))
      : checkWith(createActivityBody, toBody),
    initialValues: activity ? valuesOf(activity) : blank,
  });
  const zones = useTimeZones(form.values.timeZone);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a fresh form each time the dialog opens
  useEffect(() => {
    if (!opened) return;
    form.setInitialValues(activity ? valuesOf(activity) : blank);
    form.reset();
  }, [opened]);
  const submit = form.onSubmit((v) => {
    if (!activity)
      return create.mutate(toBody(v), {
        onSuccess: (a) => {
          saved('Activity scheduled');
          onClose();
          navigate(`/activities/${a.id}`);
        },
        onError: (e) => showServerErrors(e, form.setErrors, fields),
      });
    const changes = changesOf(valuesOf(activity), v);
    if (!Object.keys(changes).length) return onClose();
    change.mutate(
      { activity, changes },
      {
        onSuccess: () => {
          saved('Activity changed');
          onClose();
        },
        onError: (e) => showServerErrors(e, form.setErrors, fields),
      },
    );
  });
  const dates = form.values.exceptionDates;
  return (
    <Modal opened={opened} onClose={onClose} title={editing ? 'Edit activity' : 'New activity'} size="lg">
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
          <Select
            label="Time zone"
            description="The start and end are local times in this zone"
            required
            searchable
            allowDeselect={false}
            limit={50}
            nothingFoundMessage="No time zone by that name"
            data={zones}
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
          <Select
            label="Repeats"
            allowDeselect={false}
            data={repeatOptions(form.values.start)}
            {...form.getInputProps('repeat.choice')}
            error={form.values.repeat.choice === 'custom' ? undefined : form.errors.recurrence}
          />
          {form.values.repeat.choice === 'custom' && (
            <TextInput
              label="iCalendar rule"
              description="For example FREQ=MONTHLY;BYDAY=1TU for the first Tuesday of each month"
              {...form.getInputProps('repeat.rule')}
              error={form.errors.recurrence}
            />
          )}
          {form.values.repeat.choice !== 'none' && form.values.repeat.choice !== 'custom' && (
            <Group grow wrap="wrap" align="flex-start">
              <Select
                label="Stops"
                allowDeselect={false}
                miw={160}
                data={repeatEnds.map((value) => ({ value, label: endLabels[value] }))}
                {...form.getInputProps('repeat.ends')}
              />
              {form.values.repeat.ends === 'count' && (
                <NumberInput
                  label="Number of meetings"
                  min={1}
                  max={500}
                  allowDecimal={false}
                  miw={160}
                  {...form.getInputProps('repeat.count')}
                />
              )}
              {form.values.repeat.ends === 'until' && (
                <TextInput label="Last date" type="date" miw={160} {...form.getInputProps('repeat.until')} />
              )}
            </Group>
          )}
          <Text size="sm" aria-live="polite">
            {repeatsInWords(ruleOf(form.values.repeat, form.values.start) ?? '')
              ? `Reads as: ${repeatsInWords(ruleOf(form.values.repeat, form.values.start) ?? '')}`
              : ''}
          </Text>
          {ruleOf(form.values.repeat, form.values.start) && (
            <Fieldset legend="Dates the series skips" variant="unstyled">
              <Stack gap="xs">
                {dates.length === 0 && (
                  <Text size="sm" c="dimmed">
                    None: the series meets on every date of its rule.
                  </Text>
                )}
                {dates.map((date, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; a date may be blank or repeated while typed
                  <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
                    <TextInput
                      label={`Skipped date ${i + 1}`}
                      type="date"
                      style={{ flex: 1 }}
                      {...form.getInputProps(`exceptionDates.${i}`)}
                      value={date}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="lg"
                      aria-label={`Remove skipped date ${i + 1}`}
                      onClick={() => form.removeListItem('exceptionDates', i)}
                    >
                      <IconTrash size={18} aria-hidden />
                    </ActionIcon>
                  </Group>
                ))}
                {form.errors.exceptionDates && (
                  <Text size="sm" c="var(--mantine-color-error)" role="alert">
                    {form.errors.exceptionDates}
                  </Text>
                )}
                <Group>
                  <Button
                    variant="default"
                    size="xs"
                    onClick={() => form.insertListItem('exceptionDates', '')}
                    disabled={dates.length >= 500}
                  >
                    Add a date to skip
                  </Button>
                </Group>
              </Stack>
            </Fieldset>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || change.isPending}>
              {editing ? 'Save changes' : 'Schedule'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
