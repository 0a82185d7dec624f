import { Anchor, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, type Page, qs } from '../../api/client.ts';
import { SEARCHED_GROUPS } from '../../api/hooks.ts';
import type { Request, SearchResult, User } from '../../api/types.ts';
import { QueryState } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

/** The most hits per kind the search answers (its contract's limit). */
const ALL = 20;

function Section({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Title order={3} size="h4" mb="xs">
        {title} ({count})
      </Title>
      {count === 0 ? (
        <Text size="sm">None found.</Text>
      ) : (
        <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {children}
        </Stack>
      )}
    </Paper>
  );
}

function Hit({ to, title, hint }: { to: string; title: string; hint?: string | null }) {
  return (
    <li>
      <Anchor component={Link} to={to}>
        {title}
      </Anchor>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </li>
  );
}

/** Every kind of record a search finds, more than the command palette's first hits. */
export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [debounced] = useDebouncedValue(q.trim(), 250);
  usePageTitle(q ? `Search: ${q}` : 'Search');
  const ready = debounced.length > 1;
  const found = useQuery({
    queryKey: ['search', 'all', debounced],
    queryFn: () =>
      api<SearchResult>('GET', `/search${qs({ q: debounced, types: SEARCHED_GROUPS, limit: ALL })}`),
    enabled: ready,
  });
  const requests = useQuery({
    queryKey: ['requests', 'search', debounced],
    queryFn: () => api<Page<Request>>('GET', `/requests${qs({ q: debounced, limit: ALL })}`),
    enabled: ready,
  });
  const users = useQuery({
    queryKey: ['users', 'search', debounced],
    queryFn: () => api<Page<User>>('GET', `/users${qs({ q: debounced, active: true, limit: ALL })}`),
    enabled: ready,
  });
  return (
    <Stack>
      <Title order={2}>Search</Title>
      <TextInput
        label="Words to find"
        description="Partners, contacts (close spellings too), touch points, requests (#42 finds a reference) and colleagues"
        leftSection={<IconSearch size={18} aria-hidden />}
        value={q}
        onChange={(e) =>
          setParams(e.currentTarget.value ? { q: e.currentTarget.value } : {}, { replace: true })
        }
        maw={560}
      />
      {!ready ? (
        <Text size="sm">Type at least two letters.</Text>
      ) : (
        <QueryState isPending={found.isPending} error={found.error}>
          {found.data && (
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Section title="Partners" count={found.data.partners.length}>
                {found.data.partners.map((p) => (
                  <Hit key={p.id} to={`/partners/${p.id}`} title={p.title} hint={p.subtitle} />
                ))}
              </Section>
              <Section title="Contacts" count={found.data.contacts.length}>
                {found.data.contacts.map((c) => (
                  <Hit key={c.id} to={`/contacts/${c.id}`} title={c.title} hint={c.subtitle} />
                ))}
              </Section>
              <Section title="Requests" count={requests.data?.items.length ?? 0}>
                {(requests.data?.items ?? []).map((r) => (
                  <Hit
                    key={r.id}
                    to={`/requests/${r.id}`}
                    title={`#${r.reference} ${r.title}`}
                    hint={r.partnerName}
                  />
                ))}
              </Section>
              <Section title="Touch points" count={found.data.touchpoints.length}>
                {found.data.touchpoints.map((t) => (
                  <Hit
                    key={t.id}
                    to={`/partners/${t.partnerId}/timeline`}
                    title={t.title}
                    hint={`${t.subtitle ?? ''} — ${new Date(t.occurredAt).toLocaleDateString('en-GB')}`}
                  />
                ))}
              </Section>
              <Section title="Colleagues" count={users.data?.items.length ?? 0}>
                {(users.data?.items ?? []).map((u) => (
                  <Hit
                    key={u.id}
                    to={`/tasks${qs({ assigneeId: u.id, done: false })}`}
                    title={u.name}
                    hint={u.email}
                  />
                ))}
              </Section>
            </SimpleGrid>
          )}
        </QueryState>
      )}
    </Stack>
  );
}
