import { Anchor, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useDataProtection } from '../../api/personalData.ts';

/** A data protection page, shown only to administrators and those given the data protection ability. */
export function DataProtectionOnly({ children }: { children: ReactNode }) {
  const access = useDataProtection();
  if (access.isPending) return null;
  if (access.data?.dataProtection) return <>{children}</>;
  return (
    <Stack>
      <Title order={2}>For data protection</Title>
      <Text>
        This page is for administrators and those given the data protection ability, and your account cannot
        use it.{' '}
        <Anchor component={Link} to="/">
          Go to your home page
        </Anchor>
        .
      </Text>
    </Stack>
  );
}
