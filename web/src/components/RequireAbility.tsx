import { Anchor, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useSession } from '../api/hooks.ts';

/**
 * Shows an administration page only to someone whose abilities include it; anyone else who
 * follows a link here is told plainly, rather than shown buttons that would fail on save.
 */
export function RequireAbility({ ability, children }: { ability: string; children: ReactNode }) {
  const session = useSession();
  if (session.isPending) return null;
  if (session.data?.abilities[ability]) return <>{children}</>;
  return (
    <Stack>
      <Title order={2}>For administrators</Title>
      <Text>
        This page is for Rapport's administrators, and your account cannot use it.{' '}
        <Anchor component={Link} to="/">
          Go to your home page
        </Anchor>
        .
      </Text>
    </Stack>
  );
}
