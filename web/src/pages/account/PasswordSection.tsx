import { Button, Checkbox, PasswordInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { z } from 'zod';
import { password } from '../../../../common/src/contracts/users.ts';
import { useChangePassword } from '../../api/account.ts';
import { checkWith, saved, showServerErrors } from '../../components/forms.ts';

const change = z
  .object({
    currentPassword: z.string().min(1).max(1000),
    newPassword: password,
    repeat: z.string(),
    revokeTokens: z.boolean(),
  })
  .refine((v) => v.newPassword === v.repeat, { path: ['repeat'], message: 'is not the same password' });

export function PasswordSection({ hasPassword }: { hasPassword: boolean }) {
  const changePassword = useChangePassword();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', repeat: '', revokeTokens: true },
    validate: checkWith(change),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(({ repeat: _repeat, ...body }) =>
        changePassword.mutate(body, {
          onSuccess: () => {
            form.reset();
            saved('Your password is changed; your other sessions have ended');
          },
          onError: (error) => showServerErrors(error, form.setErrors, ['currentPassword', 'newPassword']),
        }),
      )}
    >
      <Title order={3} id="password-heading" size="h4" mb="xs">
        Password
      </Title>
      {hasPassword ? (
        <Stack gap="sm">
          <Text size="sm">Changing it signs you out everywhere else.</Text>
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            maw={360}
            {...form.getInputProps('currentPassword')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <PasswordInput
              label="New password"
              description="At least 12 characters; three or four unrelated words are strong"
              autoComplete="new-password"
              required
              {...form.getInputProps('newPassword')}
            />
            <PasswordInput
              label="The same password again"
              autoComplete="new-password"
              required
              {...form.getInputProps('repeat')}
            />
          </SimpleGrid>
          <Checkbox
            label="Also revoke all my API tokens"
            {...form.getInputProps('revokeTokens', { type: 'checkbox' })}
          />
          <div>
            <Button type="submit" loading={changePassword.isPending}>
              Change password
            </Button>
          </div>
        </Stack>
      ) : (
        <Text size="sm">
          You sign in through the university's single sign-on, so you have no Rapport password.
        </Text>
      )}
    </form>
  );
}
