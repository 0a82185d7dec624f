import { Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { usePartnerHealth, useRelationshipHealth } from '../../api/health.ts';
import { lazySection, OnceOpened } from '../lazy.tsx';
import { Empty, QueryState } from '../States.tsx';
import { HealthBadge, HealthParts } from './HealthParts.tsx';
import { Sparkline } from './Sparkline.tsx';

// A relationship's six-month chart and its table are in the dialog: their code loads when it opens.
const HealthChart = lazySection(async () => (await import('./HealthChart.tsx')).HealthChart);

/** The partner page's health: the partner's score with its parts and trend, and each relationship's, to open. */
export function PartnerHealthCard({ partnerId }: { partnerId: string }) {
  const health = usePartnerHealth(partnerId);
  const [open, setOpen] = useState<{ id: string; unitName: string } | null>(null);
  const h = health.data;
  return (
    <Card withBorder component="section" aria-labelledby="partner-health">
      <Title order={3} size="h4" mb="sm" id="partner-health">
        Health
      </Title>
      <QueryState isPending={health.isPending} error={health.error}>
        {h?.relationships.length ? (
          <Stack>
            <Group justify="space-between" wrap="wrap">
              <HealthBadge score={h.health?.score} />
              <Sparkline points={h.trend} label="Partner health over 90 days" />
            </Group>
            {h.health ? (
              <HealthParts health={h.health} />
            ) : (
              <Text size="sm">
                No part has data yet: the score is kept from the next change or the nightly run.
              </Text>
            )}
            <Title order={4} size="h5">
              By relationship
            </Title>
            {h.relationships.map((r) => (
              <Group key={r.relationshipId} justify="space-between" wrap="wrap" gap="xs">
                <Text size="sm">{r.unitName}</Text>
                <Group gap="xs" wrap="nowrap">
                  <HealthBadge score={r.health?.score} />
                  <Sparkline points={r.trend} label={`Health of the ${r.unitName} relationship`} width={80} />
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={() => setOpen({ id: r.relationshipId, unitName: r.unitName })}
                    aria-label={`Details of the ${r.unitName} relationship's health`}
                  >
                    Details
                  </Button>
                </Group>
              </Group>
            ))}
          </Stack>
        ) : (
          <Empty>No relationship with this partner to measure yet.</Empty>
        )}
      </QueryState>
      <OnceOpened opened={open !== null}>
        <RelationshipHealthModal relationship={open} onClose={() => setOpen(null)} />
      </OnceOpened>
    </Card>
  );
}

/** A relationship's health: its chart over six months and its parts with the data behind them. */
export function RelationshipHealthModal({
  relationship,
  onClose,
}: {
  relationship: { id: string; unitName: string } | null;
  onClose: () => void;
}) {
  const health = useRelationshipHealth(relationship?.id ?? null);
  const title = `Health of the ${relationship?.unitName ?? ''} relationship`;
  return (
    <Modal opened={relationship !== null} onClose={onClose} title={title} size="lg">
      <QueryState isPending={health.isPending} error={health.error}>
        {health.data && (
          <Stack>
            <HealthBadge score={health.data.health?.score} />
            <HealthChart points={health.data.trend} title={title} />
            {health.data.health ? (
              <HealthParts health={health.data.health} />
            ) : (
              <Text size="sm">Not scored yet.</Text>
            )}
          </Stack>
        )}
      </QueryState>
    </Modal>
  );
}
