import { Button, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { api } from '../../api/client.ts';
import { useUnits, useUsers, useWrite } from '../../api/hooks.ts';
import { blankToNull, humanise, saved, showServerErrors } from '../../components/forms.ts';
import { AdminTable } from './AdminTable.tsx';

const roles = ['administrator', 'senior_manager', 'relationship_manager', 'staff', 'viewer'];

function UserForm({ close }: { close: () => void }) {
  const units = useUnits();
  const form = useForm({ initialValues: { name: '', email: '', role: 'staff', unitId: '', password: '' } });
  const write = useWrite((body: unknown) => api('POST', '/users', body));
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) =>
        write.mutate(blankToNull(v), {
          onSuccess: () => {
            saved('User added');
            close();
          },
          onError: (e) => showServerErrors(e, form.setErrors),
        }),
      )}
    >
      <Stack gap="sm">
        <TextInput label="Full name" required data-autofocus {...form.getInputProps('name')} />
        <TextInput label="E-mail address" required type="email" {...form.getInputProps('email')} />
        <Select
          label="Role"
          data={roles.map((r) => ({ value: r, label: humanise(r) }))}
          {...form.getInputProps('role')}
        />
        <Select
          label="Unit"
          clearable
          searchable
          data={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
          {...form.getInputProps('unitId')}
        />
        <PasswordInput
          label="Initial password"
          description="At least 12 characters"
          {...form.getInputProps('password')}
        />
        <Button type="submit" loading={write.isPending}>
          Add user
        </Button>
      </Stack>
    </form>
  );
}

export function UsersPage() {
  const users = useUsers();
  return (
    <AdminTable
      title="Users"
      query={users}
      rowKey={(u) => u.id}
      addLabel="Add a user"
      columns={[
        { label: 'Name', render: (u) => u.name },
        { label: 'E-mail', render: (u) => u.email },
        { label: 'Role', render: (u) => humanise(u.role) },
        { label: 'Unit', render: (u) => u.unitName ?? '—' },
      ]}
      form={(close) => <UserForm close={close} />}
    />
  );
}
