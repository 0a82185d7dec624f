import { Anchor, Badge, Button, Group, Modal, Paper, Stack, Text, Typography } from '@mantine/core';
import { type ReactNode, startTransition, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import {
  type Sentiment,
  sentimentLabels,
  touchpointKindLabels,
} from '../../../common/src/labels/touchpoints.ts';
import { visibilityBadges } from '../../../common/src/labels/visibility.ts';
import { api } from '../api/client.ts';
import { useWrite } from '../api/hooks.ts';
import type { Touchpoint } from '../api/types.ts';
import { LogTouchpointModal } from './dialogs.tsx';
import { formatDateTime, saved, showServerErrors } from './forms.ts';
import { KindIcon, touchpointKindIcons } from './kindIcons.tsx';
import { lazySection, OnceOpened } from './lazy.tsx';
import { Empty } from './States.tsx';

// Both are opened on demand (a touch point's files, its history): their code loads then.
const AttachmentsPanel = lazySection(async () => (await import('./AttachmentsPanel.tsx')).AttachmentsPanel);
const HistoryPanel = lazySection(async () => (await import('./HistoryPanel.tsx')).HistoryPanel);

// The notes' renderer (marked and DOMPurify) loads when the first notes come near the screen, not
// with the page: Home's recent touch points are below its first screen, so its first load has none.
let renderNotes: ((markdown: string) => string) | undefined;
let loadingRenderer: Promise<void> | undefined;
const loadRenderer = () => {
  loadingRenderer ??= import('./notes-html.ts').then((m) => {
    renderNotes = m.renderNotes;
  });
  return loadingRenderer;
};

/**
 * Notes are markdown written by staff: rendered, then sanitised before they reach the page. Until
 * the renderer has arrived (or if it cannot), they read as the text they are, which React escapes.
 * The renderer is asked for when the notes are within a screen's height of being seen, so they are
 * drawn as markdown before anyone scrolls to them.
 */
function Notes({ text }: { text: string }) {
  const [, setLoaded] = useState(renderNotes !== undefined);
  const plain = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = plain.current;
    if (renderNotes || !element) return;
    let current = true;
    const seen = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        seen.disconnect();
        // In a transition: every note on the page redraws when the renderer arrives, in slices.
        loadRenderer().then(
          () => current && startTransition(() => setLoaded(true)),
          () => {},
        );
      },
      { rootMargin: '100% 0px' },
    );
    seen.observe(element);
    return () => {
      current = false;
      seen.disconnect();
    };
  }, []);
  if (!renderNotes)
    return (
      <Typography fz="sm" ref={plain}>
        <p style={{ whiteSpace: 'pre-line' }}>{text}</p>
      </Typography>
    );
  const html = renderNotes(text);
  return (
    <Typography fz="sm">
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by renderNotes (DOMPurify) just above */}
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}

/** A touch point's files, opened on demand (a timeline of fifty would otherwise ask fifty times). */
function TouchpointFiles({ touchpoint, children }: { touchpoint: Touchpoint; children?: ReactNode }) {
  const [open, setOpen] = useState(false);
  const panelId = `touchpoint-files-${touchpoint.id}`;
  return (
    <>
      <Group gap={4} mt={6}>
        <Button
          size="compact-xs"
          variant="default"
          aria-expanded={open}
          aria-controls={panelId}
          // The visible words begin the name, so speech and the screen agree (WCAG 2.5.3).
          aria-label={`${open ? 'Hide files' : 'Files'} of ${touchpoint.subject}`}
          onClick={() => setOpen((was) => !was)}
        >
          {open ? 'Hide files' : 'Files'}
        </Button>
        {children}
      </Group>
      <div id={panelId}>
        {open && (
          <Paper bg="var(--mantine-color-gray-0)" p="xs" mt={4}>
            <AttachmentsPanel
              kind="touchpoints"
              id={touchpoint.id}
              recordName="this touch point"
              headingOrder={4}
            />
          </Paper>
        )}
      </div>
    </>
  );
}

/** Asks before a touch point is deleted: it is on every partner's timeline it concerns. */
function DeleteDialog({ touchpoint, onClose }: { touchpoint: Touchpoint | null; onClose: () => void }) {
  const remove = useWrite('touchpoint', (t: Touchpoint) =>
    api('DELETE', `/touchpoints/${t.id}`, undefined, { version: t.version }),
  );
  const partners = touchpoint?.partners.length ?? 1;
  const where =
    partners === 1
      ? 'the timeline'
      : partners === 2
        ? "both partners' timelines"
        : `all ${partners} partners' timelines`;
  return (
    <Modal opened={touchpoint !== null} onClose={onClose} title="Delete the touch point?">
      <Stack>
        <Text>
          “{touchpoint?.subject}” is removed from {where} and the counts. Its history is kept.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep it
          </Button>
          <Button
            color="red.9"
            loading={remove.isPending}
            onClick={() =>
              touchpoint &&
              remove.mutate(touchpoint, {
                onSuccess: () => {
                  saved('Touch point deleted');
                  onClose();
                },
                onError: (e) => showServerErrors(e, () => {}),
              })
            }
          >
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

type Props = {
  items: Touchpoint[];
  /** The partner whose timeline this is: the other partners of a joint touch point are named. */
  partnerId?: string;
  /** Shown when there is nothing (a filtered timeline says so). */
  empty?: string;
};

/** Touch points, newest first; the author and administrators may correct or delete each. */
export function Timeline({ items, partnerId, empty = 'No touch points yet.' }: Props) {
  const [editing, setEditing] = useState<Touchpoint | null>(null);
  const [deleting, setDeleting] = useState<Touchpoint | null>(null);
  const [historyOf, setHistoryOf] = useState<Touchpoint | null>(null);
  if (items.length === 0) return <Empty>{empty}</Empty>;
  return (
    <>
      <Stack
        gap="xs"
        component="ol"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        aria-label="Timeline"
      >
        {items.map((t) => {
          const also = t.partners.filter((p) => p.id !== partnerId);
          return (
            <Paper key={t.id} withBorder p="sm" component="li">
              <Group justify="space-between" wrap="wrap" align="flex-start" gap="xs">
                <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0, flex: '1 1 16rem' }}>
                  <KindIcon icon={touchpointKindIcons[t.kind]} />
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <Text fw={600}>{t.subject}</Text>
                    <Text size="sm" c="dimmed">
                      {touchpointKindLabels[t.kind]} · {t.unitName} · {t.authorName}
                      {t.staff.length > 1 &&
                        ` · with ${t.staff
                          .filter((s) => s.id !== t.authorId)
                          .map((s) => s.name)
                          .join(', ')}`}
                      {t.contacts.length > 0 && ` · ${t.contacts.map((c) => c.name).join(', ')}`}
                    </Text>
                    {also.length > 0 && (
                      <Text size="sm">
                        {partnerId ? 'Also with ' : 'With '}
                        {also.map((p, i) => (
                          <span key={p.id}>
                            {i > 0 && ', '}
                            <Anchor component={Link} to={`/partners/${p.id}`}>
                              {p.name}
                            </Anchor>
                          </span>
                        ))}
                      </Text>
                    )}
                  </div>
                </Group>
                <Group gap={4} wrap="wrap">
                  {t.visibility !== 'institution' && (
                    <Badge color={t.visibility === 'confidential' ? 'red.9' : 'gray.7'}>
                      {visibilityBadges[t.visibility]}
                    </Badge>
                  )}
                  {t.sentiment !== null && (
                    <Badge color={t.sentiment > 0 ? 'success' : t.sentiment < 0 ? 'red.9' : 'gray.7'}>
                      {sentimentLabels[t.sentiment as Sentiment]}
                    </Badge>
                  )}
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={t.occurredAt}>{formatDateTime(t.occurredAt)}</time>
                  </Text>
                </Group>
              </Group>
              {t.notes && <Notes text={t.notes} />}
              <TouchpointFiles touchpoint={t}>
                <Button
                  size="compact-xs"
                  variant="default"
                  onClick={() => setHistoryOf(t)}
                  aria-label={`History of ${t.subject}`}
                >
                  History
                </Button>
              </TouchpointFiles>
              {(t.can.update || t.can.delete) && (
                <Group gap={4} mt={4}>
                  {t.can.update && (
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      onClick={() => setEditing(t)}
                      aria-label={`Correct “${t.subject}”`}
                    >
                      Correct
                    </Button>
                  )}
                  {t.can.delete && (
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      onClick={() => setDeleting(t)}
                      aria-label={`Delete “${t.subject}”`}
                    >
                      Delete
                    </Button>
                  )}
                </Group>
              )}
            </Paper>
          );
        })}
      </Stack>
      <LogTouchpointModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        touchpoint={editing ?? undefined}
      />
      <OnceOpened opened={deleting !== null}>
        <DeleteDialog touchpoint={deleting} onClose={() => setDeleting(null)} />
      </OnceOpened>
      <OnceOpened opened={historyOf !== null}>
        <Modal
          opened={historyOf !== null}
          onClose={() => setHistoryOf(null)}
          title={`History of “${historyOf?.subject ?? ''}”`}
        >
          {historyOf && <HistoryPanel entity="touchpoint" id={historyOf.id} bare />}
        </Modal>
      </OnceOpened>
    </>
  );
}
