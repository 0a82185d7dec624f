import { Button, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { api } from '../../api/client.ts';
import { useUnits, useWrite } from '../../api/hooks.ts';
import type { Unit } from '../../api/types.ts';
import { blankToNull, humanise, saved, showServerErrors } from '../../components/forms.ts';
import { AdminTable } from './AdminTable.tsx';

const kinds = ['faculty', 'school', 'department', 'service', 'office'];

function UnitForm({ close, units }: { close: () => void; units: Unit[] }) {
  const form = useForm({ initialValues: { name: '', code: '', kind: 'department', parentId: '' } });
  const write = useWrite((body: unknown) => api('POST', '/units', body));
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) =>
        write.mutate(blankToNull(v), {
          onSuccess: () => {
            saved('Unit added');
            close();
          },
          onError: (e) => showServerErrors(e, form.setErrors),
        }),
      )}
    >
      <Stack gap="sm">
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <TextInput label="Code" {...form.getInputProps('code')} />
        <Select
          label="Kind"
          data={kinds.map((k) => ({ value: k, label: humanise(k) }))}
          {...form.getInputProps('kind')}
        />
        <Select
          label="Part of"
          clearable
          searchable
          data={units.map((u) => ({ value: u.id, label: u.name }))}
          {...form.getInputProps('parentId')}
        />
        <Button type="submit" loading={write.isPending}>
          Add unit
        </Button>
      </Stack>
    </form>
  );
}

export function UnitsPage() {
  const units = useUnits();
  const byId = new Map((units.data?.items ?? []).map((u) => [u.id, u.name]));
  return (
    <AdminTable
      title="Units"
      query={units}
      rowKey={(u) => u.id}
      addLabel="Add a unit"
      columns={[
        { label: 'Name', render: (u) => u.name },
        { label: 'Code', render: (u) => u.code ?? '—' },
        { label: 'Kind', render: (u) => humanise(u.kind) },
        { label: 'Part of', render: (u) => (u.parentId ? byId.get(u.parentId) : '—') },
      ]}
      form={(close) => <UnitForm close={close} units={units.data?.items ?? []} />}
    />
  );
}
