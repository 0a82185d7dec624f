import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { createPartnerBody, updatePartnerBody } from '../../../common/src/contracts/partners.ts';
import { optionsOf } from '../../../common/src/labels/options.ts';
import { partnerStatuses, partnerStatusLabels } from '../../../common/src/labels/partners.ts';
import { api } from '../api/client.ts';
import { usePartnerTypes, useUnits, useWrite } from '../api/hooks.ts';
import { type SimilarPartners, useSimilarPartners } from '../api/merges.ts';
import type { NewPartner, Partner } from '../api/types.ts';
import { blankToNull, checkWith, saved, showServerErrors } from './forms.ts';

type Values = {
  name: string;
  typeId: string;
  status: Partner['status'];
  isInternal: boolean;
  unitId: string;
  website: string;
  sector: string;
  addressLine: string;
  city: string;
  postcode: string;
  country: string;
  tags: string[];
};
const toBody = (values: Values): NewPartner => blankToNull(values);

/**
 * "Ashdown Building Society already exists — open it?": partners already in Rapport that look like
 * the one being created (the same website, or a similar name). Saving anyway stays possible.
 */
function SimilarPartnersWarning({
  similar,
  onOpen,
}: {
  similar: SimilarPartners['items'];
  onOpen: () => void;
}) {
  if (similar.length === 0) return null;
  return (
    <Alert color="#7a4100" variant="light" title="This partner may already be in Rapport" role="status">
      <Stack gap={6}>
        {similar.map((p) => (
          <Text size="sm" key={p.id}>
            <Anchor component={Link} to={`/partners/${p.id}`} onClick={onOpen} fw={600}>
              {p.name}
            </Anchor>{' '}
            already exists ({p.reason === 'website' ? 'the same website' : 'a similar name'}
            {p.city ? `, ${p.city}` : ''}) — open it?
          </Text>
        ))}
        <Text size="xs">If it is a different organisation, save this one anyway.</Text>
      </Stack>
    </Alert>
  );
}

type Props = { opened: boolean; onClose: () => void; partner?: Partner; onSaved?: (p: Partner) => void };

export function PartnerForm({ opened, onClose, partner, onSaved }: Props) {
  const types = usePartnerTypes();
  const units = useUnits();
  const form = useForm<Values>({
    validate: checkWith(partner ? updatePartnerBody : createPartnerBody, toBody),
    initialValues: {
      name: '',
      typeId: '',
      status: 'active',
      isInternal: false,
      unitId: '',
      website: '',
      sector: '',
      addressLine: '',
      city: '',
      postcode: '',
      country: '',
      tags: [] as string[],
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the dialog opens
  useEffect(() => {
    if (opened && partner) {
      form.setValues({
        name: partner.name,
        typeId: partner.typeId,
        status: partner.status,
        isInternal: partner.isInternal,
        unitId: partner.unitId ?? '',
        website: partner.website ?? '',
        sector: partner.sector ?? '',
        addressLine: partner.addressLine ?? '',
        city: partner.city ?? '',
        postcode: partner.postcode ?? '',
        country: partner.country ?? '',
        tags: partner.tags,
      });
    } else if (opened) form.reset();
  }, [opened, partner]);
  const [typed] = useDebouncedValue({ name: form.values.name, website: form.values.website }, 300);
  const similar = useSimilarPartners(typed.name, typed.website, opened && !partner);
  const write = useWrite('partner', (body: NewPartner) =>
    partner
      ? api<Partner>('PATCH', `/partners/${partner.id}`, body, { version: partner.version })
      : api<Partner>('POST', '/partners', body),
  );
  const submit = form.onSubmit((values) =>
    write.mutate(toBody(values), {
      onSuccess: (p) => {
        saved(`${p.name} saved`);
        onSaved?.(p);
        onClose();
      },
      onError: (e) => showServerErrors(e, form.setErrors),
    }),
  );
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={partner ? `Edit ${partner.name}` : 'New partner'}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <Group grow>
            <Select
              label="Partner type"
              required
              data={(types.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
              {...form.getInputProps('typeId')}
            />
            <Select
              label="Status"
              data={optionsOf(partnerStatuses, partnerStatusLabels)}
              {...form.getInputProps('status')}
            />
          </Group>
          <Switch
            label="Internal (one of the university's own units)"
            {...form.getInputProps('isInternal', { type: 'checkbox' })}
          />
          {form.values.isInternal && (
            <Select
              label="Which unit"
              searchable
              data={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
              {...form.getInputProps('unitId')}
            />
          )}
          <Group grow>
            <TextInput label="Website" placeholder="https://" {...form.getInputProps('website')} />
            <TextInput label="Sector" {...form.getInputProps('sector')} />
          </Group>
          {!partner && <SimilarPartnersWarning similar={similar.data?.items ?? []} onOpen={onClose} />}
          <TextInput label="Address" {...form.getInputProps('addressLine')} />
          <Group grow>
            <TextInput label="Town or city" {...form.getInputProps('city')} />
            <TextInput label="Postcode" {...form.getInputProps('postcode')} />
          </Group>
          <TextInput label="Country" {...form.getInputProps('country')} />
          <TagsInput label="Tags" {...form.getInputProps('tags')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={write.isPending}>
              Save partner
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
