import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { usePartner, usePartnerSearch } from '../api/hooks.ts';

type Props = { label: string; value: string | null; onChange: (id: string | null) => void };

/** A list filter by partner: the server searches partners by name as the person types. */
export function PartnerFilter({ label, value, onChange }: Props) {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 200);
  const partners = usePartnerSearch(debounced, debounced.trim().length > 0);
  const chosen = usePartner(value);
  return (
    <Select
      label={label}
      clearable
      searchable
      placeholder="Type a name"
      data={[
        ...(chosen.data ? [{ value: chosen.data.id, label: chosen.data.name }] : []),
        ...(partners.data?.partners ?? [])
          .filter((p) => p.id !== value)
          .map((p) => ({ value: p.id, label: p.title })),
      ]}
      value={value}
      onChange={onChange}
      onSearchChange={setQuery}
      filter={({ options }) => options}
      nothingFoundMessage={debounced ? 'No partner by that name' : 'Type part of a name'}
    />
  );
}
