import { PlaybookPanel } from '../../components/PlaybookPanel.tsx';
import { PerRelationship, type RelationshipHeading } from './PerRelationship.tsx';

/** The partner page's getting-to-know-you playbooks: one panel per relationship, the first open. */
export const RelationshipPlaybooks = ({
  partnerId,
  relationships,
}: {
  partnerId: string;
  relationships: RelationshipHeading[];
}) => (
  <PerRelationship id="playbooks" title="Getting to know each other" relationships={relationships}>
    {(r) => <PlaybookPanel relationshipId={r.id} partnerId={partnerId} />}
  </PerRelationship>
);
