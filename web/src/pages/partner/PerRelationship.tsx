import { Accordion, Card, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';

export type RelationshipHeading = { id: string; unitName: string };

/**
 * A partner-page section with one panel per relationship, the first open. A panel's content is
 * drawn only while it is open, so a closed one asks the server for nothing.
 */
export function PerRelationship<R extends RelationshipHeading>({
  id,
  title,
  relationships,
  empty,
  children,
}: {
  id: string;
  title: string;
  relationships: R[];
  /** Shown in place of the panels when there is no relationship. */
  empty?: ReactNode;
  children: (relationship: R) => ReactNode;
}) {
  const [open, setOpen] = useState<string | null>(relationships[0]?.id ?? null);
  return (
    <Card withBorder component="section" aria-labelledby={id}>
      <Title order={3} size="h4" mb="sm" id={id}>
        {title}
      </Title>
      {relationships.length === 0 && empty ? (
        empty
      ) : (
        <Accordion value={open} onChange={setOpen} variant="separated">
          {relationships.map((r) => (
            <Accordion.Item key={r.id} value={r.id}>
              <Accordion.Control>{r.unitName}</Accordion.Control>
              <Accordion.Panel>{open === r.id && children(r)}</Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Card>
  );
}
