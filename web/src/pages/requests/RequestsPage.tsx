import {
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  MultiSelect,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import Papa from 'papaparse';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../api/hooks.ts';
import { type RequestFilters, useRequestBoard, useRequests } from '../../api/requests.ts';
import type { Request } from '../../api/types.ts';
import { humanise } from '../../components/forms.ts';
import { RaiseRequestModal } from '../../components/RaiseRequestModal.tsx';
import { RequestTable } from '../../components/RequestTable.tsx';
import {
  PriorityBadge,
  RequestTargets,
  requestKinds,
  requestPriorities,
  requestStatuses,
  statusLabel,
} from '../../components/requestLabels.tsx';
import { Empty, QueryState } from '../../components/States.tsx';

/** The request register: filters, a table or a board by status, CSV export. */
export function RequestsPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const partnerId = params.get('partnerId') ?? undefined;
  const [view, setView] = useState<'list' | 'board'>('list');
  const [raising, setRaising] = useState(false);
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q, 250);
  const [status, setStatus] = useState<string[]>([]);
  const [kind, setKind] = useState<string[]>([]);
  const [priority, setPriority] = useState<string[]>([]);
  const [mine, setMine] = useState(false);
  const [open, setOpen] = useState(true);
  const [overdue, setOverdue] = useState(false);
  const [escalated, setEscalated] = useState(false);
  const filters: RequestFilters = {
    partnerId,
    q: debouncedQ || undefined,
    status: status.join(',') || undefined,
    kind: kind.join(',') || undefined,
    priority: priority.join(',') || undefined,
    ownerId: mine ? 'me' : undefined,
    open: open || undefined,
    overdue: overdue || undefined,
    escalated: escalated || undefined,
  };
  const list = useRequests({ ...filters, limit: 200 });
  const board = useRequestBoard(filters);
  const rows = list.data?.items ?? [];

  const exportCsv = () => {
    const csv = Papa.unparse(
      rows.map((r) => ({
        reference: r.reference,
        title: r.title,
        partner: r.partnerName,
        unit: r.unitName,
        kind: r.kind,
        priority: r.priority,
        status: r.status,
        owner: r.ownerName ?? '',
        raised: r.createdAt,
        resolutionDue: r.targets.resolution.dueAt ?? '',
        breached: r.targets.resolution.breached || r.targets.firstResponse.breached,
        escalation: r.escalationLevel ?? '',
      })),
    );
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    link.download = 'requests.csv';
    link.click();
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Requests</Title>
        <Group>
          <SegmentedControl
            aria-label="Show as"
            value={view}
            onChange={(v) => setView(v as 'list' | 'board')}
            data={[
              { value: 'list', label: 'List' },
              { value: 'board', label: 'Board' },
            ]}
          />
          <Button variant="default" onClick={exportCsv} disabled={!rows.length}>
            Export CSV
          </Button>
          {session.data?.abilities.raiseRequests && (
            <Button onClick={() => setRaising(true)}>Raise request</Button>
          )}
        </Group>
      </Group>
      {partnerId && (
        <Group gap="xs">
          <Text size="sm">Showing one partner's requests{rows[0] ? `: ${rows[0].partnerName}` : ''}.</Text>
          <Button variant="subtle" size="compact-sm" onClick={() => setParams({})}>
            Show every partner
          </Button>
        </Group>
      )}
      <Card withBorder>
        <Stack gap="xs">
          <Group grow align="flex-end">
            <TextInput
              label="Search"
              placeholder="Words, or a reference like #42"
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
            />
            <MultiSelect
              label="Status"
              data={requestStatuses.map((s) => ({ value: s, label: statusLabel[s]! }))}
              value={status}
              onChange={setStatus}
              clearable
            />
            <MultiSelect
              label="Kind"
              data={requestKinds.map((k) => ({ value: k, label: humanise(k) }))}
              value={kind}
              onChange={setKind}
              clearable
            />
            <MultiSelect
              label="Priority"
              data={requestPriorities.map((p) => ({ value: p, label: humanise(p) }))}
              value={priority}
              onChange={setPriority}
              clearable
            />
          </Group>
          <Group>
            <Checkbox label="Mine" checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />
            <Checkbox label="Open only" checked={open} onChange={(e) => setOpen(e.currentTarget.checked)} />
            <Checkbox
              label="Past target"
              checked={overdue}
              onChange={(e) => setOverdue(e.currentTarget.checked)}
            />
            <Checkbox
              label="Escalated"
              checked={escalated}
              onChange={(e) => setEscalated(e.currentTarget.checked)}
            />
          </Group>
        </Stack>
      </Card>
      <QueryState isPending={list.isPending} error={list.error}>
        {view === 'list' ? (
          rows.length ? (
            <RequestTable requests={rows} />
          ) : (
            <Empty>No requests match.</Empty>
          )
        ) : (
          <Board rows={rows} counts={board.data?.counts ?? {}} hideSettled={open} />
        )}
        {list.data?.nextCursor && (
          <Text size="sm" c="dimmed">
            Showing the first {rows.length}; narrow the filters to see the rest.
          </Text>
        )}
      </QueryState>
      <RaiseRequestModal opened={raising} onClose={() => setRaising(false)} />
    </Stack>
  );
}

function Board({
  rows,
  counts,
  hideSettled,
}: {
  rows: Request[];
  counts: Record<string, number>;
  hideSettled: boolean;
}) {
  const columns = requestStatuses.filter((s) => !hideSettled || (s !== 'resolved' && s !== 'closed'));
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: columns.length }} spacing="sm">
      {columns.map((s) => {
        const cards = rows.filter((r) => r.status === s);
        return (
          <section key={s} aria-labelledby={`column-${s}`}>
            <Title order={3} size="h5" id={`column-${s}`} mb="xs">
              {statusLabel[s]} ({counts[s] ?? 0})
            </Title>
            <Stack gap="xs">
              {cards.length ? (
                cards.map((r) => (
                  <Card key={r.id} withBorder padding="xs">
                    <Anchor component={Link} to={`/requests/${r.id}`} fw={600} size="sm">
                      #{r.reference} {r.title}
                    </Anchor>
                    <Text size="xs">{r.partnerName}</Text>
                    <Group gap={4} mt={4}>
                      <PriorityBadge priority={r.priority} />
                    </Group>
                    <Stack mt={4}>
                      <RequestTargets request={r} />
                    </Stack>
                  </Card>
                ))
              ) : (
                <Empty>None</Empty>
              )}
            </Stack>
          </section>
        );
      })}
    </SimpleGrid>
  );
}
