import { Accordion, Card, Title } from '@mantine/core';
import { useState } from 'react';
import { CommunicationPlanPanel } from '../../components/CommunicationPlanPanel.tsx';

/** The partner page's communication plans: one panel per relationship, the first open. */
export function RelationshipPlans({
  partnerId,
  relationships,
}: {
  partnerId: string;
  relationships: { id: string; unitName: string }[];
}) {
  const [open, setOpen] = useState<string | null>(relationships[0]?.id ?? null);
  return (
    <Card withBorder component="section" aria-labelledby="communication-plans">
      <Title order={3} size="h4" mb="sm" id="communication-plans">
        Communication plans and peer pairs
      </Title>
      <Accordion value={open} onChange={setOpen} variant="separated">
        {relationships.map((r) => (
          <Accordion.Item key={r.id} value={r.id}>
            <Accordion.Control>{r.unitName}</Accordion.Control>
            <Accordion.Panel>
              {open === r.id && (
                <CommunicationPlanPanel relationshipId={r.id} partnerId={partnerId} unitName={r.unitName} />
              )}
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Card>
  );
}
