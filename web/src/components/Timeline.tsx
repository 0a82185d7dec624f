import { Badge, Group, Paper, Stack, Text, Typography } from '@mantine/core';
import {
  type Sentiment,
  sentimentLabels,
  touchpointKindLabels,
} from '../../../common/src/contracts/touchpoints.ts';
import { visibilityBadges } from '../../../common/src/contracts/visibility.ts';
import type { Touchpoint } from '../api/types.ts';
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
        </Paper>
      ))}
    </Stack>
  );
}
