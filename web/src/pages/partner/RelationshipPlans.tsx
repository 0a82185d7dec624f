import { CommunicationPlanPanel } from '../../components/CommunicationPlanPanel.tsx';
import { PerRelationship, type RelationshipHeading } from './PerRelationship.tsx';

/** The partner page's communication plans: one panel per relationship, the first open. */
export const RelationshipPlans = ({
  partnerId,
  relationships,
}: {
  partnerId: string;
  relationships: RelationshipHeading[];
}) => (
  <PerRelationship
    id="communication-plans"
    title="Communication plans and peer pairs"
    relationships={relationships}
  >
    {(r) => <CommunicationPlanPanel relationshipId={r.id} partnerId={partnerId} unitName={r.unitName} />}
  </PerRelationship>
);
