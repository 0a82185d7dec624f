import {
  Alert,
  Anchor,
  Button,
  Center,
  Divider,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { loginBody } from '../../../../common/src/contracts/auth.ts';
import { type SignOnError, signOnErrors } from '../../../../common/src/contracts/sign-on.ts';
import { useSession, useSignIn } from '../../api/hooks.ts';
import { signOnStartUrl, useSignInOptions } from '../../api/signOn.ts';
import { BrandBanner } from '../../components/Brand.tsx';
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
  const options = useSignInOptions();
  const [search] = useSearchParams();
  const failure = search.get('sign-on-error');
  const signOnError = failure && failure in signOnErrors ? signOnErrors[failure as SignOnError] : null;
  const providers = options.data?.providers ?? [];
  // With passwords switched off, the form is there for the break-glass administrator only, on asking.
  const passwordsOff = options.data?.passwords === 'break_glass_only' && providers.length > 0;
  const [showPasswordForm, setShowPasswordForm] = useState(false);
  const passwordForm = !passwordsOff || showPasswordForm;
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
            <BrandBanner />
            <Title order={1} size="h2">
              Sign in to Rapport
            </Title>
            <Text size="sm" c="dimmed">
              The university's shared record of its relationships.
            </Text>
            {state?.notice && !signIn.error && (
              <Alert color="success" role="status" title="Done">
                {state.notice}
              </Alert>
            )}
            {signOnError && !signIn.error && (
              <Alert color="red" role="alert" title="Could not sign in">
                {signOnError}
              </Alert>
            )}
            {signIn.error && (
              <Alert color="red" role="alert" title="Could not sign in">
                {signIn.error.message}
              </Alert>
            )}
            {providers.map((p) => (
              <Button key={p.key} component="a" href={signOnStartUrl(p.key, from)} variant="filled">
                Sign in with {p.name}
              </Button>
            ))}
            {providers.length > 0 && passwordForm && (
              <Divider label="or with a password" labelPosition="center" />
            )}
            {passwordForm ? (
              <>
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
                <Button
                  type="submit"
                  loading={signIn.isPending}
                  variant={providers.length ? 'default' : 'filled'}
                >
                  Sign in
                </Button>
                {!passwordsOff && (
                  <Anchor component={Link} to="/forgot-password" size="sm">
                    Forgot password?
                  </Anchor>
                )}
              </>
            ) : (
              <Anchor component="button" type="button" size="sm" onClick={() => setShowPasswordForm(true)}>
                Emergency sign-in with a password (break-glass administrator)
              </Anchor>
            )}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
