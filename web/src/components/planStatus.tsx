import { Badge } from '@mantine/core';
import type { RelationshipPlan } from '../api/communication-plans.ts';

// How a plan item stands, in words: shared by a relationship's plan (CommunicationPlanPanel, with
// its forms) and the tables of items due (PlanDueTable on Home), which need none of the forms.

type Status = RelationshipPlan['items'][number]['status'];

/** "On track" or "Overdue": worked out from the touch points logged, never ticked by hand. */
export function PlanStatusBadge({ status }: { status: Status }) {
  return status.overdue ? (
    <Badge color="red.9" autoContrast>
      Overdue
    </Badge>
  ) : (
    <Badge color="#216e39" autoContrast>
      On track
    </Badge>
  );
}

export const adherenceInWords = (a: Status['adherence']) =>
  a.percent === null ? 'Not a full period yet' : `${a.percent}% (${a.met} of ${a.periods})`;

export const frequencyInWords = (days: number) =>
  days === 7
    ? 'Weekly'
    : days === 14
      ? 'Fortnightly'
      : days === 30
        ? 'Monthly'
        : days === 91
          ? 'Termly'
          : `Every ${days} days`;
