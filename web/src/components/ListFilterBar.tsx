import { Button, Collapse, Group, MultiSelect, Pill, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback, useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import type { FilterMeta, IdSource, ListMeta } from '../../../common/src/lists/define.ts';
import { humanise } from './forms.ts';
import { PartnerFilter } from './PartnerFilter.tsx';
import { PersonPicker } from './PersonPicker.tsx';

export type Choice = { value: string; label: string };

type Props = {
  meta: ListMeta;
  values: Record<string, unknown>;
  onChange(changes: Record<string, unknown>): void;
  /** The choices of id filters, by where they come from (the page loads them). */
  choices?: Partial<Record<IdSource, Choice[]>>;
  /** Labels for hidden filters that are set (e.g. the partner group a list is narrowed to). */
  hiddenLabels?: Record<string, string>;
};

const optionsOf = (filter: FilterMeta & { options: readonly string[]; labels?: Record<string, string> }) =>
  filter.options.map((value) => ({ value, label: filter.labels?.[value] ?? humanise(value) }));

/** Words typed into a text filter reach the address a moment after the typing stops. */
function TextFilter({
  label,
  value,
  onChange,
  type,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  type?: string;
}) {
  const [text, setText] = useState(value);
  // A link or a saved view that changes the address changes the box too.
  useEffect(() => setText(value), [value]);
  const send = useDebouncedCallback(onChange, 250);
  return (
    <TextInput
      label={label}
      type={type}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        send(e.currentTarget.value);
      }}
    />
  );
}

/**
 * The filter bar of a list, drawn from its declaration (common/src/lists): one control per
 * filter, a sort, and "Clear filters". The page keeps the values in the address.
 */
export function ListFilterBar({ meta, values, onChange, choices = {}, hiddenLabels = {} }: Props) {
  const set = (name: string) => (value: unknown) =>
    onChange({ [name]: value === '' || value === null ? undefined : value });
  const controls = Object.entries(meta.filters).map(([name, filter]) => {
    if (filter.hidden) return null;
    const value = values[name];
    switch (filter.kind) {
      case 'text':
        return (
          <TextFilter key={name} label={filter.label} value={(value as string) ?? ''} onChange={set(name)} />
        );
      case 'date':
        return (
          <TextFilter
            key={name}
            type="date"
            label={filter.label}
            value={(value as string) ?? ''}
            onChange={set(name)}
          />
        );
      case 'datetime':
        // Offered as a day; the API takes the instant at the start of it (UTC).
        return (
          <TextFilter
            key={name}
            type="date"
            label={filter.label}
            value={typeof value === 'string' ? value.slice(0, 10) : ''}
            onChange={(day) => set(name)(day ? `${day}T00:00:00Z` : undefined)}
          />
        );
      case 'id': {
        // Partners are too many to list: their filter searches the server.
        if (filter.source === 'partners')
          return (
            <PartnerFilter
              key={name}
              label={filter.label}
              value={(value as string) ?? null}
              onChange={set(name)}
            />
          );
        const data = filter.source ? choices[filter.source] : undefined;
        if (!data) return null;
        // People are too many to list too: the page's choices (e.g. "Me") come first, then the server's hits.
        if (filter.source === 'users')
          return (
            <PersonPicker
              key={name}
              label={filter.label}
              clearable
              extra={data}
              value={(value as string) ?? null}
              onChange={set(name)}
            />
          );
        return (
          <Select
            key={name}
            label={filter.label}
            clearable
            searchable
            data={data}
            value={(value as string) ?? null}
            onChange={set(name)}
          />
        );
      }
      case 'choice':
        return (
          <Select
            key={name}
            label={filter.label}
            clearable
            data={optionsOf(filter)}
            value={(value as string) ?? null}
            onChange={set(name)}
          />
        );
      case 'choices':
        return (
          <MultiSelect
            key={name}
            label={filter.label}
            clearable
            searchable
            data={optionsOf(filter)}
            value={(value as string[]) ?? []}
            onChange={(list) => set(name)(list.length ? list : undefined)}
            miw={160}
          />
        );
      case 'flag':
        return (
          <Select
            key={name}
            label={filter.label}
            placeholder="Any"
            clearable
            data={[
              { value: 'true', label: 'Yes' },
              { value: 'false', label: 'No' },
            ]}
            value={value === undefined ? null : String(value)}
            onChange={(v) => set(name)(v === null ? undefined : v === 'true')}
          />
        );
      default:
        return null;
    }
  });
  const sorts = Object.entries(meta.sorts).flatMap(([name, label]) => [
    { value: name, label: `${label}, ascending` },
    { value: `-${name}`, label: `${label}, descending` },
  ]);
  const hiddenSet = Object.entries(meta.filters).filter(
    ([name, f]) => f.hidden && values[name] !== undefined,
  );
  const setCount = Object.keys(meta.filters).filter((name) => values[name] !== undefined).length;
  const clearAll = () =>
    onChange(Object.fromEntries(Object.keys(meta.filters).map((name) => [name, undefined])));
  // On a phone the controls fold away behind one button, so the list itself stays in view. The
  // width is read in the first render (no app is drawn on a server), so a phone does not build the
  // wide bar only to rebuild it folded.
  const isNarrow = useMediaQuery('(max-width: 48em)', undefined, { getInitialValueInEffect: false }) === true;
  const [opened, { toggle }] = useDisclosure(false);
  // The folded controls are built when first unfolded, not with the page: on a slow phone, the
  // hidden selects were a good part of the list's first draw. Once built they stay, so the fold
  // animates both ways.
  const [unfolded, setUnfolded] = useState(false);
  if (opened && !unfolded) setUnfolded(true);

  const bar = (
    <Group align="flex-end" wrap="wrap" gap="sm" role="search" aria-label="Filters">
      {controls}
      <Select
        label="Sort by"
        data={sorts}
        value={(values.sort as string) ?? meta.defaultSort}
        onChange={(v) => onChange({ sort: v ?? meta.defaultSort })}
        allowDeselect={false}
      />
      {hiddenSet.map(([name, filter]) => (
        <Pill key={name} withRemoveButton onRemove={() => set(name)(undefined)} size="lg">
          {filter.label}: {hiddenLabels[name] ?? 'chosen'}
        </Pill>
      ))}
      {setCount > 0 && (
        <Button variant="subtle" onClick={clearAll}>
          Clear filters
        </Button>
      )}
    </Group>
  );
  if (!isNarrow) return bar;
  return (
    <div>
      <Button variant="default" onClick={toggle} aria-expanded={opened} fullWidth>
        {setCount ? `Filters and sort (${setCount} set)` : 'Filters and sort'}
      </Button>
      <Collapse expanded={opened} mt="sm">
        {unfolded && bar}
      </Collapse>
    </div>
  );
}
