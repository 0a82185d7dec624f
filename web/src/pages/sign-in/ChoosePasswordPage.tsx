import { Alert, Anchor, Button, PasswordInput, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useLayoutEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { password } from '../../../../common/src/contracts/users.ts';
import { useChoosePassword } from '../../api/account.ts';
import { ApiError } from '../../api/client.ts';
import { checkWith, showServerErrors } from '../../components/forms.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { SignedOutFrame } from './SignedOutFrame.tsx';

const words = {
  invitation: {
    title: 'Welcome to Rapport',
    intro: 'Choose the password you will sign in with.',
    done: 'Your password is set. Sign in with your e-mail address and the new password.',
  },
  reset: {
    title: 'Choose a new password',
    intro: 'Your old password stops working, and you are signed out everywhere.',
    done: 'Your new password is set. Sign in with it.',
  },
} as const;

const choice = z
  .object({ newPassword: password, repeat: z.string() })
  .refine((v) => v.newPassword === v.repeat, { path: ['repeat'], message: 'is not the same password' });

/** The link's token: in the address (#token=…) on arrival, then kept in this history entry's state. */
const readLinkToken = (): string =>
  new URLSearchParams(window.location.hash.slice(1)).get('token') ??
  (window.history.state as { linkToken?: string } | null)?.linkToken ??
  '';

/**
 * The token of the e-mailed link, taken off the address once the page is on screen. It moves into
 * the history entry's state rather than being dropped, so a render React throws away, or the page
 * mounting again, still finds it (taking it off during render lost it, and the form, under load).
 */
function useLinkToken() {
  const [token] = useState(readLinkToken);
  useLayoutEffect(() => {
    if (!token || !window.location.hash) return;
    window.history.replaceState({ ...window.history.state, linkToken: token }, '', window.location.pathname);
  }, [token]);
  return token;
}

/** Where an invitation or a reset link lands: choose a password, once. */
export function ChoosePasswordPage({ purpose }: { purpose: 'invitation' | 'reset' }) {
  const w = words[purpose];
  usePageTitle(w.title);
  const token = useLinkToken();
  const choose = useChoosePassword(purpose);
  const navigate = useNavigate();
  const form = useForm({ initialValues: { newPassword: '', repeat: '' }, validate: checkWith(choice) });
  const linkProblem =
    choose.error instanceof ApiError ? choose.error.errors.find((e) => e.field === 'token') : undefined;
  return (
    <SignedOutFrame>
      <Title order={1} size="h2">
        {w.title}
      </Title>
      {!token || linkProblem ? (
        <Alert color="red" role="alert" title="This link does not work">
          {linkProblem
            ? `Sorry: ${linkProblem.message}.`
            : 'The link has no token: open it from the e-mail again.'}{' '}
          <Anchor component={Link} to="/forgot-password">
            Ask for a new link
          </Anchor>
        </Alert>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) =>
            choose.mutate(
              { token, newPassword: values.newPassword },
              {
                onSuccess: () => navigate('/sign-in', { replace: true, state: { notice: w.done } }),
                onError: (error) => {
                  if (!(error instanceof ApiError && error.errors.some((e) => e.field === 'token')))
                    showServerErrors(error, form.setErrors, ['newPassword']);
                },
              },
            ),
          )}
        >
          <Text size="sm" mb="sm">
            {w.intro} Three or four unrelated words make a strong one; at least 12 characters.
          </Text>
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            required
            mb="sm"
            {...form.getInputProps('newPassword')}
          />
          <PasswordInput
            label="The same password again"
            autoComplete="new-password"
            required
            mb="md"
            {...form.getInputProps('repeat')}
          />
          <Button type="submit" loading={choose.isPending} fullWidth>
            Set my password
          </Button>
        </form>
      )}
    </SignedOutFrame>
  );
}

/** /reset-password: from a "Forgot password?" e-mail. */
export const ResetPasswordPage = () => <ChoosePasswordPage purpose="reset" />;
/** /welcome: from an invitation e-mail. */
export const WelcomePage = () => <ChoosePasswordPage purpose="invitation" />;
