import { Anchor, Card, Group, Title } from '@mantine/core';
import { Link } from 'react-router';
import { Timeline } from '../../components/Timeline.tsx';
import type { PartnerPanelProps } from './panel.ts';

/** How many of the newest touch points the overview shows; the Timeline tab has them all. */
const LATEST = 5;

/** The newest few touch points across units, for a glance before a call. */
export function LatestTouchpointsPanel({ overview }: PartnerPanelProps) {
  const partnerId = overview.partner.id;
  return (
    <Card withBorder component="section" aria-labelledby="partner-latest">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id="partner-latest">
          Latest touch points
        </Title>
        <Anchor component={Link} to={`/partners/${partnerId}/timeline`} size="sm">
          The whole timeline
        </Anchor>
      </Group>
      <Timeline items={overview.timeline.items.slice(0, LATEST)} partnerId={partnerId} />
    </Card>
  );
}
