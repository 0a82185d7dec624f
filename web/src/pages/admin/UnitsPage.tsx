import { Button, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { createUnitBody } from '../../../../common/src/contracts/units.ts';
import { optionsOf } from '../../../../common/src/labels/options.ts';
import { type UnitKind, unitKindLabels, unitKinds } from '../../../../common/src/labels/units.ts';
import { type Visibility, visibilities, visibilityLabels } from '../../../../common/src/labels/visibility.ts';
import { api } from '../../api/client.ts';
import { useUnits, useWrite } from '../../api/hooks.ts';
import type { NewUnit, Unit } from '../../api/types.ts';
import { blankToNull, checkWith, saved, showServerErrors } from '../../components/forms.ts';
import { AdminTable } from './AdminTable.tsx';

type Values = { name: string; code: string; kind: UnitKind; parentId: string; defaultVisibility: Visibility };
const toBody = (v: Values): NewUnit => blankToNull(v);

function UnitForm({ close, units, unit }: { close: () => void; units: Unit[]; unit?: Unit }) {
  const form = useForm<Values>({
    validate: checkWith(createUnitBody, toBody),
    initialValues: {
      name: unit?.name ?? '',
      code: unit?.code ?? '',
      kind: unit?.kind ?? 'department',
      parentId: unit?.parentId ?? '',
      defaultVisibility: unit?.defaultVisibility ?? 'institution',
    },
  });
  const write = useWrite('unit', (body: NewUnit) =>
    unit ? api('PATCH', `/units/${unit.id}`, body, { version: unit.version }) : api('POST', '/units', body),
  );
  const submit = form.onSubmit((v) =>
    write.mutate(toBody(v), {
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
        <Select label="Kind" data={optionsOf(unitKinds, unitKindLabels)} {...form.getInputProps('kind')} />
        <Select
          label="Part of"
          clearable
          searchable
          data={units.filter((u) => u.id !== unit?.id).map((u) => ({ value: u.id, label: u.name }))}
          {...form.getInputProps('parentId')}
        />
        <Select
          label="Who sees what it records"
          description="For touch points typed in or imported without saying"
          allowDeselect={false}
          data={optionsOf(visibilities, visibilityLabels).map((o) =>
            o.value === 'unit' ? { ...o, label: 'This unit only' } : o,
          )}
          {...form.getInputProps('defaultVisibility')}
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
        { label: 'Kind', render: (u) => unitKindLabels[u.kind] },
        { label: 'Part of', render: (u) => (u.parentId ? byId.get(u.parentId) : '—') },
      ]}
      form={(close, unit) => <UnitForm close={close} units={units.data?.items ?? []} unit={unit} />}
    />
  );
}
