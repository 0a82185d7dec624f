import { Button, Group, Modal, Select, Stack, Switch, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  type InputStatus,
  inputStatuses,
  inputStatusLabels,
} from '../../../../common/src/labels/initiatives.ts';
import { optionsOf } from '../../../../common/src/labels/options.ts';
import { useActivityFeedback, usePartnerActivities } from '../../api/activities.ts';
import { api, type Page } from '../../api/client.ts';
import {
  type Initiative,
  type Input,
  type NewInput,
  useAddInput,
  useChangeInput,
} from '../../api/initiatives.ts';
import { saved, showServerErrors } from '../../components/forms.ts';

type Values = {
  partnerId: string | null;
  summary: string;
  touchpointId: string | null;
  requestId: string | null;
  feedbackId: string | null;
  response: string;
  status: InputStatus;
  reason: string;
  internalNote: string;
  published: boolean;
};
const fields = [
  'partnerId',
  'summary',
  'touchpointId',
  'requestId',
  'feedbackId',
  'response',
  'status',
  'reason',
  'internalNote',
  'published',
];

const valuesOf = (i: Input | undefined, partnerId: string | null): Values => ({
  partnerId: i?.partner.id ?? partnerId,
  summary: i?.summary ?? '',
  touchpointId: i?.source?.kind === 'touchpoint' ? i.source.id : null,
  requestId: i?.source?.kind === 'request' ? i.source.id : null,
  feedbackId: i?.source?.kind === 'feedback' ? i.source.id : null,
  response: i?.response ?? '',
  status: i?.status ?? 'open',
  reason: i?.reason ?? '',
  internalNote: i?.internalNote ?? '',
  published: i?.published ?? false,
});

/** The partner's touch points and requests the caller may see, to link input to where it was given. */
function useSources(partnerId: string | null, enabled: boolean) {
  const touchpoints = useQuery({
    queryKey: ['touchpoints', 'for-input', partnerId],
    queryFn: () =>
      api<Page<{ id: string; subject: string; occurredAt: string }>>(
        'GET',
        `/touchpoints?partnerId=${partnerId}&limit=50`,
      ),
    enabled: enabled && Boolean(partnerId),
  });
  const requests = useQuery({
    queryKey: ['requests', 'for-input', partnerId],
    queryFn: () =>
      api<Page<{ id: string; title: string }>>('GET', `/requests?partnerId=${partnerId}&limit=50`),
    enabled: enabled && Boolean(partnerId),
  });
  return {
    touchpoints: (touchpoints.data?.items ?? []).map((t) => ({
      value: t.id,
      label: `${t.subject} (${t.occurredAt.slice(0, 10)})`,
    })),
    requests: (requests.data?.items ?? []).map((r) => ({ value: r.id, label: r.title })),
  };
}

/**
 * Feedback given on one of the partner's activities, to link input to: the activity first (those
 * the caller may see), then one of its written answers (those the caller may read).
 */
function FeedbackSource({
  partnerId,
  enabled,
  value,
  onChange,
  disabled,
  error,
}: {
  partnerId: string | null;
  enabled: boolean;
  value: string | null;
  onChange: (id: string | null) => void;
  disabled: boolean;
  error?: string;
}) {
  const [activityId, setActivity] = useState<string | null>(null);
  const activities = usePartnerActivities(partnerId, enabled);
  const feedback = useActivityFeedback(activityId ?? '', enabled && Boolean(activityId));
  const held = [
    ...(activities.data?.past ?? []),
    ...(activities.data?.upcoming ?? []).filter((a) => a.recurring),
  ];
  const answers = (feedback.data?.answers ?? []).map((a) => ({
    value: a.id,
    label: `${a.authorName} (${a.rating}/5): ${a.useful ?? a.change ?? 'no comment'}`.slice(0, 160),
  }));
  return (
    <Group grow align="flex-start" wrap="wrap">
      <Select
        label="Or in feedback on an activity"
        placeholder="None"
        clearable
        searchable
        disabled={disabled}
        data={held.map((a) => ({ value: a.id, label: `${a.title} (${a.startsAt.slice(0, 10)})` }))}
        value={activityId}
        onChange={(id) => {
          setActivity(id);
          onChange(null);
        }}
      />
      <Select
        label="The feedback"
        placeholder={
          activityId ? (feedback.isPending ? 'Loading…' : 'Choose an answer') : 'Choose the activity first'
        }
        clearable
        searchable
        disabled={disabled || !activityId}
        data={answers}
        value={value}
        onChange={onChange}
        error={error}
        nothingFoundMessage={feedback.error ? 'You may not read this feedback' : 'No written feedback'}
      />
    </Group>
  );
}

/** Record a partner's input (what they said, where) or respond to it (what was done, and whether to publish it). */
export function InputForm({
  initiative,
  input,
  opened,
  onClose,
}: {
  initiative: Initiative;
  input?: Input;
  opened: boolean;
  onClose: () => void;
}) {
  const add = useAddInput(initiative.id);
  const change = useChangeInput(initiative.id);
  const firstPartner = initiative.partners[0]?.id ?? null;
  const form = useForm<Values>({
    initialValues: valuesOf(input, firstPartner),
    validate: {
      partnerId: (v) => (v ? null : 'Choose the partner who gave it'),
      summary: (v) => (v.trim() ? null : 'Enter what they said'),
      reason: (v, all) => (all.status === 'not_adopted' && !v.trim() ? 'Say why it was not adopted' : null),
    },
  });
  const sources = useSources(form.values.partnerId, opened && !input);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a fresh form each time the dialog opens
  useEffect(() => {
    if (!opened) return;
    form.setInitialValues(valuesOf(input, firstPartner));
    form.reset();
  }, [opened]);
  const done = (message: string) => () => {
    saved(message);
    onClose();
  };
  const submit = form.onSubmit((v) => {
    const response = {
      response: v.response || null,
      status: v.status,
      reason: v.status === 'not_adopted' ? v.reason || null : null,
      internalNote: v.internalNote || null,
      published: v.published,
    };
    if (input)
      return change.mutate(
        { input, changes: { summary: v.summary, ...response } },
        { onSuccess: done('Response saved'), onError: (e) => showServerErrors(e, form.setErrors, fields) },
      );
    const body: NewInput = {
      partnerId: v.partnerId!,
      summary: v.summary,
      touchpointId: v.touchpointId,
      requestId: v.touchpointId ? null : v.requestId,
      feedbackId: v.touchpointId || v.requestId ? null : v.feedbackId,
      ...response,
    };
    add.mutate(body, {
      onSuccess: done('Input recorded'),
      onError: (e) => showServerErrors(e, form.setErrors, fields),
    });
  });
  return (
    <Modal opened={opened} onClose={onClose} title={input ? 'Respond to input' : 'Record input'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Select
            label="Partner"
            required
            data={initiative.partners.map((p) => ({ value: p.id, label: p.name }))}
            readOnly={Boolean(input)}
            allowDeselect={false}
            {...form.getInputProps('partnerId')}
          />
          <Textarea
            label="You said"
            description="What they said, as it may be shown to them"
            required
            autosize
            minRows={2}
            data-autofocus={!input || undefined}
            {...form.getInputProps('summary')}
          />
          {!input && (
            <Group grow align="flex-start" wrap="wrap">
              <Select
                label="Given at a touch point"
                placeholder="None"
                clearable
                searchable
                data={sources.touchpoints}
                {...form.getInputProps('touchpointId')}
              />
              <Select
                label="Or in a request"
                placeholder="None"
                clearable
                searchable
                disabled={Boolean(form.values.touchpointId)}
                data={sources.requests}
                {...form.getInputProps('requestId')}
              />
            </Group>
          )}
          {!input && (
            <FeedbackSource
              partnerId={form.values.partnerId}
              enabled={opened}
              value={form.values.feedbackId}
              onChange={(id) => form.setFieldValue('feedbackId', id)}
              disabled={Boolean(form.values.touchpointId || form.values.requestId)}
              error={form.errors.feedbackId as string | undefined}
            />
          )}
          <Textarea label="We did" autosize minRows={2} {...form.getInputProps('response')} />
          <Select
            label="Status"
            data={optionsOf(inputStatuses, inputStatusLabels)}
            allowDeselect={false}
            {...form.getInputProps('status')}
          />
          {form.values.status === 'not_adopted' && (
            <Textarea label="Why not" required autosize {...form.getInputProps('reason')} />
          )}
          <Textarea
            label="Internal note"
            description="For staff only: never published"
            autosize
            {...form.getInputProps('internalNote')}
          />
          <Switch
            label="Publish on the “you said, we did” page and in digests"
            {...form.getInputProps('published', { type: 'checkbox' })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={add.isPending || change.isPending}>
              {input ? 'Save response' : 'Record input'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
