import { Button, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { api } from '../../api/client.ts';
import { useUnits, useWrite } from '../../api/hooks.ts';
import type { Unit } from '../../api/types.ts';
import { blankToNull, humanise, saved, showServerErrors } from '../../components/forms.ts';
import { AdminTable } from './AdminTable.tsx';

const kinds = ['faculty', 'school', 'department', 'service', 'office'];

function UnitForm({ close, units, unit }: { close: () => void; units: Unit[]; unit?: Unit }) {
  const form = useForm({
    initialValues: {
      name: unit?.name ?? '',
      code: unit?.code ?? '',
      kind: unit?.kind ?? 'department',
      parentId: unit?.parentId ?? '',
    },
  });
  const write = useWrite((body: unknown) =>
    unit ? api('PATCH', `/units/${unit.id}`, body, { version: unit.version }) : api('POST', '/units', body),
  );
  const submit = form.onSubmit((v) =>
    write.mutate(blankToNull(v), {
      onSuccess: () => {
        saved(unit ? 'Unit changed' : 'Unit added');
        close();
      },
      onError: (e) => showServerErrors(e, form.setErrors),
    }),
  );
  return (
    <form noValidate onSubmit={submit}>
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
          data={units.filter((u) => u.id !== unit?.id).map((u) => ({ value: u.id, label: u.name }))}
          {...form.getInputProps('parentId')}
        />
        <Button type="submit" loading={write.isPending}>
          {unit ? 'Save unit' : 'Add unit'}
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
      rowLabel={(u) => u.name}
      addLabel="Add a unit"
      columns={[
        { label: 'Name', render: (u) => u.name },
        { label: 'Code', render: (u) => u.code ?? '—' },
        { label: 'Kind', render: (u) => humanise(u.kind) },
        { label: 'Part of', render: (u) => (u.parentId ? byId.get(u.parentId) : '—') },
      ]}
      form={(close, unit) => <UnitForm close={close} units={units.data?.items ?? []} unit={unit} />}
    />
  );
}
