import { Accordion, Card, Title } from '@mantine/core';
import { useState } from 'react';
import { PlaybookPanel } from '../../components/PlaybookPanel.tsx';

/** The partner page's getting-to-know-you playbooks: one panel per relationship, the first open. */
export function RelationshipPlaybooks({
  partnerId,
  relationships,
}: {
  partnerId: string;
  relationships: { id: string; unitName: string }[];
}) {
  const [open, setOpen] = useState<string | null>(relationships[0]?.id ?? null);
  return (
    <Card withBorder component="section" aria-labelledby="playbooks">
      <Title order={3} size="h4" mb="sm" id="playbooks">
        Getting to know each other
      </Title>
      <Accordion value={open} onChange={setOpen} variant="separated">
        {relationships.map((r) => (
          <Accordion.Item key={r.id} value={r.id}>
            <Accordion.Control>{r.unitName}</Accordion.Control>
            <Accordion.Panel>
              {open === r.id && <PlaybookPanel relationshipId={r.id} partnerId={partnerId} />}
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Card>
  );
}
