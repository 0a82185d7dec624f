import { MultiSelect } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useContacts, usePartnerSearch } from '../../api/hooks.ts';

type Option = { value: string; label: string };
type Props = {
  label: string;
  value: string[];
  onChange: (ids: string[]) => void;
  kind: 'partners' | 'contacts';
};

/** Several partners or contacts, found by typing part of a name (the server searches). */
export function SearchPicker({ label, value, onChange, kind }: Props) {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 200);
  const [chosen, setChosen] = useState<Option[]>([]);
  const partners = usePartnerSearch(debounced, kind === 'partners' && debounced.trim() !== '');
  const contacts = useContacts(kind === 'contacts' ? debounced : '');
  const hits: Option[] =
    kind === 'partners'
      ? (partners.data?.partners ?? []).map((p) => ({ value: p.id, label: p.title }))
      : debounced.trim()
        ? (contacts.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))
        : [];
  const data = [...chosen, ...hits.filter((h) => !chosen.some((c) => c.value === h.value))];
  return (
    <MultiSelect
      label={label}
      placeholder="Type a name"
      searchable
      value={value}
      data={data}
      filter={({ options }) => options}
      searchValue={query}
      onSearchChange={setQuery}
      nothingFoundMessage={debounced.trim() ? 'No one by that name' : 'Type part of a name'}
      onChange={(ids) => {
        setChosen(data.filter((o) => ids.includes(o.value)));
        onChange(ids);
      }}
    />
  );
}
