import { Button, Group, Modal, NumberInput, Select, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { createAgreementBody } from '../../../../common/src/contracts/agreements.ts';
import {
  type AgreementKind,
  agreementKindLabels,
  agreementKinds,
} from '../../../../common/src/labels/agreements.ts';
import { optionsOf } from '../../../../common/src/labels/options.ts';
import { type Visibility, visibilities, visibilityLabels } from '../../../../common/src/labels/visibility.ts';
import { type NewAgreement, useCreateAgreement } from '../../api/agreements.ts';
import { usePartnerAffiliations } from '../../api/hooks.ts';
import { blankToNull, checkWith, saved, showServerErrors } from '../forms.ts';
import { TermsFields } from './TermsFields.tsx';

type Values = {
  relationshipId: string;
  kind: AgreementKind;
  title: string;
  universityCommitments: string;
  partnerCommitments: string;
  keyTerms: string;
  startDate: string;
  endDate: string;
  reviewDate: string;
  reviewReminderDays: number | string;
  endReminderDays: number | string;
  partnerContactId: string;
  visibility: Visibility;
};

const toBody = (v: Values): NewAgreement =>
  blankToNull({
    ...v,
    reviewReminderDays: v.reviewReminderDays === '' ? 30 : Number(v.reviewReminderDays),
    endReminderDays: v.endReminderDays === '' ? 60 : Number(v.endReminderDays),
  });

type Props = {
  opened: boolean;
  onClose: () => void;
  partnerId: string;
  relationships: { id: string; unitName: string }[];
};

/** Records a draft agreement on one of the partner's relationships. */
export function AgreementForm({ opened, onClose, partnerId, relationships }: Props) {
  const contacts = usePartnerAffiliations(partnerId);
  const create = useCreateAgreement();
  const form = useForm<Values>({
    validate: checkWith(createAgreementBody, toBody),
    initialValues: {
      relationshipId: relationships[0]?.id ?? '',
      kind: 'service_level_agreement',
      title: '',
      universityCommitments: '',
      partnerCommitments: '',
      keyTerms: '',
      startDate: '',
      endDate: '',
      reviewDate: '',
      reviewReminderDays: 30,
      endReminderDays: 60,
      partnerContactId: '',
      visibility: 'institution',
    },
  });
  const submit = form.onSubmit((v) =>
    create.mutate(toBody(v), {
      onSuccess: () => {
        saved('Agreement recorded as a draft');
        form.reset();
        onClose();
      },
      onError: (e) => showServerErrors(e, form.setErrors),
    }),
  );
  const signatories = [...new Map((contacts.data?.items ?? []).map((a) => [a.contactId, a])).values()];
  return (
    <Modal opened={opened} onClose={onClose} title="Record an agreement" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Select
            label="Relationship"
            required
            data={relationships.map((r) => ({ value: r.id, label: r.unitName }))}
            {...form.getInputProps('relationshipId')}
          />
          <Select
            label="Kind"
            required
            data={optionsOf(agreementKinds, agreementKindLabels)}
            {...form.getInputProps('kind')}
          />
          <TermsFields titleRequired inputProps={(field) => form.getInputProps(field)} />
          <Group grow align="flex-start">
            <NumberInput
              label="Remind me before the review (days)"
              min={0}
              max={365}
              clampBehavior="none"
              {...form.getInputProps('reviewReminderDays')}
            />
            <NumberInput
              label="Remind me before the end (days)"
              min={0}
              max={365}
              clampBehavior="none"
              {...form.getInputProps('endReminderDays')}
            />
            <Select
              label="Signatory for the partner"
              description="They agree to changes on the partner's side"
              clearable
              data={signatories.map((a) => ({ value: a.contactId, label: `${a.contactName} (${a.role})` }))}
              {...form.getInputProps('partnerContactId')}
            />
          </Group>
          <Select
            label="Who may see it"
            data={optionsOf(visibilities, visibilityLabels)}
            {...form.getInputProps('visibility')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Record agreement
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
