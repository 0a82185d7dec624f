import {
  Combobox,
  Group,
  Kbd,
  Modal,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
  useCombobox,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import {
  type Icon,
  IconAddressBook,
  IconArrowRight,
  IconBuildingCommunity,
  IconKeyboard,
  IconMessageReport,
  IconMoon,
  IconNote,
  IconPencilPlus,
  IconPlus,
  IconSearch,
  IconSitemap,
  IconSun,
  IconUser,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, type Page, qs } from '../api/client.ts';
import { useSearch, useSession, useUnits } from '../api/hooks.ts';
import type { Request, User } from '../api/types.ts';
import type { PaletteCommands } from './paletteHotkeys.ts';
import { adminPlaces, places, shortcuts } from './places.ts';

export type { PaletteCommands };

type Entry = { id: string; label: string; hint?: string; icon: Icon; run: () => void };
type Section = { label: string; entries: Entry[] };

const HITS = 5;
const matches = (text: string, q: string) => {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = text.toLowerCase();
  return words.every((w) => hay.includes(w));
};

/** The shortcut overlay (`?`): every keyboard shortcut, in a table a screen reader reads as one. */
export function ShortcutsOverlay({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="lg">
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Keys</Table.Th>
            <Table.Th>What they do</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shortcuts.map((s) => (
            <Table.Tr key={s.what}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' + '}
                    <Kbd>{k}</Kbd>
                  </span>
                ))}
              </Table.Td>
              <Table.Td>{s.what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}

/**
 * Ctrl/Cmd-K: one box that finds partners, contacts (misspelt names too), touch points, requests,
 * units and colleagues, and runs commands ("Log touch point for …", "Go to Requests", "Switch to
 * dark mode"). Enter opens the first hit unless the arrows chose another; "All results" opens the
 * full results page.
 */
export function CommandPalette({
  opened,
  onClose,
  commands,
  onShowShortcuts,
}: {
  opened: boolean;
  onClose: () => void;
  commands: PaletteCommands;
  onShowShortcuts: () => void;
}) {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 200);
  const navigate = useNavigate();
  const session = useSession().data;
  // The options are always on show (no dropdown), so the store counts as open: Enter and the arrows act.
  const combobox = useCombobox({ opened: true, loop: false });
  const searching = debounced.length > 1;
  const found = useSearch(searching ? debounced : '');
  const requests = useQuery({
    queryKey: ['requests', 'palette', debounced],
    queryFn: () => api<Page<Request>>('GET', `/requests${qs({ q: debounced, limit: HITS })}`),
    enabled: opened && searching,
  });
  const users = useQuery({
    queryKey: ['users', 'palette', debounced],
    queryFn: () => api<Page<User>>('GET', `/users${qs({ q: debounced, active: true, limit: HITS })}`),
    enabled: opened && searching,
  });
  const units = useUnits();

  const close = () => {
    setQuery('');
    onClose();
  };
  const go = (to: string) => () => {
    close();
    navigate(to);
  };
  const then = (action: () => void) => () => {
    close();
    action();
  };

  const groups = (() => {
    const q = query.trim();
    const out: Section[] = [];
    const data = found.data;
    const firstPartner = data?.partners[0];
    const canWrite = session?.abilities.editSharedRecord;
    const canRaise = session?.abilities.raiseRequests;
    if (searching && data) {
      if (data.partners.length)
        out.push({
          label: 'Partners',
          entries: data.partners.slice(0, HITS).map((p) => ({
            id: `partner-${p.id}`,
            label: p.title,
            hint: p.subtitle ?? undefined,
            icon: IconBuildingCommunity,
            run: go(`/partners/${p.id}`),
          })),
        });
      if (data.contacts.length)
        out.push({
          label: 'Contacts',
          entries: data.contacts.slice(0, HITS).map((c) => ({
            id: `contact-${c.id}`,
            label: c.title,
            hint: c.subtitle ?? undefined,
            icon: IconAddressBook,
            run: go(`/contacts/${c.id}`),
          })),
        });
    }
    if (searching && requests.data?.items.length)
      out.push({
        label: 'Requests',
        entries: requests.data.items.map((r) => ({
          id: `request-${r.id}`,
          label: `#${r.reference} ${r.title}`,
          hint: r.partnerName,
          icon: IconMessageReport,
          run: go(`/requests/${r.id}`),
        })),
      });
    if (searching && data?.touchpoints.length)
      out.push({
        label: 'Touch points',
        entries: data.touchpoints.slice(0, HITS).map((t) => ({
          id: `touchpoint-${t.id}`,
          label: t.title,
          hint: `${t.subtitle ?? ''} — ${new Date(t.occurredAt).toLocaleDateString('en-GB')}`,
          icon: IconNote,
          run: go(`/partners/${t.partnerId}/timeline`),
        })),
      });
    const unitHits =
      q.length > 1 ? (units.data?.items ?? []).filter((u) => matches(u.name, q)).slice(0, HITS) : [];
    if (unitHits.length)
      out.push({
        label: 'Units',
        entries: unitHits.map((u) => ({
          id: `unit-${u.id}`,
          label: u.name,
          hint: 'Open its requests',
          icon: IconSitemap,
          run: go(`/requests${qs({ unitId: u.id })}`),
        })),
      });
    if (searching && users.data?.items.length)
      out.push({
        label: 'People',
        entries: users.data.items.map((u) => ({
          id: `user-${u.id}`,
          label: u.name,
          hint: `${u.email} — open their tasks`,
          icon: IconUser,
          run: go(`/tasks${qs({ assigneeId: u.id, done: false })}`),
        })),
      });

    const command: Entry[] = [];
    if (firstPartner && canWrite)
      command.push({
        id: 'log-for',
        label: `Log touch point for ${firstPartner.title}`,
        icon: IconPencilPlus,
        run: then(() => commands.logTouchpoint(firstPartner.id)),
      });
    if (firstPartner && canRaise)
      command.push({
        id: 'raise-for',
        label: `Raise request for ${firstPartner.title}`,
        icon: IconMessageReport,
        run: then(() => commands.raiseRequest(firstPartner.id)),
      });
    if (canWrite) {
      command.push({
        id: 'log',
        label: 'Log touch point',
        icon: IconPencilPlus,
        run: then(() => commands.logTouchpoint()),
      });
      command.push({
        id: 'new-partner',
        label: 'New partner',
        icon: IconPlus,
        run: then(commands.newPartner),
      });
    }
    if (canRaise)
      command.push({
        id: 'raise',
        label: 'Raise request',
        icon: IconMessageReport,
        run: then(() => commands.raiseRequest()),
      });
    const next = commands.scheme === 'dark' ? 'light' : 'dark';
    command.push({
      id: 'scheme',
      label: `Switch to ${next} mode`,
      icon: next === 'dark' ? IconMoon : IconSun,
      run: then(commands.toggleScheme),
    });
    command.push({
      id: 'shortcuts',
      label: 'Keyboard shortcuts',
      icon: IconKeyboard,
      run: then(onShowShortcuts),
    });
    const reachable = [...places, ...(session?.abilities.manageUnits ? adminPlaces : [])];
    for (const place of reachable)
      command.push({
        id: `go-${place.to}`,
        label: `Go to ${place.label}`,
        icon: place.icon,
        run: go(place.to),
      });
    // Commands that name a partner always show; the rest when the words match them (or nothing is typed).
    const shown = command.filter((c) => c.id.endsWith('-for') || !q || matches(c.label, q));
    if (shown.length) out.push({ label: 'Commands', entries: shown });
    if (searching)
      out.push({
        label: 'More',
        entries: [
          { id: 'all', label: `All results for “${q}”`, icon: IconSearch, run: go(`/search${qs({ q })}`) },
        ],
      });
    return out;
  })();

  const entries = groups.flatMap((g) => g.entries);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const order = entries.map((e) => e.id).join('|');
  // New results: the first one is chosen again, so Enter opens it. Only then: the store is a new
  // object on every render, and choosing again on each would undo the arrows.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the results, not the store.
  useEffect(() => {
    if (!opened) return;
    combobox.resetSelectedOption();
    const timer = requestAnimationFrame(() => combobox.selectFirstOption());
    return () => cancelAnimationFrame(timer);
  }, [order, opened]);

  const busy = searching && (found.isFetching || requests.isFetching || users.isFetching);
  return (
    <Modal
      opened={opened}
      onClose={close}
      title="Search and commands"
      size="lg"
      yOffset="8vh"
      styles={{ body: { paddingTop: 0 } }}
    >
      <Combobox store={combobox} onOptionSubmit={(id) => byId.get(id)?.run()}>
        <Stack gap="xs">
          <Combobox.EventsTarget>
            <TextInput
              data-autofocus
              aria-label="Search or type a command"
              placeholder="Partners, contacts, requests, people … or a command"
              leftSection={<IconSearch size={18} aria-hidden />}
              value={query}
              onChange={(e) => setQuery(e.currentTarget.value)}
            />
          </Combobox.EventsTarget>
          <Text size="xs" c="dimmed" aria-live="polite">
            {busy
              ? 'Searching…'
              : query.trim().length === 1
                ? 'Type at least two letters to search records'
                : ' '}
          </Text>
          <ScrollArea.Autosize mah="60vh" type="auto">
            <Combobox.Options aria-label="Results and commands">
              {groups.map((g) => (
                <Combobox.Group key={g.label} label={g.label}>
                  {g.entries.map((e) => (
                    <Combobox.Option key={e.id} value={e.id}>
                      <EntryRow entry={e} />
                    </Combobox.Option>
                  ))}
                </Combobox.Group>
              ))}
              {searching && !busy && entries.length === 0 && <Combobox.Empty>Nothing found</Combobox.Empty>}
            </Combobox.Options>
          </ScrollArea.Autosize>
        </Stack>
      </Combobox>
    </Modal>
  );
}

function EntryRow({ entry }: { entry: Entry }): ReactNode {
  const Shown = entry.icon;
  return (
    <Group gap="sm" wrap="nowrap">
      <Shown size={18} stroke={1.6} aria-hidden />
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={500}>
          {entry.label}
        </Text>
        {/* The chosen option is drawn in the primary colour with white text: the hint inherits it. */}
        {entry.hint && (
          <Text size="xs" c="inherit" lineClamp={1}>
            {entry.hint}
          </Text>
        )}
      </div>
      <IconArrowRight size={14} aria-hidden style={{ marginLeft: 'auto', opacity: 0.5 }} />
    </Group>
  );
}
