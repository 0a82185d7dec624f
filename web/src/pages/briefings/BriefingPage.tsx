import { Anchor, Card, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { briefingSectionLabels, briefingSections } from '../../../../common/src/labels/briefings.ts';
import { useBriefing } from '../../api/briefings.ts';
import { useSession } from '../../api/hooks.ts';
import { formatDate, formatDateTime } from '../../components/forms.ts';
import { Empty, QueryState } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { BriefingLine } from './BriefingLine.tsx';

const emptyText = {
  new_concern: 'No new concern or complaint this week.',
  at_risk: 'No request you can see is near or past its service level.',
  sentiment_turned: 'No partner’s sentiment has turned.',
  overdue_review: 'No relationship review is overdue.',
} as const;

/** A senior manager's weekly briefing: opening it records it read; each line can be marked acted upon. */
export function BriefingPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const allowed = Boolean(session.data?.abilities.seeSeniorView);
  const briefing = useBriefing(id, allowed);
  const b = briefing.data;
  usePageTitle(b ? `Briefing for the week of ${formatDate(b.weekOf)}` : 'Briefing');
  if (!allowed)
    return (
      <Stack>
        <Title order={2}>Briefing</Title>
        <Text>Briefings are for senior managers and administrators.</Text>
      </Stack>
    );
  return (
    <Stack>
      <Anchor component={Link} to="/briefings" size="sm">
        All my briefings
      </Anchor>
      <QueryState isPending={briefing.isPending} error={briefing.error}>
        {b && (
          <>
            <Title order={2}>Briefing for the week of {formatDate(b.weekOf)}</Title>
            <Text size="sm" c="dimmed">
              Prepared {formatDateTime(b.createdAt)}
              {b.readAt ? `, first read ${formatDateTime(b.readAt)}` : ''}. {b.acted} of {b.items} acted upon.
              Only what you may see is in it.
            </Text>
            {briefingSections.map((section) => {
              const lines = b.lines.filter((l) => l.section === section);
              const headingId = `briefing-${section}`;
              return (
                <Card key={section} withBorder component="section" aria-labelledby={headingId}>
                  <Title order={3} size="h4" id={headingId}>
                    {briefingSectionLabels[section]} ({lines.length})
                  </Title>
                  {lines.length ? (
                    <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: 'none' }}>
                      {lines.map((line) => (
                        <BriefingLine key={line.id} briefingId={b.id} line={line} />
                      ))}
                    </Stack>
                  ) : (
                    <Empty>{emptyText[section]}</Empty>
                  )}
                </Card>
              );
            })}
          </>
        )}
      </QueryState>
    </Stack>
  );
}
