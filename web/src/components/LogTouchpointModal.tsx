import { Button, Group, Modal, MultiSelect, Select, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { createTouchpointBody, updateTouchpointBody } from '../../../common/src/contracts/touchpoints.ts';
import { optionsOf } from '../../../common/src/labels/options.ts';
import {
  sentimentLabels,
  sentiments,
  type TouchpointKind,
  touchpointKindLabels,
  touchpointKinds,
} from '../../../common/src/labels/touchpoints.ts';
import { type Visibility, visibilities, visibilityLabels } from '../../../common/src/labels/visibility.ts';
import { api } from '../api/client.ts';
import { isSessionEnded, keepDraft } from '../api/drafts.ts';
import {
  useAffiliationsOf,
  usePartnerAffiliations,
  usePartnerRelationships,
  useSession,
  useUnits,
  useWrite,
} from '../api/hooks.ts';
import type { NewTouchpoint, Touchpoint, TouchpointChanges } from '../api/types.ts';
import { blankToNull, checkWith, saved, showServerErrors } from './forms.ts';
import { OpenConcerns } from './OpenConcerns.tsx';
import { PartnerPicker, PartnersPicker } from './PartnerPicker.tsx';
import { PeoplePicker } from './PersonPicker.tsx';

type Values = {
  kind: TouchpointKind;
  subject: string;
  occurredAt: string;
  notes: string;
  sentiment: string;
  isFormal: boolean;
  visibility: Visibility;
  partnerIds: string[];
  relationshipId: string;
  staffIds: string[];
  contactIds: string[];
  readerIds: string[];
  followUp: string;
  followUpDue: string;
};

/** The fields both a new touch point and a correction send; an unreadable date is sent as typed, for the contract to refuse. */
function common(v: Values) {
  const when = new Date(v.occurredAt);
  return {
    kind: v.kind,
    subject: v.subject,
    notes: v.notes === '' ? null : v.notes,
    occurredAt: Number.isNaN(when.getTime()) ? v.occurredAt : when.toISOString(),
    sentiment: v.sentiment === '' ? null : Number(v.sentiment),
    isFormal: v.isFormal,
    visibility: v.visibility,
    partnerIds: v.partnerIds,
    relationshipId: v.relationshipId === '' ? null : v.relationshipId,
    contactIds: v.contactIds,
    readerIds: v.readerIds,
  };
}

function toBody(v: Values, partnerId: string | null): NewTouchpoint {
  const body: NewTouchpoint = blankToNull({ partnerId: partnerId ?? '', ...common(v), staffIds: v.staffIds });
  if (v.followUp) body.followUp = { title: v.followUp, dueOn: v.followUpDue || null };
  return body;
}

/** A correction keeps the author among the staff who took part. */
const toChanges = (v: Values, authorId: string): TouchpointChanges => ({
  ...common(v),
  staffIds: [...new Set([authorId, ...v.staffIds])],
});

const sentimentOptions = sentiments.map((s) => ({ value: String(s), label: sentimentLabels[s] }));

type Props = {
  opened: boolean;
  onClose: () => void;
  partnerId?: string;
  contactId?: string;
  /** The touch point to correct; without it the dialog logs a new one. */
  touchpoint?: Touchpoint;
};

/** The local time a datetime-local input shows, for an instant (now by default). */
function localTime(iso?: string) {
  const d = iso ? new Date(iso) : new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

const blank = (): Values => ({
  kind: 'meeting',
  subject: '',
  occurredAt: localTime(),
  notes: '',
  sentiment: '',
  isFormal: false,
  visibility: 'institution',
  partnerIds: [],
  relationshipId: '',
  staffIds: [],
  contactIds: [],
  readerIds: [],
  followUp: '',
  followUpDue: '',
});

const valuesOf = (t: Touchpoint): Values => ({
  ...blank(),
  kind: t.kind,
  subject: t.subject,
  occurredAt: localTime(t.occurredAt),
  notes: t.notes ?? '',
  sentiment: t.sentiment === null ? '' : String(t.sentiment),
  isFormal: t.isFormal,
  visibility: t.visibility,
  partnerIds: t.partners.slice(1).map((p) => p.id),
  relationshipId: t.relationshipId ?? '',
  staffIds: t.staff.filter((s) => s.id !== t.authorId).map((s) => s.id),
  contactIds: t.contacts.map((c) => c.id),
  readerIds: t.readers.filter((r) => r.id !== t.authorId).map((r) => r.id),
});

/**
 * Logging a touch point takes seconds: now, my unit, its relationship with the partner and the
 * partner's key contact are filled in. The same dialog corrects one (`touchpoint`).
 */
export function LogTouchpointModal({ opened, onClose, partnerId, contactId, touchpoint }: Props) {
  const session = useSession();
  const editing = Boolean(touchpoint);
  const [partner, setPartner] = useState<string | null>(touchpoint?.partnerId ?? partnerId ?? null);
  const affiliations = usePartnerAffiliations(partner ?? '');
  const form = useForm<Values>({
    validate: (v) =>
      editing
        ? checkWith(updateTouchpointBody, (values: Values) => toChanges(values, touchpoint!.authorId))(v)
        : checkWith(createTouchpointBody, (values: Values) => toBody(values, partner), {
            'followUp.title': 'followUp',
            'followUp.dueOn': 'followUpDue',
          })(v),
    initialValues: blank(),
  });
  const others = useAffiliationsOf(form.values.partnerIds);
  const relationships = usePartnerRelationships(partner ?? '');
  const unitId = touchpoint?.unitId ?? session.data?.user.unitId ?? null;
  const units = useUnits();
  const unitDefault: Visibility =
    units.data?.items.find((u) => u.id === unitId)?.defaultVisibility ?? 'institution';
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the dialog opens
  useEffect(() => {
    if (!opened) return;
    setPartner(touchpoint?.partnerId ?? partnerId ?? null);
    form.setValues(touchpoint ? valuesOf(touchpoint) : { ...blank(), visibility: unitDefault });
  }, [opened]);
  // A new one starts at the recording unit's default visibility, once the units arrive.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the default becomes known
  useEffect(() => {
    if (opened && !editing && !form.isTouched('visibility')) form.setFieldValue('visibility', unitDefault);
  }, [opened, unitDefault]);
  // The contact the dialog was opened from, or else the partner's key contact.
  const keyContactId = contactId ?? affiliations.data?.items.find((a) => a.isKeyContact)?.contactId;
  // biome-ignore lint/correctness/useExhaustiveDependencies: default the participants when the dialog opens or the partner changes
  useEffect(() => {
    if (opened && !editing) form.setFieldValue('contactIds', keyContactId ? [keyContactId] : []);
  }, [opened, keyContactId]);
  // The recording unit's relationship with the partner, as the server would choose it.
  const ownRelationship = relationships.data?.items.find((r) => r.unitId === unitId)?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: default the relationship when the partner's relationships arrive
  useEffect(() => {
    if (opened && !editing) form.setFieldValue('relationshipId', ownRelationship ?? '');
  }, [opened, ownRelationship]);
  const write = useWrite('touchpoint', (v: Values) =>
    touchpoint
      ? api('PATCH', `/touchpoints/${touchpoint.id}`, toChanges(v, touchpoint.authorId), {
          version: touchpoint.version,
        })
      : api('POST', '/touchpoints', toBody(v, partner)),
  );

  const client = useQueryClient();
  const submit = form.onSubmit((v) => {
    write.mutate(v, {
      onSuccess: () => {
        saved(editing ? 'Touch point corrected' : 'Touch point logged');
        form.reset();
        onClose();
      },
      onError: (e) => {
        // A correction is not kept as a draft: it is made again at the version then current.
        if (editing || !isSessionEnded(e) || !session.data) return showServerErrors(e, form.setErrors);
        keepDraft(client, {
          userId: session.data.user.id,
          what: `touch point “${v.subject}”`,
          path: '/touchpoints',
          body: toBody(v, partner),
        });
        form.reset();
        onClose();
      },
    });
  });

  // Contacts of the partner first, then of the other partners, each with where they work.
  const contactOptions = [
    ...(affiliations.data?.items ?? []).map((a) => ({
      value: a.contactId,
      label: `${a.contactName} (${a.role})`,
    })),
    ...others.map((a) => ({ value: a.contactId, label: `${a.contactName} (${a.role}, ${a.partnerName})` })),
  ].filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i);
  for (const c of touchpoint?.contacts ?? [])
    if (!contactOptions.some((o) => o.value === c.id)) contactOptions.push({ value: c.id, label: c.name });

  const unitName = touchpoint ? touchpoint.unitName : session.data?.user.unitId ? 'your unit' : 'no unit';
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editing ? 'Correct the touch point' : 'Log a touch point'}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <PartnerPicker
            value={partner}
            onChange={setPartner}
            active={opened}
            fixed={Boolean(partnerId) || editing}
            error={form.errors.partnerId}
          />
          {!editing && <OpenConcerns partnerId={partner} />}
          <PartnersPicker
            label="Other partners it concerns"
            description="A joint meeting shows on each partner's timeline"
            active={opened}
            exclude={partner}
            value={form.values.partnerIds}
            onChange={(ids) => form.setFieldValue('partnerIds', ids)}
            error={form.errors.partnerIds}
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
            {...(partnerId || editing ? { 'data-autofocus': true } : {})}
            {...form.getInputProps('subject')}
          />
          <Textarea
            label="Notes"
            description="Markdown is fine"
            autosize
            minRows={2}
            {...form.getInputProps('notes')}
          />
          <PeoplePicker
            label="Colleagues who took part"
            description={editing ? undefined : 'You are always one'}
            active={opened}
            {...form.getInputProps('staffIds')}
          />
          <MultiSelect
            label="Contacts who took part"
            description="From the partner and any other partner it concerns"
            data={contactOptions}
            searchable
            {...form.getInputProps('contactIds')}
          />
          <Select
            label="Relationship"
            description={`Recorded for ${unitName}`}
            placeholder="None"
            clearable
            data={(relationships.data?.items ?? []).map((r) => ({
              value: r.id,
              label: `${r.unitName} with ${r.partnerName}`,
            }))}
            value={form.values.relationshipId || null}
            onChange={(v) => form.setFieldValue('relationshipId', v ?? '')}
            error={form.errors.relationshipId}
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
              data={optionsOf(visibilities, visibilityLabels)}
              {...form.getInputProps('visibility')}
            />
          </Group>
          {form.values.visibility === 'confidential' && (
            <PeoplePicker
              label="Named readers (the author is always one)"
              active={opened}
              {...form.getInputProps('readerIds')}
            />
          )}
          <Switch label="Formal meeting" {...form.getInputProps('isFormal', { type: 'checkbox' })} />
          {!editing && (
            <Group grow>
              <TextInput label="Follow-up task (optional)" {...form.getInputProps('followUp')} />
              <TextInput label="Follow-up due" type="date" {...form.getInputProps('followUpDue')} />
            </Group>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={write.isPending}>
              {editing ? 'Save correction' : 'Log touch point'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
