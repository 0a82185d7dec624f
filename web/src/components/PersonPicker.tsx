import { Loader, MultiSelect, type MultiSelectProps, Select, type SelectProps, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Role } from '../../../common/src/labels/users.ts';
import { api, type Page, qs } from '../api/client.ts';
import type { User } from '../api/types.ts';

/** How many people one search shows: type more of the name to narrow it. */
const HITS = 20;

type Option = { value: string; label: string; unit?: string | null };

type Search = {
  /** Search only while the dialog or page holding the picker is shown. */
  active?: boolean;
  /** People of these roles are not offered (e.g. viewers cannot own a request). */
  excludeRoles?: readonly Role[];
  /** Fixed choices offered before the people found (e.g. "Me" in a filter). */
  extra?: { value: string; label: string }[];
};

/** Active people whose name or e-mail contains what was typed, searched on the server. */
function usePeopleSearch(active: boolean) {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 200);
  const hits = useQuery({
    queryKey: ['people-search', debounced],
    queryFn: () => api<Page<User>>('GET', `/users${qs({ q: debounced, active: true, limit: HITS })}`),
    enabled: active,
    staleTime: 30_000,
  });
  return { hits, setQuery, searching: active && (hits.isFetching || query.trim() !== debounced) };
}

/** The people already chosen, by id: their names stay shown whatever the current search finds. */
function useChosen(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ['user', id],
      queryFn: () => api<User>('GET', `/users/${id}`),
      staleTime: 60_000,
    })),
  });
}

function optionsOf(
  chosen: readonly (User | undefined)[],
  hits: readonly User[],
  { excludeRoles = [], extra = [] }: Search,
): Option[] {
  const seen = new Set<string>(extra.map((e) => e.value));
  const options: Option[] = [...extra];
  const add = (u: User) => {
    if (seen.has(u.id)) return;
    seen.add(u.id);
    options.push({ value: u.id, label: u.name, unit: u.unitName });
  };
  for (const u of chosen) if (u) add(u);
  for (const u of hits) if (!excludeRoles.includes(u.role)) add(u);
  return options;
}

const renderPerson = (unitOf: Map<string, string | null | undefined>) =>
  (({ option }) => {
    const unit = unitOf.get(option.value);
    return (
      // Stacked, so a long name and unit wrap on a phone instead of scrolling sideways.
      <div>
        <Text size="sm">{option.label}</Text>
        {unit && (
          <Text size="xs" c="dimmed">
            {unit}
          </Text>
        )}
      </div>
    );
  }) satisfies SelectProps['renderOption'];

function loading(searching: boolean) {
  return searching ? <Loader size="xs" role="status" aria-label="Searching people" /> : undefined;
}

function nothingFound(searching: boolean, typed: boolean) {
  if (searching) return 'Searching…';
  return typed ? 'No one by that name or e-mail' : 'Type part of a name';
}

type PersonPickerProps = Omit<SelectProps, 'data' | 'searchable' | 'filter' | 'onSearchChange'> & Search;

/** Pick one person by typing part of their name or e-mail: the server searches as they type. */
export function PersonPicker({ active = true, excludeRoles, extra, value, ...props }: PersonPickerProps) {
  const { hits, setQuery, searching } = usePeopleSearch(active);
  const [typed, setTyped] = useState(false);
  const chosen = useChosen(value && !extra?.some((e) => e.value === value) ? [value] : []);
  const options = optionsOf(
    chosen.map((c) => c.data),
    hits.data?.items ?? [],
    { excludeRoles, extra },
  );
  return (
    <Select
      placeholder="Type a name"
      {...props}
      value={value ?? null}
      searchable
      data={options}
      filter={({ options }) => options}
      onSearchChange={(text) => {
        // The chosen person's name shown in the box is not a search: opening the list then browses.
        const search = text === options.find((o) => o.value === value)?.label ? '' : text;
        setQuery(search);
        setTyped(search.trim() !== '');
      }}
      renderOption={renderPerson(new Map(options.map((o) => [o.value, o.unit])))}
      rightSection={loading(searching) ?? props.rightSection}
      nothingFoundMessage={nothingFound(searching, typed)}
    />
  );
}

type PeoplePickerProps = Omit<MultiSelectProps, 'data' | 'searchable' | 'filter' | 'onSearchChange'> &
  Omit<Search, 'extra'>;

/** Pick several people by typing part of their names or e-mails, searched on the server. */
export function PeoplePicker({ active = true, excludeRoles, value, ...props }: PeoplePickerProps) {
  const { hits, setQuery, searching } = usePeopleSearch(active);
  const [search, setSearch] = useState('');
  const chosen = useChosen(value ?? []);
  const options = optionsOf(
    chosen.map((c) => c.data),
    hits.data?.items ?? [],
    { excludeRoles },
  );
  return (
    <MultiSelect
      placeholder="Type a name"
      {...props}
      value={value ?? []}
      searchable
      data={options}
      filter={({ options }) => options}
      searchValue={search}
      onSearchChange={(text) => {
        setSearch(text);
        setQuery(text);
      }}
      renderOption={renderPerson(new Map(options.map((o) => [o.value, o.unit])))}
      rightSection={loading(searching) ?? props.rightSection}
      nothingFoundMessage={nothingFound(searching, search.trim() !== '')}
    />
  );
}
