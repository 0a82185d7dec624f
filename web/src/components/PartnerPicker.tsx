import { MultiSelect, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueries } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { api } from '../api/client.ts';
import { usePartner, usePartnerSearch } from '../api/hooks.ts';
import type { Partner } from '../api/types.ts';

type Props = {
  value: string | null;
  onChange: (id: string | null) => void;
  /** Search only while the dialog holding the picker is open. */
  active: boolean;
  /** Fixed to the partner a dialog was opened from. */
  fixed: boolean;
  error?: ReactNode;
  /** "Partner" unless the picker chooses, say, a group. */
  label?: string;
  /** Leave out this partner (a partner cannot be its own group). */
  excludeId?: string;
};

/**
 * Partners found for what was typed (a name starting with it first), as options. Archived
 * partners are not offered: nothing new is recorded against a partner the university has closed.
 */
function useFound(active: boolean) {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 200);
  const found = usePartnerSearch(debounced, active);
  const hits = (found.data?.partners ?? [])
    .filter((p) => p.status !== 'archived')
    .map((p) => ({ value: p.id, label: p.title }));
  return { hits, setQuery };
}

/** Pick a partner by typing part of its name: the server searches as the person types. */
export function PartnerPicker({
  value,
  onChange,
  active,
  fixed,
  error,
  label = 'Partner',
  excludeId,
}: Props) {
  const { hits, setQuery } = useFound(active && !fixed);
  const chosen = usePartner(value);
  return (
    <Select
      label={label}
      required
      searchable
      data={[
        ...(chosen.data ? [{ value: chosen.data.id, label: chosen.data.name }] : []),
        ...hits.filter((p) => p.value !== value && p.value !== excludeId),
      ]}
      value={value}
      onChange={onChange}
      onSearchChange={setQuery}
      filter={({ options }) => options}
      error={error}
      nothingFoundMessage="No partner by that name"
      readOnly={fixed}
      {...(fixed ? {} : { 'data-autofocus': true })}
    />
  );
}

type ManyProps = {
  label: string;
  description?: string;
  value: string[];
  onChange: (ids: string[]) => void;
  active: boolean;
  /** Not offered (the primary partner). */
  exclude?: string | null;
  error?: ReactNode;
};

/** Pick several partners by typing their names (a joint meeting, one roadshow for many Schools). */
export function PartnersPicker({ label, description, value, onChange, active, exclude, error }: ManyProps) {
  const { hits, setQuery } = useFound(active);
  const [search, setSearch] = useState('');
  const chosen = useQueries({
    queries: value.map((id) => ({
      queryKey: ['partner', id],
      queryFn: () => api<Partner>('GET', `/partners/${id}`),
      staleTime: 60_000,
    })),
  });
  const named = chosen.flatMap((c) => (c.data ? [{ value: c.data.id, label: c.data.name }] : []));
  const seen = new Set(named.map((n) => n.value));
  return (
    <MultiSelect
      label={label}
      description={description}
      placeholder="Type a partner's name"
      searchable
      data={[...named, ...hits.filter((h) => !seen.has(h.value) && h.value !== exclude)]}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={(text) => {
        setSearch(text);
        setQuery(text);
      }}
      filter={({ options }) => options}
      nothingFoundMessage={search.trim() ? 'No partner by that name' : "Type a partner's name"}
      error={error}
    />
  );
}
