import { Button, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { api } from '../../api/client.ts';
import { usePartnerTypes, useWrite } from '../../api/hooks.ts';
import { blankToNull, saved, showServerErrors } from '../../components/forms.ts';
import { AdminTable } from './AdminTable.tsx';

function PartnerTypeForm({ close }: { close: () => void }) {
  const form = useForm({ initialValues: { name: '', description: '' } });
  const write = useWrite((body: unknown) => api('POST', '/partner-types', body));
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) =>
        write.mutate(blankToNull(v), {
          onSuccess: () => {
            saved('Partner type added');
            close();
          },
          onError: (e) => showServerErrors(e, form.setErrors),
        }),
      )}
    >
      <Stack gap="sm">
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <Textarea label="Description" {...form.getInputProps('description')} />
        <Button type="submit" loading={write.isPending}>
          Add partner type
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
      addLabel="Add a partner type"
      columns={[
        { label: 'Name', render: (t) => t.name },
        { label: 'Description', render: (t) => t.description ?? '—' },
      ]}
      form={(close) => <PartnerTypeForm close={close} />}
    />
  );
}
