import {
  Alert,
  Anchor,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { loginBody } from '../../../../common/src/contracts/auth.ts';
import { useSession, useSignIn } from '../../api/hooks.ts';
import { checkWith } from '../../components/forms.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';

export function SignInPage() {
  const session = useSession();
  usePageTitle('Sign in');
  const signIn = useSignIn();
  const navigate = useNavigate();
  const location = useLocation();
  const form = useForm({ initialValues: { email: '', password: '' }, validate: checkWith(loginBody) });
  const state = location.state as { from?: string; notice?: string } | null;
  const from = state?.from ?? '/';
  // Signed in (now, or already): back to where the person was sent here from.
  if (session.data) return <Navigate to={from} replace />;
  return (
    <Center mih="100vh" component="main" p="sm">
      <Paper withBorder p={{ base: 'md', xs: 'xl' }} w={400} maw="100%" shadow="sm">
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
            {state?.notice && !signIn.error && (
              <Alert color="#216e39" role="status" title="Done">
                {state.notice}
              </Alert>
            )}
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
            <Anchor component={Link} to="/forgot-password" size="sm">
              Forgot password?
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
