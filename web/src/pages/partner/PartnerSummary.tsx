import { Anchor, Card, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { usePartnerHealth } from '../../api/health.ts';
import { useRequests } from '../../api/requests.ts';
import type { Overview } from '../../api/types.ts';
import { formatDate } from '../../components/forms.ts';

/** As many open requests as the strip counts exactly; past this it says "100 or more". */
const COUNTED = 100;
const DAY = 86_400_000;

/** "today", "3 days ago", "in 2 days": how far a date is from now, in whole days. */
export function daysFromNow(iso: string, now = Date.now()): string {
  const days = Math.round((Date.parse(iso) - now) / DAY);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/** A score in words, so the strip does not rely on the badge's colour. */
export const healthInWords = (score: number) =>
  score >= 70 ? 'good' : score >= 40 ? 'needs attention' : 'at risk';

function Fact({ label, value, detail }: { label: string; value: ReactNode; detail?: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" fw={600} c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0} fw={600} style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
      {detail && (
        <Text component="dd" m={0} size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {detail}
        </Text>
      )}
    </div>
  );
}

/** Who manages the partner for which unit: the first named, and how many more. */
function managersOf(relationships: Overview['relationships']) {
  const named = relationships.filter((r) => r.managerName);
  if (named.length === 0) return { value: relationships.length ? 'No manager named' : 'No relationship yet' };
  const [first, ...rest] = named;
  return {
    value: first!.managerName,
    detail: rest.length ? `${first!.unitName}, and ${rest.length} more` : first!.unitName,
  };
}

/** The earliest contact a cadence asks for, among the relationships that have one. */
function nextContactOf(relationships: Overview['relationships']) {
  const due = relationships
    .filter((r) => r.nextContactDue)
    .sort((a, b) => a.nextContactDue!.localeCompare(b.nextContactDue!))[0];
  if (!due) return { value: 'No cadence set' };
  const when = formatDate(due.nextContactDue);
  const late = Date.parse(due.nextContactDue!) < Date.now();
  return {
    value: late ? `Overdue since ${when}` : `Due ${when}`,
    detail: `${due.unitName}, ${daysFromNow(due.nextContactDue!)}`,
  };
}

/**
 * The partner at a glance, above the tabs: its manager, health, open requests and concerns, and
 * the last and next touch point, each in words as well as numbers.
 */
export function PartnerSummary({
  overview,
  tabPath,
}: {
  overview: Overview;
  tabPath: (tab: string) => string;
}) {
  const partnerId = overview.partner.id;
  const health = usePartnerHealth(partnerId);
  const open = useRequests({ partnerId, open: true, limit: COUNTED });
  const score = health.data?.health?.score ?? null;
  const openItems = open.data?.items ?? [];
  const more = Boolean(open.data?.nextCursor);
  const concerns = openItems.filter((r) => r.kind === 'concern').length;
  const requests = openItems.length - concerns;
  // The timeline is newest first, and a planned meeting may lie ahead: the last is the latest one already past.
  const last = overview.timeline.items.find((t) => Date.parse(t.occurredAt) <= Date.now());
  const managers = managersOf(overview.relationships);
  const next = nextContactOf(overview.relationships);
  return (
    <Card withBorder component="section" aria-label="Summary" p="sm">
      <SimpleGrid component="dl" cols={{ base: 2, md: 5 }} spacing="md" verticalSpacing="sm" m={0}>
        <Fact label="Relationship manager" value={managers.value} detail={managers.detail} />
        <Fact
          label="Health"
          value={health.isPending ? 'Loading…' : score === null ? 'No data yet' : `${score} of 100`}
          detail={score === null ? undefined : healthInWords(score)}
        />
        <Fact
          label="Open requests and concerns"
          value={
            open.isPending ? (
              'Loading…'
            ) : (
              <Anchor component={Link} to={tabPath('requests')} inherit>
                {more
                  ? `${COUNTED} or more open`
                  : `${requests} ${requests === 1 ? 'request' : 'requests'}, ${concerns} ${concerns === 1 ? 'concern' : 'concerns'}`}
              </Anchor>
            )
          }
          detail={
            openItems.some((r) => r.escalationLevel)
              ? `${openItems.filter((r) => r.escalationLevel).length} escalated`
              : undefined
          }
        />
        <Fact
          label="Last touch point"
          value={last ? formatDate(last.occurredAt) : 'None yet'}
          detail={last ? `${daysFromNow(last.occurredAt)}, ${last.unitName}` : undefined}
        />
        <Fact label="Next contact" value={next.value} detail={next.detail} />
      </SimpleGrid>
    </Card>
  );
}
