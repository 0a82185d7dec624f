import { Anchor, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  type ActOnBriefingItem,
  actOnBriefingItemBody,
  type BriefingItem,
} from '../../../../common/src/contracts/briefings.ts';
import { useActOnBriefingItem } from '../../api/briefings.ts';
import { checkWith, formatDateTime, saved, showServerErrors } from '../../components/forms.ts';

const linkOf = (line: BriefingItem) =>
  line.requestId ? `/requests/${line.requestId}` : `/partners/${line.partner.id}`;

/** One line of a briefing: what it names, and what the reader did about it (or a form to say so). */
export function BriefingLine({ briefingId, line }: { briefingId: string; line: BriefingItem }) {
  const [open, setOpen] = useState(false);
  const act = useActOnBriefingItem(briefingId);
  const form = useForm<ActOnBriefingItem>({
    initialValues: { note: '' },
    validate: checkWith(actOnBriefingItemBody),
  });
  const noteId = `acted-${line.id}`;
  const submit = form.onSubmit((values) =>
    act.mutate(
      { itemId: line.id, body: values },
      {
        onSuccess: () => {
          saved('Recorded what was done');
          setOpen(false);
        },
        onError: (error) => showServerErrors(error, form.setErrors, ['note']),
      },
    ),
  );
  return (
    <Stack gap={4} component="li" py="xs">
      <Anchor component={Link} to={linkOf(line)} fw={600}>
        {line.title}
      </Anchor>
      <Text size="sm">
        {line.partner.name}
        {line.detail ? ` · ${line.detail}` : ''}
      </Text>
      {line.actedAt ? (
        <Text size="sm" c="teal.9">
          Acted on {formatDateTime(line.actedAt)}: {line.actedNote}
        </Text>
      ) : open ? (
        <form onSubmit={submit} noValidate aria-label={`What was done about ${line.title}`}>
          <Stack gap="xs">
            <Textarea
              id={noteId}
              label="What was done"
              placeholder="e.g. Called the Head of School"
              autosize
              minRows={2}
              {...form.getInputProps('note')}
            />
            <Group gap="xs">
              <Button type="submit" size="xs" loading={act.isPending}>
                Save
              </Button>
              <Button variant="default" size="xs" onClick={() => setOpen(false)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Group>
          <Button
            variant="light"
            size="xs"
            onClick={() => setOpen(true)}
            aria-label={`Record what was done: ${line.title}`}
          >
            Record what was done
          </Button>
        </Group>
      )}
    </Stack>
  );
}
