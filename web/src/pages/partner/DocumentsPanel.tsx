import { Accordion, Card, Title } from '@mantine/core';
import { useState } from 'react';
import { AttachmentsPanel } from '../../components/AttachmentsPanel.tsx';
import { Empty } from '../../components/States.tsx';
import type { PartnerPanelProps } from './panel.ts';

/** The files kept on each of the partner's relationships, one relationship open at a time. */
export function DocumentsPanel({ overview }: PartnerPanelProps) {
  const { relationships } = overview;
  const [open, setOpen] = useState<string | null>(relationships[0]?.id ?? null);
  return (
    <Card withBorder component="section" aria-labelledby="partner-documents">
      <Title order={3} size="h4" mb="sm" id="partner-documents">
        Files by relationship
      </Title>
      {relationships.length ? (
        <Accordion value={open} onChange={setOpen} variant="separated">
          {relationships.map((r) => (
            <Accordion.Item key={r.id} value={r.id}>
              <Accordion.Control>{r.unitName}</Accordion.Control>
              <Accordion.Panel>
                {open === r.id && (
                  <AttachmentsPanel
                    kind="relationships"
                    id={r.id}
                    recordName={`the ${r.unitName} relationship`}
                    headingOrder={4}
                  />
                )}
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      ) : (
        <Empty>No relationship to keep files on yet.</Empty>
      )}
    </Card>
  );
}
