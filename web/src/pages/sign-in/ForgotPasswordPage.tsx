import { Alert, Anchor, Button, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link } from 'react-router';
import { forgotPasswordBody } from '../../../../common/src/contracts/accounts.ts';
import { useForgotPassword } from '../../api/account.ts';
import { checkWith, showServerErrors } from '../../components/forms.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { SignedOutFrame } from './SignedOutFrame.tsx';

/** "Forgot password?": asks for a link by e-mail; the answer never tells whether the address has an account. */
export function ForgotPasswordPage() {
  usePageTitle('Forgot password');
  const ask = useForgotPassword();
  const form = useForm({ initialValues: { email: '' }, validate: checkWith(forgotPasswordBody) });
  return (
    <SignedOutFrame>
      <Title order={1} size="h2">
        Forgot your password?
      </Title>
      {ask.isSuccess ? (
        <Alert color="success" role="status" title="Check your e-mail">
          {ask.data.message}
        </Alert>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) =>
            ask.mutate(values.email, {
              onError: (error) => showServerErrors(error, form.setErrors, ['email']),
            }),
          )}
        >
          <Text size="sm" mb="sm">
            Type the e-mail address you sign in with, and we will send you a link to choose a new password.
          </Text>
          <TextInput
            label="E-mail address"
            type="email"
            autoComplete="username"
            required
            mb="md"
            {...form.getInputProps('email')}
          />
          <Button type="submit" loading={ask.isPending} fullWidth>
            Send me a link
          </Button>
        </form>
      )}
      <Anchor component={Link} to="/sign-in" size="sm">
        Back to sign in
      </Anchor>
    </SignedOutFrame>
  );
}
