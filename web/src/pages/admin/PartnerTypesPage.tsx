import { Button, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { createPartnerTypeBody } from '../../../../common/src/contracts/partner-types.ts';
import { api } from '../../api/client.ts';
import { usePartnerTypes, useWrite } from '../../api/hooks.ts';
import type { NewPartnerType, PartnerType } from '../../api/types.ts';
import { blankToNull, checkWith, saved, showServerErrors } from '../../components/forms.ts';

type Values = { name: string; description: string };
const toBody = (v: Values): NewPartnerType => blankToNull(v);

import { AdminTable } from './AdminTable.tsx';

function PartnerTypeForm({ close, type }: { close: () => void; type?: PartnerType }) {
  const form = useForm<Values>({
    initialValues: { name: type?.name ?? '', description: type?.description ?? '' },
    validate: checkWith(createPartnerTypeBody, toBody),
  });
  const write = useWrite('partnerType', (body: NewPartnerType) =>
    type
      ? api('PATCH', `/partner-types/${type.id}`, body, { version: type.version })
      : api('POST', '/partner-types', body),
  );
  const submit = form.onSubmit((v) =>
    write.mutate(toBody(v), {
      onSuccess: () => {
        saved(type ? 'Partner type changed' : 'Partner type added');
        close();
      },
      onError: (e) => showServerErrors(e, form.setErrors),
    }),
  );
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <Textarea label="Description" {...form.getInputProps('description')} />
        <Button type="submit" loading={write.isPending}>
          {type ? 'Save partner type' : 'Add partner type'}
        </Button>
      </Stack>
    </form>
  );
}

export function PartnerTypesPage() {
  const types = usePartnerTypes();
  return (
    <AdminTable
      title="Partner types"
      query={types}
      rowKey={(t) => t.id}
      rowLabel={(t) => t.name}
      addLabel="Add a partner type"
      columns={[
        { label: 'Name', render: (t) => t.name },
        { label: 'Description', render: (t) => t.description ?? '—' },
      ]}
      form={(close, type) => <PartnerTypeForm close={close} type={type} />}
    />
  );
}
