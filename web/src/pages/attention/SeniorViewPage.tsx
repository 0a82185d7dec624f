import { Anchor, Card, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { disputeStageLabels } from '../../../../common/src/labels/disputes.ts';
import { useSession } from '../../api/hooks.ts';
import { useSeniorView } from '../../api/requests.ts';
import type { SeniorView } from '../../api/types.ts';
import { formatDate } from '../../components/forms.ts';
import { RequestTable } from '../../components/RequestTable.tsx';
import { levelLabel } from '../../components/requestLabels.tsx';
import { OverdueReviewsTable } from '../../components/reviews/OverdueReviewsTable.tsx';
import { Empty, QueryState } from '../../components/States.tsx';
import { TableBox } from '../../components/TableBox.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { InformedBefore } from './InformedBefore.tsx';

function Section({
  title,
  count,
  empty,
  children,
}: {
  title: string;
  count: number;
  empty: string;
  children: ReactNode;
}) {
  const id = `section-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <Card withBorder component="section" aria-labelledby={id}>
      <Title order={3} size="h4" mb="xs" id={id}>
        {title} ({count})
      </Title>
      {count ? children : <Empty>{empty}</Empty>}
    </Card>
  );
}

type RelationshipRow = SeniorView['atRisk']['relationships'][number];

function RelationshipTable({ rows, showEscalation }: { rows: RelationshipRow[]; showEscalation: boolean }) {
  return (
    <TableBox minWidth={600} label="Relationships">
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Partner</Table.Th>
            <Table.Th>Unit</Table.Th>
            <Table.Th>Manager</Table.Th>
            {showEscalation ? <Table.Th>Escalation</Table.Th> : <Table.Th>Last contact (cadence)</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.relationshipId}>
              <Table.Td>
                <Anchor component={Link} to={`/partners/${r.partnerId}`}>
                  {r.partnerName}
                </Anchor>
              </Table.Td>
              <Table.Td>{r.unitName}</Table.Td>
              <Table.Td>{r.managerName ?? 'Nobody'}</Table.Td>
              {showEscalation ? (
                <Table.Td>
                  <Text size="sm">
                    {levelLabel(r.escalation?.level ?? null)}, {formatDate(r.escalation?.raisedAt)} by{' '}
                    {r.escalation?.raisedByName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {r.escalation?.briefing}
                  </Text>
                </Table.Td>
              ) : (
                <Table.Td>
                  {r.lastContactAt ? formatDate(r.lastContactAt) : 'Never'} (every {r.cadenceDays} days)
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableBox>
  );
}

/** For senior managers: everything escalated, and everything at risk, before anyone asks. */
export function SeniorViewPage() {
  const session = useSession();
  usePageTitle('Senior view');
  const allowed = Boolean(session.data?.abilities.seeSeniorView);
  const view = useSeniorView(allowed);
  const v = view.data;
  if (!allowed)
    return (
      <Stack>
        <Title order={2}>Senior view</Title>
        <Text>The senior view is for senior managers and administrators.</Text>
      </Stack>
    );
  return (
    <Stack>
      <Title order={2}>Senior view</Title>
      <Text size="sm" c="dimmed">
        Escalations, and what is at risk by the rules below. You see only what you are allowed to see.
      </Text>
      <InformedBefore />
      <QueryState isPending={view.isPending} error={view.error}>
        {v && (
          <>
            <Section
              title="Escalated requests"
              empty="No request is escalated."
              count={v.escalated.requests.length}
            >
              <RequestTable requests={v.escalated.requests} />
            </Section>
            <Section
              title="Escalated relationships"
              empty="No relationship is escalated."
              count={v.escalated.relationships.length}
            >
              <RelationshipTable rows={v.escalated.relationships} showEscalation />
            </Section>
            <Section
              title="Requests at risk"
              empty="No open request is near or past its target."
              count={v.atRisk.requests.length}
            >
              <RequestTable requests={v.atRisk.requests} />
            </Section>
            <Section
              title="Long-overdue relationships"
              empty="Every relationship has been in touch within its cadence."
              count={v.atRisk.relationships.length}
            >
              <RelationshipTable rows={v.atRisk.relationships} showEscalation={false} />
            </Section>
            <Section
              title="Partners with negative sentiment"
              empty="No partner’s recent touch points are negative."
              count={v.atRisk.partners.length}
            >
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Partner</Table.Th>
                    <Table.Th>Recent average (−2 to 2)</Table.Th>
                    <Table.Th>Touch points</Table.Th>
                    <Table.Th>Previous average</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {v.atRisk.partners.map((p) => (
                    <Table.Tr key={p.partnerId}>
                      <Table.Td>
                        <Anchor component={Link} to={`/partners/${p.partnerId}`}>
                          {p.partnerName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{p.averageSentiment}</Table.Td>
                      <Table.Td>{p.touchpoints}</Table.Td>
                      <Table.Td>{p.previousAverage ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Section>
            <Section
              title="Long-running disputes"
              empty="No dispute has been open that long."
              count={v.atRisk.disputes.length}
            >
              <RequestTable requests={v.atRisk.disputes} />
            </Section>
            <Section
              title="Overdue reviews"
              empty="Every relationship review is held on time."
              count={v.atRisk.reviews.length}
            >
              <OverdueReviewsTable reviews={v.atRisk.reviews} showManager />
            </Section>
            <Section
              title="Dispute stages past their timescale"
              empty="Every open dispute is within its stage's timescale."
              count={v.atRisk.disputeStages.length}
            >
              <TableBox minWidth={520} label="Dispute stages past their timescale">
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Dispute</Table.Th>
                      <Table.Th>Partner</Table.Th>
                      <Table.Th>Stage</Table.Th>
                      <Table.Th>Due</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {v.atRisk.disputeStages.map((d) => (
                      <Table.Tr key={d.requestId}>
                        <Table.Td>
                          <Anchor component={Link} to={`/requests/${d.requestId}`}>
                            #{d.reference} {d.title}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{d.partner.name}</Table.Td>
                        <Table.Td>{disputeStageLabels[d.stage]}</Table.Td>
                        <Table.Td>{formatDate(d.stageDueOn)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </TableBox>
            </Section>
            <Text size="xs" c="dimmed">
              Rules: a request is at risk when a target is breached or{' '}
              {Math.round(v.rules.approachingFraction * 100)}% of its working time has gone; a relationship is
              long overdue after {v.rules.cadenceOverdueFactor}× its contact cadence; a partner is flagged
              when its last {v.rules.sentimentWindowDays} days' touch points (at least{' '}
              {v.rules.sentimentMinTouchpoints}) average {v.rules.sentimentThreshold} or lower; a dispute is
              long-running after {v.rules.disputeOpenDays} days.
            </Text>
          </>
        )}
      </QueryState>
    </Stack>
  );
}
