import { Button, Group, Modal, MultiSelect, Select, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { optionsOf } from '../../../common/src/contracts/shared.ts';
import {
  createTouchpointBody,
  sentimentLabels,
  sentiments,
  type TouchpointKind,
  touchpointKindLabels,
  touchpointKinds,
} from '../../../common/src/contracts/touchpoints.ts';
import { type Visibility, visibilities, visibilityLabels } from '../../../common/src/contracts/visibility.ts';
import { api } from '../api/client.ts';
import { isSessionEnded, keepDraft } from '../api/drafts.ts';
import { usePartnerAffiliations, useSession, useWrite } from '../api/hooks.ts';
import type { NewTouchpoint } from '../api/types.ts';
import { blankToNull, checkWith, saved, showServerErrors } from './forms.ts';
import { PartnerPicker } from './PartnerPicker.tsx';
import { PeoplePicker } from './PersonPicker.tsx';

type Values = {
  kind: TouchpointKind;
  subject: string;
  occurredAt: string;
  notes: string;
  sentiment: string;
  isFormal: boolean;
  visibility: Visibility;
  contactIds: string[];
  readerIds: string[];
  followUp: string;
  followUpDue: string;
};

/** The form's values as the request body; an unreadable date is sent as typed, for the contract to refuse. */
function toBody(v: Values, partnerId: string | null): NewTouchpoint {
  const when = new Date(v.occurredAt);
  const body: NewTouchpoint = blankToNull({
    partnerId: partnerId ?? '',
    kind: v.kind,
    subject: v.subject,
    notes: v.notes,
    occurredAt: Number.isNaN(when.getTime()) ? v.occurredAt : when.toISOString(),
    sentiment: v.sentiment === '' ? null : Number(v.sentiment),
    isFormal: v.isFormal,
    visibility: v.visibility,
    contactIds: v.contactIds,
    readerIds: v.readerIds,
  });
  if (v.followUp) body.followUp = { title: v.followUp, dueOn: v.followUpDue || null };
  return body;
}
const sentimentOptions = sentiments.map((s) => ({ value: String(s), label: sentimentLabels[s] }));

type Props = { opened: boolean; onClose: () => void; partnerId?: string; contactId?: string };

function localNow() {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

/** Logging a touch point takes seconds: now, my unit and the partner's key contact are filled in. */
export function LogTouchpointModal({ opened, onClose, partnerId, contactId }: Props) {
  const session = useSession();
  const [partner, setPartner] = useState<string | null>(partnerId ?? null);
  const affiliations = usePartnerAffiliations(partner ?? '');
  const form = useForm<Values>({
    validate: (v) =>
      checkWith(createTouchpointBody, (values: Values) => toBody(values, partner), {
        'followUp.title': 'followUp',
        'followUp.dueOn': 'followUpDue',
      })(v),
    initialValues: {
      kind: 'meeting',
      subject: '',
      occurredAt: localNow(),
      notes: '',
      sentiment: '',
      isFormal: false,
      visibility: 'institution',
      contactIds: [] as string[],
      readerIds: [] as string[],
      followUp: '',
      followUpDue: '',
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the dialog opens
  useEffect(() => {
    if (opened) {
      setPartner(partnerId ?? null);
      form.setValues({ occurredAt: localNow() });
    }
  }, [opened]);
  // The contact the dialog was opened from, or else the partner's key contact.
  const keyContactId = contactId ?? affiliations.data?.items.find((a) => a.isKeyContact)?.contactId;
  // biome-ignore lint/correctness/useExhaustiveDependencies: default the participants when the dialog opens or the partner changes
  useEffect(() => {
    if (opened) form.setFieldValue('contactIds', keyContactId ? [keyContactId] : []);
  }, [opened, keyContactId]);
  const write = useWrite('touchpoint', (body: NewTouchpoint) => api('POST', '/touchpoints', body));

  const client = useQueryClient();
  const submit = form.onSubmit((v) => {
    const body = toBody(v, partner);
    write.mutate(body, {
      onSuccess: () => {
        saved('Touch point logged');
        form.reset();
        onClose();
      },
      onError: (e) => {
        if (!isSessionEnded(e) || !session.data) return showServerErrors(e, form.setErrors);
        keepDraft(client, {
          userId: session.data.user.id,
          what: `touch point “${v.subject}”`,
          path: '/touchpoints',
          body,
        });
        form.reset();
        onClose();
      },
    });
  });

  const unitName = session.data?.user.unitId ? 'your unit' : 'no unit';
  return (
    <Modal opened={opened} onClose={onClose} title="Log a touch point" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <PartnerPicker
            value={partner}
            onChange={setPartner}
            active={opened}
            fixed={Boolean(partnerId)}
            error={form.errors.partnerId}
          />
          <Group grow>
            <Select
              label="Kind"
              required
              data={optionsOf(touchpointKinds, touchpointKindLabels)}
              {...form.getInputProps('kind')}
            />
            <TextInput label="When" type="datetime-local" required {...form.getInputProps('occurredAt')} />
          </Group>
          <TextInput
            label="Subject"
            required
            {...(partnerId ? { 'data-autofocus': true } : {})}
            {...form.getInputProps('subject')}
          />
          <Textarea
            label="Notes"
            description="Markdown is fine"
            autosize
            minRows={2}
            {...form.getInputProps('notes')}
          />
          <MultiSelect
            label="Contacts who took part"
            data={(affiliations.data?.items ?? []).map((a) => ({
              value: a.contactId,
              label: `${a.contactName} (${a.role})`,
            }))}
            searchable
            {...form.getInputProps('contactIds')}
          />
          <Group grow>
            <Select
              label="Sentiment"
              clearable
              data={sentimentOptions}
              {...form.getInputProps('sentiment')}
            />
            <Select
              label="Who can see it"
              description={`Recorded for ${unitName}`}
              data={optionsOf(visibilities, visibilityLabels)}
              {...form.getInputProps('visibility')}
            />
          </Group>
          {form.values.visibility === 'confidential' && (
            <PeoplePicker
              label="Named readers (you are always one)"
              active={opened}
              {...form.getInputProps('readerIds')}
            />
          )}
          <Switch label="Formal meeting" {...form.getInputProps('isFormal', { type: 'checkbox' })} />
          <Group grow>
            <TextInput label="Follow-up task (optional)" {...form.getInputProps('followUp')} />
            <TextInput label="Follow-up due" type="date" {...form.getInputProps('followUpDue')} />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={write.isPending}>
              Log touch point
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
