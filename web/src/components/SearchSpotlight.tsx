import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight, type SpotlightActionGroupData } from '@mantine/spotlight';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useSearch } from '../api/hooks.ts';

/** Global search as a command menu (Ctrl/Cmd-K) over partners, contacts and touch points. */
export function SearchSpotlight() {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 200);
  const navigate = useNavigate();
  const result = useSearch(debounced);
  const groups: SpotlightActionGroupData[] = [];
  if (result.data) {
    const { partners, contacts, touchpoints } = result.data;
    if (partners.length) {
      groups.push({
        group: 'Partners',
        actions: partners.map((p) => ({
          id: `p-${p.id}`,
          label: p.title,
          description: p.subtitle ?? '',
          onClick: () => navigate(`/partners/${p.id}`),
        })),
      });
    }
    if (contacts.length) {
      groups.push({
        group: 'Contacts',
        actions: contacts.map((c) => ({
          id: `c-${c.id}`,
          label: c.title,
          description: c.subtitle ?? '',
          onClick: () => navigate(`/contacts/${c.id}`),
        })),
      });
    }
    if (touchpoints.length) {
      groups.push({
        group: 'Touch points',
        actions: touchpoints.map((t) => ({
          id: `t-${t.id}`,
          label: t.title,
          description: `${t.subtitle ?? ''} — ${new Date(t.occurredAt).toLocaleDateString('en-GB')}`,
          onClick: () => navigate(`/partners/${t.partnerId}`),
        })),
      });
    }
  }
  return (
    <Spotlight
      actions={groups}
      query={query}
      onQueryChange={setQuery}
      filter={(_q, actions) => actions}
      shortcut={['mod + K']}
      nothingFound={
        debounced.length > 1
          ? result.isFetching
            ? 'Searching…'
            : 'Nothing found'
          : 'Type at least two letters'
      }
      searchProps={{ placeholder: 'Search partners, contacts and touch points', 'aria-label': 'Search' }}
      scrollable
      maxHeight={420}
    />
  );
}
