import { Badge, Button, Group, Paper, Stack, Text, Typography } from '@mantine/core';
import { useState } from 'react';
import {
  type Sentiment,
  sentimentLabels,
  touchpointKindLabels,
} from '../../../common/src/contracts/touchpoints.ts';
import { visibilityBadges } from '../../../common/src/contracts/visibility.ts';
import type { Touchpoint } from '../api/types.ts';
import { AttachmentsPanel } from './AttachmentsPanel.tsx';
import { formatDateTime } from './forms.ts';
import { renderNotes } from './notes-html.ts';
import { Empty } from './States.tsx';

/** Notes are markdown written by staff: rendered, then sanitised before they reach the page. */
function Notes({ text }: { text: string }) {
  const html = renderNotes(text);
  return (
    <Typography fz="sm">
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by renderNotes (DOMPurify) just above */}
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}

/** A touch point's files, opened on demand (a timeline of fifty would otherwise ask fifty times). */
function TouchpointFiles({ touchpoint }: { touchpoint: Touchpoint }) {
  const [open, setOpen] = useState(false);
  const panelId = `touchpoint-files-${touchpoint.id}`;
  return (
    <>
      <Button
        size="compact-xs"
        variant="default"
        mt={6}
        aria-expanded={open}
        aria-controls={panelId}
        // The visible words begin the name, so speech and the screen agree (WCAG 2.5.3).
        aria-label={`${open ? 'Hide files' : 'Files'} of ${touchpoint.subject}`}
        onClick={() => setOpen((was) => !was)}
      >
        {open ? 'Hide files' : 'Files'}
      </Button>
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

export function Timeline({ items }: { items: Touchpoint[] }) {
  if (items.length === 0) return <Empty>No touch points yet.</Empty>;
  return (
    <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Timeline">
      {items.map((t) => (
        <Paper key={t.id} withBorder p="sm" component="li">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <div>
              <Text fw={600}>{t.subject}</Text>
              <Text size="sm" c="dimmed">
                {touchpointKindLabels[t.kind]} · {t.unitName} · {t.authorName}
                {t.contacts.length > 0 && ` · with ${t.contacts.map((c) => c.name).join(', ')}`}
              </Text>
            </div>
            <Group gap={4} wrap="nowrap">
              {t.visibility !== 'institution' && (
                <Badge color={t.visibility === 'confidential' ? 'red.9' : 'gray.7'}>
                  {visibilityBadges[t.visibility]}
                </Badge>
              )}
              {t.sentiment !== null && (
                <Badge color={t.sentiment > 0 ? '#216e39' : t.sentiment < 0 ? 'red.9' : 'gray.7'}>
                  {sentimentLabels[t.sentiment as Sentiment]}
                </Badge>
              )}
              <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                <time dateTime={t.occurredAt}>{formatDateTime(t.occurredAt)}</time>
              </Text>
            </Group>
          </Group>
          {t.notes && <Notes text={t.notes} />}
          <TouchpointFiles touchpoint={t} />
        </Paper>
      ))}
    </Stack>
  );
}
