import { Badge, Button, Group, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { createUserBody, updateUserBody } from '../../../../common/src/contracts/users.ts';
import { optionsOf } from '../../../../common/src/labels/options.ts';
import { type Role, roleLabels, roles } from '../../../../common/src/labels/users.ts';
import { useInviteUser } from '../../api/account.ts';
import type { Page } from '../../api/client.ts';
import { api } from '../../api/client.ts';
import { useSession, useUnits, useWrite } from '../../api/hooks.ts';
import type { NewUser, User, UserChanges } from '../../api/types.ts';
import { blankToNull, checkWith, saved, showServerErrors } from '../../components/forms.ts';
import { AdminTable } from './AdminTable.tsx';

type Values = { name: string; email: string; role: Role; unitId: string; password: string };
/** Without a password the person cannot sign in with one yet: the field is left out, not null. */
const toNew = ({ password, ...v }: Values): NewUser => ({
  ...blankToNull(v),
  ...(password ? { password } : {}),
});
const toChanges = (v: Values): UserChanges => blankToNull({ name: v.name, role: v.role, unitId: v.unitId });

function UserForm({ close, user }: { close: () => void; user?: User }) {
  const units = useUnits();
  const session = useSession();
  const form = useForm<Values>({
    validate: user ? checkWith(updateUserBody, toChanges) : checkWith(createUserBody, toNew),
    initialValues: {
      name: user?.name ?? '',
      email: user?.email ?? '',
      role: user?.role ?? 'staff',
      unitId: user?.unitId ?? '',
      password: '',
    },
  });
  const write = useWrite('user', (v: Values) => {
    if (!user) return api('POST', '/users', toNew(v));
    return api('PATCH', `/users/${user.id}`, toChanges(v), { version: user.version });
  });
  const invite = useInviteUser();
  const activation = useWrite('user', () =>
    api('POST', `/users/${user!.id}/${user!.active ? 'deactivate' : 'reactivate'}`, undefined, {
      version: user!.version,
    }),
  );
  const submit = form.onSubmit((v) =>
    write.mutate(v, {
      onSuccess: () => {
        saved(user ? 'User changed' : 'User added');
        close();
      },
      onError: (e) => showServerErrors(e, form.setErrors),
    }),
  );
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <TextInput label="Full name" required data-autofocus {...form.getInputProps('name')} />
        <TextInput
          label="E-mail address"
          required
          type="email"
          disabled={Boolean(user)}
          {...form.getInputProps('email')}
        />
        <Select label="Role" data={optionsOf(roles, roleLabels)} {...form.getInputProps('role')} />
        <Select
          label="Unit"
          clearable
          searchable
          data={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
          {...form.getInputProps('unitId')}
        />
        {!user && (
          <PasswordInput
            label="Initial password"
            description="At least 12 characters. Leave it empty and they are e-mailed an invitation to choose their own."
            {...form.getInputProps('password')}
          />
        )}
        {user && !user.hasPassword && user.active && (
          <Group gap="xs">
            <Button
              variant="default"
              loading={invite.isPending}
              onClick={() =>
                invite.mutate(user.id, {
                  onSuccess: (answer) => saved(`Invitation e-mailed to ${answer.sentTo}`),
                  onError: (e) => showServerErrors(e, form.setErrors),
                })
              }
            >
              E-mail an invitation
            </Button>
            <Text size="sm" c="dimmed">
              A link to choose a password, valid for a week.
            </Text>
          </Group>
        )}
        <Group justify="space-between">
          {user && user.id !== session.data?.user.id ? (
            <Button
              variant="outline"
              color={user.active ? 'red.9' : 'rapport'}
              loading={activation.isPending}
              onClick={() =>
                activation.mutate(undefined, {
                  onSuccess: () => {
                    saved(
                      user.active ? `${user.name} can no longer sign in` : `${user.name} can sign in again`,
                    );
                    close();
                  },
                  onError: (e) => showServerErrors(e, form.setErrors),
                })
              }
            >
              {user.active ? 'Deactivate' : 'Reactivate'}
            </Button>
          ) : (
            <span />
          )}
          <Button type="submit" loading={write.isPending}>
            {user ? 'Save user' : 'Add user'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function UsersPage() {
  // Administrators see deactivated accounts too, to reactivate them.
  const users = useQuery({
    queryKey: ['users', 'all'],
    queryFn: () => api<Page<User>>('GET', '/users?limit=500'),
  });
  return (
    <AdminTable
      title="Users"
      query={users}
      rowKey={(u) => u.id}
      rowLabel={(u) => u.name}
      addLabel="Add a user"
      columns={[
        { label: 'Name', render: (u) => u.name },
        { label: 'E-mail', render: (u) => u.email },
        { label: 'Role', render: (u) => roleLabels[u.role] },
        { label: 'Unit', render: (u) => u.unitName ?? '—' },
        {
          label: 'Status',
          render: (u) => (
            <Badge color={u.active ? 'success' : 'gray.7'}>{u.active ? 'Active' : 'Deactivated'}</Badge>
          ),
        },
      ]}
      form={(close, user) => <UserForm close={close} user={user} />}
    />
  );
}
