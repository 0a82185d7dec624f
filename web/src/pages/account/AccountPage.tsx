import { Card, Stack, Text, Title } from '@mantine/core';
import { useMe } from '../../api/account.ts';
import { QueryState } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { CalendarFeedSection } from './CalendarFeedSection.tsx';
import { NameSection } from './NameSection.tsx';
import { PasswordSection } from './PasswordSection.tsx';
import { PreferencesSection } from './PreferencesSection.tsx';
import { TokensSection } from './TokensSection.tsx';

/** My account: my name, my password, how I am told of things, my API tokens and my calendar feed. */
export function AccountPage() {
  const me = useMe();
  usePageTitle(me.data ? 'My account' : undefined);
  return (
    <QueryState isPending={me.isPending} error={me.error}>
      {me.data && (
        <Stack maw={820}>
          <div>
            <Title order={2}>My account</Title>
            <Text size="sm" c="dimmed">
              {me.data.email}
              {me.data.unitName ? ` · ${me.data.unitName}` : ''}
            </Text>
          </div>
          <Card withBorder component="section" aria-labelledby="name-heading">
            <NameSection me={me.data} />
          </Card>
          <Card withBorder component="section" aria-labelledby="password-heading">
            <PasswordSection hasPassword={me.data.hasPassword} />
          </Card>
          <Card withBorder component="section" aria-labelledby="preferences-heading">
            <PreferencesSection />
          </Card>
          <Card withBorder component="section" aria-labelledby="tokens-heading">
            <TokensSection />
          </Card>
          <Card withBorder component="section" aria-labelledby="calendar-heading">
            <CalendarFeedSection />
          </Card>
        </Stack>
      )}
    </QueryState>
  );
}
