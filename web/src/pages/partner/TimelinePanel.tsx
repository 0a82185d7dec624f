import { Button, Card, Loader, Stack, Title } from '@mantine/core';
import { partnerTimelineList } from '../../../../common/src/lists/touchpoints.ts';
import { usePartnerTimeline, useSession, useUnits } from '../../api/hooks.ts';
import { ListFilterBar } from '../../components/ListFilterBar.tsx';
import { QueryState } from '../../components/States.tsx';
import { Timeline } from '../../components/Timeline.tsx';
import { useListParams } from '../../components/useListParams.ts';
import type { PartnerPanelProps } from './panel.ts';

/** Every touch point with the partner across units, newest first, filtered by what the address says. */
export function TimelinePanel({ overview }: PartnerPanelProps) {
  const session = useSession();
  const units = useUnits();
  // The timeline's filters live in the address, so a reload or a shared link shows the same entries.
  const filters = useListParams(partnerTimelineList);
  const partnerId = overview.partner.id;
  const timeline = usePartnerTimeline(partnerId, filters.queryString, overview.timeline);
  const entries = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="partner-timeline">
      <Title order={3} size="h4" mb="sm" id="partner-timeline">
        Timeline across units
      </Title>
      <ListFilterBar
        meta={partnerTimelineList}
        values={filters.values}
        onChange={filters.set}
        choices={{
          units: (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })),
          users: session.data ? [{ value: session.data.user.id, label: 'Me' }] : [],
        }}
      />
      <Stack mt="sm">
        <QueryState isPending={timeline.isPending} error={timeline.error}>
          <Timeline
            items={entries}
            partnerId={partnerId}
            empty={filters.queryString ? 'No touch point matches these filters.' : undefined}
          />
        </QueryState>
        {timeline.isFetching && !timeline.isFetchingNextPage && !timeline.isPending && (
          <Loader size="sm" role="status" aria-label="Refreshing the timeline" />
        )}
        {timeline.hasNextPage && (
          <Button
            variant="default"
            onClick={() => timeline.fetchNextPage()}
            loading={timeline.isFetchingNextPage}
            aria-describedby="partner-timeline"
          >
            Show more
          </Button>
        )}
      </Stack>
    </Card>
  );
}
