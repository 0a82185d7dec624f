import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { loginBody } from '../../../../common/src/contracts/auth.ts';
import { useSession, useSignIn } from '../../api/hooks.ts';
import { checkWith } from '../../components/forms.ts';

export function SignInPage() {
  const session = useSession();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const location = useLocation();
  const form = useForm({ initialValues: { email: '', password: '' }, validate: checkWith(loginBody) });
  if (session.data) return <Navigate to="/" replace />;
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  return (
    <Center mih="100vh" component="main">
      <Paper withBorder p="xl" w={380} shadow="sm">
        <form
          noValidate
          onSubmit={form.onSubmit((values) =>
            signIn.mutate(values, { onSuccess: () => navigate(from, { replace: true }) }),
          )}
        >
          <Stack>
            <Title order={1} size="h2">
              Sign in to Rapport
            </Title>
            <Text size="sm" c="dimmed">
              The university's shared record of its relationships.
            </Text>
            {signIn.error && (
              <Alert color="red" role="alert" title="Could not sign in">
                {signIn.error.message}
              </Alert>
            )}
            <TextInput
              label="E-mail address"
              type="email"
              autoComplete="username"
              required
              {...form.getInputProps('email')}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              {...form.getInputProps('password')}
            />
            <Button type="submit" loading={signIn.isPending}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
