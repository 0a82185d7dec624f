import {
  type Announcements,
  DndContext,
  type DragEndEvent,
  type DragStartEvent,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { CSS } from '@dnd-kit/utilities';
import {
  Anchor,
  Button,
  Card,
  Group,
  Menu,
  SimpleGrid,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { RequestStatus } from '../../../../common/src/labels/requests.ts';
import { useMoveAnyRequest } from '../../api/requests.ts';
import type { RequestItem } from '../../api/types.ts';
import { saved } from '../../components/forms.ts';
import { ResolveRequestModal } from '../../components/ResolveRequestModal.tsx';
import {
  PriorityBadge,
  RequestTargets,
  requestStatuses,
  statusLabel,
} from '../../components/requestLabels.tsx';
import { Empty } from '../../components/States.tsx';

type Props = {
  rows: RequestItem[];
  /** Requests per status for the filters, from the server (the cards may be fewer). */
  counts: Record<string, number>;
  /** "Open only" is ticked: the resolved and closed columns say so rather than show 0. */
  settledHidden: boolean;
};

const cardName = (r: RequestItem) => `#${r.reference} ${r.title}`;

/**
 * The register as one column per status, each headed by its count. A card the caller may move
 * is dragged to another column (only those its lifecycle allows take it), or moved from its
 * "Move to" menu with the keyboard; either way the move goes through the transition route, and
 * is announced to screen readers.
 */
export function RequestBoard({ rows, counts, settledHidden }: Props) {
  const move = useMoveAnyRequest();
  const [dragged, setDragged] = useState<RequestItem | null>(null);
  const [resolving, setResolving] = useState<RequestItem | null>(null);
  const [announcement, setAnnouncement] = useState('');
  // A short drag threshold, so a click on the card's link still opens the request.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 8 } }));
  const byId = new Map(rows.map((r) => [r.id, r]));

  const moveTo = (r: RequestItem, to: RequestStatus) => {
    if (!r.allowedTransitions.includes(to)) return;
    if (to === 'resolved') return setResolving(r);
    move.mutate(
      { id: r.id, to },
      {
        onSuccess: () => {
          setAnnouncement(`${cardName(r)} moved to ${statusLabel[to]}.`);
          saved(`#${r.reference} moved to ${statusLabel[to]}`);
        },
        onError: (e) => setAnnouncement(`${cardName(r)} not moved: ${e.message}`),
      },
    );
  };
  const onDragStart = ({ active }: DragStartEvent) => setDragged(byId.get(String(active.id)) ?? null);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragged(null);
    const r = byId.get(String(active.id));
    if (r && over && over.id !== r.status) moveTo(r, over.id as RequestStatus);
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${name(active.id)}.`,
    onDragOver: ({ active, over }) =>
      over
        ? `${name(active.id)} is over ${statusLabel[over.id as RequestStatus]}.`
        : `${name(active.id)} is over no column.`,
    onDragEnd: ({ active, over }) =>
      over
        ? `${name(active.id)} dropped on ${statusLabel[over.id as RequestStatus]}.`
        : `${name(active.id)} put back.`,
    onDragCancel: ({ active }) => `Moving ${name(active.id)} cancelled; it stays where it was.`,
  };
  const name = (id: string | number) => {
    const r = byId.get(String(id));
    return r ? cardName(r) : 'The request';
  };

  return (
    <DndContext
      sensors={sensors}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragged(null)}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable: 'Drag the card to another column with a pointer, or use its Move to menu.',
        },
      }}
    >
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3, xl: 6 }} spacing="sm">
        {requestStatuses.map((s) => {
          const hidden = settledHidden && (s === 'resolved' || s === 'closed');
          const cards = hidden ? [] : rows.filter((r) => r.status === s);
          return (
            <Column
              key={s}
              status={s}
              count={counts[s] ?? 0}
              hidden={hidden}
              cards={cards}
              accepts={dragged ? dragged.allowedTransitions.includes(s) : null}
              onMove={moveTo}
            />
          );
        })}
      </SimpleGrid>
      {resolving && (
        <ResolveRequestModal
          request={resolving}
          opened
          onClose={() => {
            setResolving(null);
          }}
        />
      )}
    </DndContext>
  );
}

type ColumnProps = {
  status: RequestStatus;
  count: number;
  hidden: boolean;
  cards: RequestItem[];
  /** While a card is dragged: whether this column takes it (null when nothing is dragged). */
  accepts: boolean | null;
  onMove: (r: RequestItem, to: RequestStatus) => void;
};

function Column({ status: s, count, hidden, cards, accepts, onMove }: ColumnProps) {
  const { setNodeRef, isOver } = useDroppable({ id: s, disabled: accepts === false });
  return (
    <Card
      ref={setNodeRef}
      component="section"
      aria-labelledby={`column-${s}`}
      data-status={s}
      // The drag's state, for tests and styles: whether this column takes the dragged card, and
      // whether the pointer is over it (what a drop here would do).
      data-accepts={accepts === null ? undefined : String(accepts)}
      data-over={isOver && accepts ? 'true' : undefined}
      withBorder
      padding="xs"
      style={{
        borderColor: accepts ? 'var(--mantine-color-blue-7)' : undefined,
        borderWidth: accepts ? 2 : undefined,
        borderStyle: accepts ? 'dashed' : undefined,
        background: isOver && accepts ? 'var(--mantine-color-blue-0)' : undefined,
        opacity: accepts === false ? 0.6 : undefined,
      }}
    >
      <Title order={3} size="h5" id={`column-${s}`} mb="xs">
        {statusLabel[s]}
        {hidden ? '' : ` (${count})`}
      </Title>
      <Stack gap="xs">
        {hidden ? (
          <Empty>Not shown while “Open only” is ticked.</Empty>
        ) : cards.length ? (
          cards.map((r) => <BoardCard key={r.id} request={r} onMove={onMove} />)
        ) : (
          <Empty>None</Empty>
        )}
        {cards.length > 0 && cards.length < count && (
          <Text size="xs">{count - cards.length} more: use Show more below, or narrow the filters.</Text>
        )}
      </Stack>
    </Card>
  );
}

function BoardCard({ request: r, onMove }: { request: RequestItem; onMove: ColumnProps['onMove'] }) {
  const movable = r.can.move && r.allowedTransitions.length > 0;
  // Pointer dragging only: the keyboard way is the Move to menu, so the card itself is not a
  // control (its link and menu are), and no control sits inside another.
  const { setNodeRef, listeners, transform, isDragging } = useDraggable({ id: r.id, disabled: !movable });
  return (
    <Card
      ref={setNodeRef}
      withBorder
      padding="xs"
      data-request={r.reference}
      data-dragging={isDragging ? 'true' : undefined}
      {...listeners}
      style={{
        transform: CSS.Translate.toString(transform),
        cursor: movable ? 'grab' : undefined,
        zIndex: isDragging ? 10 : undefined,
        boxShadow: isDragging ? 'var(--mantine-shadow-md)' : undefined,
        touchAction: movable ? 'none' : undefined,
      }}
    >
      <Anchor component={Link} to={`/requests/${r.id}`} fw={600} size="sm">
        {cardName(r)}
      </Anchor>
      <Text size="xs">{r.partnerName}</Text>
      <Group gap={4} mt={4} justify="space-between">
        <Group gap={4}>
          <PriorityBadge priority={r.priority} />
          <RequestTargets request={r} />
        </Group>
        {movable && (
          <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
            <Menu.Target>
              <Button size="compact-xs" variant="default">
                Move to…<VisuallyHidden> #{r.reference}</VisuallyHidden>
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {r.allowedTransitions.map((to) => (
                <Menu.Item key={to} onClick={() => onMove(r, to)}>
                  {statusLabel[to]}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
    </Card>
  );
}
