import { AttachmentsPanel } from '../../components/AttachmentsPanel.tsx';
import { Empty } from '../../components/States.tsx';
import { PerRelationship } from './PerRelationship.tsx';
import type { PartnerPanelProps } from './panel.ts';

/** The files kept on each of the partner's relationships, one relationship open at a time. */
export const DocumentsPanel = ({ overview }: PartnerPanelProps) => (
  <PerRelationship
    id="partner-documents"
    title="Files by relationship"
    relationships={overview.relationships}
    empty={<Empty>No relationship to keep files on yet.</Empty>}
  >
    {(r) => (
      <AttachmentsPanel
        kind="relationships"
        id={r.id}
        recordName={`the ${r.unitName} relationship`}
        headingOrder={4}
      />
    )}
  </PerRelationship>
);
