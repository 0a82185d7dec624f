import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { usePartner, usePartnerSearch } from '../api/hooks.ts';

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
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 200);
  const partners = usePartnerSearch(debounced, active && !fixed);
  const chosen = usePartner(value);
  return (
    <Select
      label={label}
      required
      searchable
      data={[
        ...(chosen.data ? [{ value: chosen.data.id, label: chosen.data.name }] : []),
        ...(partners.data?.items ?? [])
          .filter((p) => p.id !== value && p.id !== excludeId)
          .map((p) => ({ value: p.id, label: p.name })),
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
